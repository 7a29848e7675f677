// PushClient against a tiny in-test ingest ROUTER that drops, delays with "retry", rejects or
// ignores; and the bwsim loop (sim/simulator.h) end to end against the same ROUTER.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "config/loader.h"
#include "event/decode.h"
#include "json/parse.h"
#include "json/writer.h"
#include "sim/push_client.h"
#include "sim/simulator.h"
#include "transport/socket.h"

namespace {

using namespace std::chrono_literals;
using bw::sim::FinalStatus;
using bw::sim::PushClient;

struct Plan {
  int drop_every = 0;     // drop the reply to every Nth new event (it is stored)
  int retry_every = 0;    // answer "retry" to every Nth new event (it is not stored)
  std::string reject_if;  // reject event ids containing this
  bool silent = false;    // never answer
};

// The daemon's reply protocol, minus everything else. Runs on its own thread.
class FakeIngest {
 public:
  FakeIngest(bw::transport::Context& context, Plan plan)
      : plan_(std::move(plan)), thread_([this, &context] { run(context); }) {
    endpoint_ = bound_.get_future().get();
  }
  ~FakeIngest() {
    stop_ = true;
    thread_.join();
  }
  const std::string& endpoint() const { return endpoint_; }
  int dropped() const { return dropped_.load(); }
  int retried() const { return retried_.load(); }

 private:
  void run(bw::transport::Context& context) {
    bw::transport::Socket router(context, bw::transport::SocketType::kRouter,
                                 {.send_hwm = 10000, .recv_hwm = 10000});
    if (!router.bind(bw::transport::any_loopback_port()).ok()) {
      bound_.set_value("");  // the test fails on connecting to ""
      return;
    }
    bound_.set_value(router.last_endpoint());
    while (!stop_.load()) {
      if (!bw::transport::poll_readable({&router}, 20ms)[0]) continue;
      while (auto frames = router.recv(/*dont_wait=*/true)) {
        if (frames->size() != 2) continue;
        auto reply = answer((*frames)[1]);
        if (!reply.empty()) router.send(bw::transport::Frames{(*frames)[0], reply}, true);
      }
    }
  }

  std::string answer(const std::string& body) {
    if (plan_.silent) return {};
    const std::string id = bw::json::parse(body)->string_or("event_id");
    bw::json::Value r;
    r.set("event_id", id);
    const bool first = ++attempts_[id] == 1;
    const int n = first ? ++new_events_ : 0;  // 1-based among first sends
    if (stored_.count(id) != 0) {
      r.set("status", "duplicate");
    } else if (!plan_.reject_if.empty() && id.find(plan_.reject_if) != std::string::npos) {
      r.set("status", "rejected");
      r.set("error", "test: bad event");
    } else if (first && plan_.retry_every > 0 && n % plan_.retry_every == 0) {
      ++retried_;
      r.set("status", "retry");
      r.set("error", "store: test failure");
    } else {
      stored_.insert(id);
      if (first && plan_.drop_every > 0 && n % plan_.drop_every == 0) {
        ++dropped_;
        return {};
      }
      r.set("status", "accepted");
    }
    return bw::json::to_string(r);
  }

  Plan plan_;
  std::promise<std::string> bound_;
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  std::atomic<int> dropped_{0}, retried_{0};
  std::unordered_map<std::string, int> attempts_;
  std::unordered_set<std::string> stored_;
  int new_events_ = 0;
  std::thread thread_;  // last: starts once everything it uses exists
};

std::string event_json(const std::string& id) {
  return "{\"event_id\":\"" + id + "\",\"checkpoint\":\"BAN_LAEM\"}";
}

std::string id_of(int i) {
  return "T-" + std::to_string(1000 + i);
}

}  // namespace

