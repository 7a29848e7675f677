#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"

using namespace bw;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// A loopback HTTP receiver that answers 500 or 200 and records the bodies it accepted.
class HookServer {
 public:
  explicit HookServer(unsigned short port) : acceptor_(io_) {
    const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen();
    thread_ = std::thread([this] { serve(); });
  }
  ~HookServer() {
    stopping_ = true;
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ec);  // wakes the blocking accept
    thread_.join();
  }
  std::atomic<bool> failing{true};
  std::atomic<int> refused_with_500{0};
  std::vector<json::Value> accepted() {
    std::lock_guard lock(mu_);
    return accepted_;
  }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      const bool fail = failing.load();
      http::response<http::string_body> res{
          fail ? http::status::internal_server_error : http::status::ok, 11};
      res.body() = fail ? "down" : "ok";
      res.prepare_payload();
      if (fail) {
        ++refused_with_500;
      } else {
        auto v = json::parse(req.body());
        if (v && v->string_or("id") == std::string(req["Idempotency-Key"])) {
          std::lock_guard lock(mu_);
          accepted_.push_back(std::move(*v));
        }
      }
      http::write(socket, res, ec);
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::vector<json::Value> accepted_;
  std::thread thread_;
};

// A loopback port bound but not listening until release(): connections to it are refused,
// as to a receiver that is down, and no other socket can take it meanwhile. A port found free
// and closed again could be taken by any bind in the seconds before the receiver starts (a
// parallel test run did, and the sink reached that test's server instead).
class ReservedPort {
 public:
  ReservedPort() : socket_(io_) {
    const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    socket_.open(ep.protocol());
    socket_.set_option(asio::socket_base::reuse_address(true));
    socket_.bind(ep);
    port_ = socket_.local_endpoint().port();
  }
  unsigned short port() const { return port_; }
  void release() { socket_.close(); }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  unsigned short port_ = 0;
};

std::vector<std::string> documents(int n, const std::string& prefix) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(100000 + i));
  return out;
}

json::Value command(const std::string& cmd) {
  json::Value v;
  v.set("cmd", cmd);
  v.set("by", "duty.officer");
  return v;
}

const json::Value& sink_status(const json::Value& status) {
  return status.find("sinks")->as_array().at(0);
}

}  // namespace

TEST_CASE("webhook sink: a receiver that is down gets every alert once it recovers") {
  ReservedPort reserved;
  const unsigned short port = reserved.port();
  test::DaemonHarness h(test::kListedDocumentRule, [port](config::Config& c) {
    config::SinkConfig s;
    s.name = "duty-chat";
    s.type = "webhook";
    s.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
    s.timeout_ms = 2000;
    s.retry_initial_ms = 20;
    s.retry_max_ms = 100;
    c.sinks.push_back(s);
  });
  const auto docs = documents(30, "WH");
  REQUIRE(h.import_documents(docs).find("ok")->as_bool());
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());

  // Refused connections: ingest accepts and stores everything regardless.
  for (int i = 0; i < 20; ++i) cp.send(test::make_event("A" + std::to_string(i), docs[i]));
  auto replies = cp.replies(20, 10s);
  CHECK(test::statuses(replies)["accepted"] == 20);
  CHECK(test::eventually(
      [&] { return sink_status(h.control(command("status"))).number_or("failures", 0) >= 2; }));
  auto status = h.control(command("status"));
  CHECK(status.number_or("next_alert_seq", 0) == 21);
  CHECK(sink_status(status).number_or("cursor", 0) == 1);
  CHECK(sink_status(status).string_or("last_error").find("connect") != std::string::npos);

  // Up but answering 500: still nothing counts as delivered; ingest still unaffected.
  reserved.release();
  HookServer server(port);
  CHECK(test::eventually([&] { return server.refused_with_500 >= 2; }));
  for (int i = 20; i < 30; ++i) cp.send(test::make_event("A" + std::to_string(i), docs[i]));
  CHECK(test::statuses(cp.replies(10, 10s))["accepted"] == 10);
  CHECK(sink_status(h.control(command("status"))).number_or("cursor", 0) == 1);

  // Recovered: every alert arrives, in sequence order, identified by its stable id.
  server.failing = false;
  REQUIRE(test::eventually([&] { return server.accepted().size() >= 30; }));
  const auto got = server.accepted();
  CHECK(got.size() == 30);
  std::set<std::string> ids;
  for (size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].number_or("seq", 0) == static_cast<double>(i + 1));
    ids.insert(got[i].string_or("id"));
  }
  CHECK(ids.size() == 30);
  CHECK(test::eventually(
      [&] { return sink_status(h.control(command("status"))).number_or("cursor", 0) == 31; }));
}

