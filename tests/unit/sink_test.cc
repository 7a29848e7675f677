#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "json/parse.h"
#include "sink/jsonl_sink.h"
#include "sink/sink_runner.h"
#include "sink/webhook_sink.h"
#include "store/store.h"
#include "test_support.h"

namespace {

using namespace std::chrono_literals;

// A sink that is "offline" (fails every delivery) until switched on, and records what it got.
class RecordingSink final : public bw::sink::Sink {
 public:
  explicit RecordingSink(std::atomic<bool>& online, std::vector<uint64_t>& got, std::mutex& mu)
      : online_(online), got_(got), mu_(mu) {}
  bw::Status deliver(const bw::store::StoredAlert& a, const bw::json::Value&) override {
    if (!online_) return bw::Error{"consumer offline"};
    std::lock_guard lock(mu_);
    got_.push_back(a.seq);
    return bw::ok_status();
  }

 private:
  std::atomic<bool>& online_;
  std::vector<uint64_t>& got_;
  std::mutex& mu_;
};

void commit_alerts(bw::store::Store& store, size_t n, const std::string& extra = "") {
  bw::store::CommitBatch batch;
  uint64_t seq = store.next_alert_seq();
  for (size_t i = 0; i < n; ++i, ++seq) {
    batch.alerts.push_back({seq, "{\"seq\":" + std::to_string(seq) + ",\"id\":\"alert/" +
                                     std::to_string(seq) + "\"" + extra + "}"});
  }
  REQUIRE(store.commit(batch).ok());
}

bw::config::SinkConfig fast_retry(const std::string& name) {
  bw::config::SinkConfig c;
  c.name = name;
  c.type = "test";
  c.retry_initial_ms = 5;
  c.retry_max_ms = 20;
  return c;
}

}  // namespace

TEST_CASE("sink runner: 10,000 alerts raised while the consumer is offline arrive once, in order") {
  bw::test::TempDir dir;
  auto store = bw::store::Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  commit_alerts(s, 3);  // before the sink existed: a new sink does not replay these
  std::atomic<bool> online{false};
  std::vector<uint64_t> got;
  std::mutex mu;
  const auto config = fast_retry("offline-consumer");
  {
    bw::sink::SinkRunner runner(config, std::make_unique<RecordingSink>(online, got, mu), s);
    REQUIRE(runner.start().ok());
    for (int i = 0; i < 10; ++i) {
      commit_alerts(s, 1000);
      runner.notify();
    }
    CHECK(bw::test::eventually([&] { return runner.status().number_or("failures", 0) >= 3; }));
    online = true;
    runner.notify();
    CHECK(bw::test::eventually([&] {
      std::lock_guard lock(mu);
      return got.size() >= 10000;
    }));
    CHECK(runner.status().number_or("cursor", 0) == 10004);
  }
  REQUIRE(got.size() == 10000);
  for (size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == i + 4);

  // Restart: the durable cursor continues where delivery stopped, nothing twice.
  commit_alerts(s, 5);
  commit_alerts(s, 2, ",\"silenced_by\":\"s1\"");  // stored, counted, never delivered
  commit_alerts(s, 1, ",\"folded_into\":\"alert/4\",\"fold_count\":2");
  commit_alerts(s, 1);
  bw::sink::SinkRunner again(config, std::make_unique<RecordingSink>(online, got, mu), s);
  REQUIRE(again.start().ok());
  CHECK(bw::test::eventually([&] { return again.status().number_or("cursor", 0) == 10013; }));
  std::lock_guard lock(mu);
  REQUIRE(got.size() == 10006);
  for (size_t i = 0; i < 5; ++i) CHECK(got[10000 + i] == 10004 + i);
  CHECK(got.back() == 10012);
}

TEST_CASE("jsonl sink: rotates before a line would pass rotate_bytes and keeps N files") {
  bw::test::TempDir dir;
  bw::config::SinkConfig c;
  c.name = "archive";
  c.type = "jsonl";
  c.path = (dir.path() / "alerts.jsonl").string();
  c.rotate_bytes = 4096;
  c.keep = 2;
  bw::sink::JsonlSink sink(c);
  const std::string pad(90, 'x');  // about 120 bytes a line: 34 lines per file
  for (uint64_t seq = 1; seq <= 200; ++seq) {
    bw::store::StoredAlert a{seq, "{\"seq\":" + std::to_string(seq) + ",\"pad\":\"" + pad + "\"}"};
    REQUIRE(sink.deliver(a, bw::json::Value()).ok());
  }
  REQUIRE(sink.flush().ok());
  namespace fs = std::filesystem;
  CHECK(fs::exists(c.path + ".1"));
  CHECK(fs::exists(c.path + ".2"));
  CHECK_FALSE(fs::exists(c.path + ".3"));
  // Newest file holds the last lines; the files together hold a gap-free tail ending at 200.
  std::vector<uint64_t> seqs;
  for (const auto& p : {c.path + ".2", c.path + ".1", c.path}) {
    CHECK(fs::file_size(p) <= 4096);
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) {
      auto v = bw::json::parse(line);
      REQUIRE(v.ok());
      seqs.push_back(static_cast<uint64_t>(v->number_or("seq", 0)));
    }
  }
  REQUIRE(seqs.size() > 60);
  CHECK(seqs.back() == 200);
  for (size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
}

TEST_CASE("webhook sink: url parsing and a refused connection is an error, not a hang") {
  auto u = bw::sink::parse_http_url("http://127.0.0.1:8080/hooks/bw");
  REQUIRE(u.ok());
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == "8080");
  CHECK(u->target == "/hooks/bw");
  CHECK(bw::sink::parse_http_url("http://example.org")->target == "/");
  CHECK_FALSE(bw::sink::parse_http_url("https://example.org").ok());
  CHECK_FALSE(bw::sink::parse_http_url("http://host:80x/").ok());
  CHECK_FALSE(bw::sink::parse_http_url("http:///path").ok());
  bw::config::SinkConfig c;
  c.timeout_ms = 1000;
  bw::sink::WebhookSink sink(c, *bw::sink::parse_http_url("http://127.0.0.1:1/"));
  auto s = sink.deliver({1, "{}"}, bw::json::Value());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message.find("connect") != std::string::npos);
}

TEST_CASE("webhook sink: shutdown cancels a request to a receiver that never answers") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  // Listening without ever accepting: the connection completes in the backlog, no reply comes.
  bw::config::SinkConfig c;
  c.timeout_ms = 60000;
  bw::sink::WebhookSink sink(
      c, *bw::sink::parse_http_url(
             "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/"));
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    sink.cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  auto s = sink.deliver({1, "{}"}, bw::json::Value());
  canceller.join();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message.find("cancelled") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < 30s);  // far below the 60 s timeout
}