TEST_CASE("sim push client: dropped replies are resent; every event settles exactly once") {
  bw::transport::Context context;
  FakeIngest fake(context, {.drop_every = 5, .retry_every = 7});
  std::map<std::string, std::vector<FinalStatus>> outcomes;
  bw::sim::PushOptions o{
      .endpoint = fake.endpoint(), .window = 50, .reply_timeout = 150ms, .retry_delay = 5ms};
  o.on_outcome = [&](const bw::sim::EventOutcome& e) {
    outcomes[std::string(e.event_id)].push_back(e.status);
    CHECK(e.first_sent_ns > 0);
    CHECK(e.answered_ns >= e.first_sent_ns);
  };
  auto client = PushClient::connect(context, o);
  REQUIRE(client.ok());
  PushClient& c = **client;
  for (int i = 0; i < 500; ++i) {
    REQUIRE(c.wait_for_room(5s));
    REQUIRE(c.submit(id_of(i), event_json(id_of(i))) == PushClient::Submit::kSent);
    CHECK(c.in_flight() <= 50);
  }
  REQUIRE(c.drain(20s));
  REQUIRE(outcomes.size() == 500);
  for (const auto& [id, statuses] : outcomes) {
    REQUIRE(statuses.size() == 1);
    CHECK((statuses[0] == FinalStatus::kAccepted || statuses[0] == FinalStatus::kDuplicate));
  }
  const auto& k = c.counters();
  CHECK(fake.dropped() > 50);
  CHECK(fake.retried() > 30);
  CHECK(k.acknowledged() == 500);
  CHECK(k.settled() == 500);
  CHECK(k.rejected == 0);
  CHECK(k.unanswered == 0);
  // A dropped reply's event was stored: its resend is answered "duplicate".
  CHECK(k.duplicate == static_cast<uint64_t>(fake.dropped()));
  CHECK(k.duplicate_after_resend == k.duplicate);
  CHECK(k.retry_replies == static_cast<uint64_t>(fake.retried()));
  CHECK(k.timeouts >= static_cast<uint64_t>(fake.dropped()));
  CHECK(c.ack_latency().count() == 500);
  CHECK(c.in_flight() == 0);
}

TEST_CASE("sim push client: rejections are final and carry the daemon's reason") {
  bw::transport::Context context;
  FakeIngest fake(context, {.reject_if = "bad"});
  std::string error;
  bw::sim::PushOptions o{.endpoint = fake.endpoint(), .window = 10};
  o.on_outcome = [&](const bw::sim::EventOutcome& e) {
    if (e.status == FinalStatus::kRejected) error = e.error;
  };
  auto client = PushClient::connect(context, o);
  REQUIRE(client.ok());
  for (const char* id : {"ok-1", "bad-1", "ok-2"}) (*client)->submit(id, event_json(id));
  REQUIRE((*client)->drain(10s));
  CHECK((*client)->counters().accepted == 2);
  CHECK((*client)->counters().rejected == 1);
  CHECK(error == "test: bad event");
  CHECK((*client)->last_error() == "test: bad event");
}

TEST_CASE("sim push client: submit never blocks and refuses what it cannot track") {
  bw::transport::Context context;
  FakeIngest fake(context, {.silent = true});
  auto client = PushClient::connect(context, {.endpoint = fake.endpoint(), .window = 2});
  REQUIRE(client.ok());
  PushClient& c = **client;
  CHECK(c.submit("a", event_json("a")) == PushClient::Submit::kSent);
  CHECK(c.submit("a", event_json("a")) == PushClient::Submit::kIdInFlight);
  CHECK(c.submit("no spaces", "{}") == PushClient::Submit::kBadId);
  CHECK(c.submit("b", event_json("b")) == PushClient::Submit::kSent);
  CHECK_FALSE(c.has_room());
  CHECK(c.submit("c", event_json("c")) == PushClient::Submit::kWindowFull);
  CHECK_FALSE(c.wait_for_room(50ms));
  c.abandon();
  CHECK(c.counters().unanswered == 2);
  CHECK(c.in_flight() == 0);
  CHECK_FALSE(PushClient::connect(context, {.endpoint = "nonsense://x"}).ok());
  CHECK_FALSE(PushClient::connect(context, {.endpoint = fake.endpoint(), .window = 0}).ok());
}