TEST_CASE("silences: matching alerts are stored and counted but not pushed, until expired") {
  test::DaemonHarness h(test::kListedDocumentRule,
                        [](config::Config& c) { c.noise.fold_seconds = 0; });
  const auto docs = documents(6, "SL");
  REQUIRE(h.import_documents(docs).find("ok")->as_bool());
  auto add = command("alerts.silence.add");
  add.set("matchers", json::Array{"rule=listed_document", "checkpoint=BAN_LAEM"});
  add.set("ends_at", format_rfc3339(system_now() + 3'600'000));
  SUBCASE("requests without a reason or a matcher are refused") {
    auto no_reason = h.control(add);
    CHECK_FALSE(no_reason.find("ok")->as_bool());
    CHECK(no_reason.string_or("error").find("reason") != std::string::npos);
    auto bad = add;
    bad.set("reason", "x");
    bad.set("matchers", json::Array{"rule"});
    CHECK(h.control(bad).string_or("error").find("NAME=VALUE") != std::string::npos);
  }
  add.set("reason", "drill at Ban Laem, documents are test copies");
  auto added = h.control(add);
  REQUIRE(added.find("ok")->as_bool());
  const std::string id = added.find("silence")->string_or("id");
  CHECK(added.find("silence")->string_or("by") == "duty.officer");

  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  cp.send(test::make_event("S1", docs[0]));
  cp.send(test::make_event("S2", docs[1], "SAP_TARI"));  // other checkpoint: pushed
  REQUIRE(test::statuses(cp.replies(2))["accepted"] == 2);
  auto st = h.control(command("status"));
  CHECK(st.number_or("next_alert_seq", 0) == 3);  // both stored
  CHECK(st.number_or("alerts_silenced", 0) == 1);

  h.restart();  // silences survive a restart
  auto list = h.control(command("alerts.silence.list"));
  REQUIRE(list.find("silences")->as_array().size() == 1);
  CHECK(list.find("silences")->as_array()[0].string_or("state") == "active");
  // Subscribed only now: the daemon restarted, and only what comes next is of interest.
  transport::Socket sub(h.context(), transport::SocketType::kSub,
                        {.recv_hwm = 1000, .subscriptions = {"alert."}});
  REQUIRE(sub.connect(h.daemon().alerts_endpoint()).ok());
  std::this_thread::sleep_for(500ms);  // PUB/SUB joins asynchronously
  test::Checkpoint cp2(h.context(), h.daemon().ingest_endpoint());
  cp2.send(test::make_event("S3", docs[2]));
  REQUIRE(test::statuses(cp2.replies(1))["accepted"] == 1);

  auto expire = command("alerts.silence.expire");
  expire.set("id", id);
  expire.set("reason", "drill over");
  REQUIRE(h.control(expire).find("ok")->as_bool());
  CHECK(h.control(expire).string_or("error").find("already ended") != std::string::npos);
  CHECK(h.control(command("alerts.silence.list")).find("silences")->as_array().empty());
  cp2.send(test::make_event("S4", docs[3]));
  REQUIRE(test::statuses(cp2.replies(1))["accepted"] == 1);

  std::vector<double> pushed;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (pushed.empty() && std::chrono::steady_clock::now() < deadline) {
    if (!transport::poll_readable({&sub}, 100ms)[0]) continue;
    while (auto f = sub.recv(true)) pushed.push_back(json::parse(f->back())->number_or("seq", 0));
  }
  REQUIRE(pushed.size() == 1);
  CHECK(pushed[0] == 4);  // #3 was silenced after the restart, #4 came after the expiry
  auto first = command("alerts.show");
  first.set("seq", 1);
  CHECK(h.control(first).find("alert")->string_or("silenced_by") == id);
  CHECK(h.control(first).find("alert")->find("work")->string_or("state") == "silenced");
  auto shown = command("alerts.show");
  shown.set("seq", 3);
  CHECK(h.control(shown).find("alert")->string_or("silenced_by") == id);
}

TEST_CASE("folding: repeats of a traveller go out as updates of the open alert") {
  test::DaemonHarness h(test::kListedDocumentRule,
                        [](config::Config& c) { c.noise.fold_seconds = 300; });
  REQUIRE(h.import_documents({"FD100001"}).find("ok")->as_bool());
  transport::Socket sub(h.context(), transport::SocketType::kSub,
                        {.recv_hwm = 1000, .subscriptions = {"alert.", "update.folded."}});
  REQUIRE(sub.connect(h.daemon().alerts_endpoint()).ok());
  std::this_thread::sleep_for(500ms);
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  for (int i = 0; i < 3; ++i) cp.send(test::make_event("F" + std::to_string(i), "FD100001"));
  REQUIRE(test::statuses(cp.replies(3))["accepted"] == 3);
  std::vector<std::pair<std::string, json::Value>> got;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (got.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    if (!transport::poll_readable({&sub}, 100ms)[0]) continue;
    while (auto f = sub.recv(true)) got.emplace_back(f->front(), *json::parse(f->back()));
  }
  REQUIRE(got.size() == 3);
  CHECK(got[0].first == "alert.critical.BAN_LAEM");
  CHECK(got[1].first == "update.folded.BAN_LAEM");
  CHECK(got[2].second.string_or("folded_into") == got[0].second.string_or("id"));
  CHECK(got[2].second.number_or("fold_count", 0) == 3);
  auto st = h.control(command("status"));
  CHECK(st.number_or("alerts_folded", 0) == 2);
  CHECK(st.number_or("next_alert_seq", 0) == 4);  // every repeat is stored
  auto show = command("alerts.show");
  show.set("seq", 1);
  const auto head = h.control(show);
  REQUIRE(head.find("alert")->find("fold") != nullptr);
  CHECK(head.find("alert")->find("fold")->number_or("count", 0) == 3);
  auto open = command("alerts.list");
  open.set("state", "open");  // the duty desk sees the open alert, not its repeats
  const auto open_list = h.control(open).find("alerts")->as_array();
  REQUIRE(open_list.size() == 1);
  CHECK(open_list[0].number_or("seq", 0) == 1);
  open.set("state", "folded");
  CHECK(h.control(open).find("alerts")->as_array().size() == 2);
  auto since = command("alerts.list");
  since.set("since", format_rfc3339(system_now() + 60'000));
  CHECK(h.control(since).find("alerts")->as_array().empty());
  since.set("since", format_rfc3339(system_now() - 60'000));
  CHECK(h.control(since).find("alerts")->as_array().size() == 3);
}