TEST_CASE("sim push client: stopping gives up after one reply timeout, without resending") {
  bw::transport::Context context;
  FakeIngest fake(context, {.silent = true});
  auto client = PushClient::connect(context, {.endpoint = fake.endpoint(), .reply_timeout = 100ms});
  REQUIRE(client.ok());
  for (int i = 0; i < 5; ++i) (*client)->submit(id_of(i), event_json(id_of(i)));
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE((*client)->drain(5s, /*resend=*/false));
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  CHECK((*client)->counters().unanswered == 5);
  CHECK((*client)->counters().resends == 0);
}

TEST_CASE("sim push client: max_attempts bounds the resends to a silent daemon") {
  bw::transport::Context context;
  FakeIngest fake(context, {.silent = true});
  auto client = PushClient::connect(
      context, {.endpoint = fake.endpoint(), .reply_timeout = 50ms, .max_attempts = 2});
  REQUIRE(client.ok());
  for (int i = 0; i < 3; ++i) (*client)->submit(id_of(i), event_json(id_of(i)));
  REQUIRE((*client)->drain(5s));
  CHECK((*client)->counters().unanswered == 3);
  CHECK((*client)->counters().resends == 3);
  CHECK((*client)->counters().timeouts == 6);
}

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("bw-sim-test-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

const char* kConfig =
    "checkpoints:\n"
    "  - {id: BAN_LAEM, type: permanent}\n"
    "  - {id: BAN_PHAKKAD, type: permanent}\n"
    "  - {id: SAP_TARI, type: temporary}\n";

}  // namespace

TEST_CASE("sim simulator: pushes a counted run and reports every event acknowledged") {
  bw::transport::Context context;
  FakeIngest fake(context, {.drop_every = 50});
  bw::sim::SimulatorOptions o;
  o.config_path = write_temp("push.yaml", kConfig);
  o.endpoint = fake.endpoint();
  o.rate = 0;
  o.count = 300;
  o.seed = 5;
  o.inject_rate = 0.05;
  o.window = 64;
  o.timeout_ms = 200;
  o.print_every_s = 0;
  std::atomic<int> interrupts{0};
  std::ostringstream out, err;
  CHECK(bw::sim::run_simulator(o, interrupts, out, err) == 0);
  INFO(out.str() << err.str());
  CHECK(out.str().find("sent 300") != std::string::npos);
  CHECK(out.str().find("unanswered 0") != std::string::npos);
  std::filesystem::remove(o.config_path);
}

TEST_CASE("sim simulator: --dump writes valid JSON lines; bad options are exit code 2") {
  bw::sim::SimulatorOptions o;
  o.config_path = write_temp("dump.yaml", kConfig);
  o.dump_path = write_temp("dump.jsonl", "");
  o.count = 200;
  o.seed = 9;
  o.start = "2025-06-02T09:00:00+07:00";
  std::atomic<int> interrupts{0};
  std::ostringstream out, err;
  REQUIRE(bw::sim::run_simulator(o, interrupts, out, err) == 0);
  auto cfg = bw::config::load_file(o.config_path);
  REQUIRE(cfg.ok());
  std::ifstream in(o.dump_path);
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    auto ev = bw::event::validate(*bw::json::parse(line), *cfg);
    CHECK_MESSAGE(ev.ok(), line);
  }
  CHECK(lines == 200);

  o.start = "yesterday";
  CHECK(bw::sim::run_simulator(o, interrupts, out, err) == 2);
  o.start.clear();
  o.config_path = "/nonexistent/borderwatch.yaml";
  CHECK(bw::sim::run_simulator(o, interrupts, out, err) == 2);
  std::filesystem::remove(o.dump_path);
}
