// A failing store write (disk full, I/O error): the daemon must not acknowledge what is not
// on disk, must answer "retry", keep serving control reads, and resume by itself once writes
// succeed again; the push client must resend after "retry" until the event is durable.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <thread>

#include "faulty_store.h"
#include "harness.h"
#include "sim/push_client.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

// The in-process daemon with its store behind a FaultyStore the test can switch.
class FailingDaemon {
 public:
  explicit FailingDaemon(size_t max_batch = 4096,
                         const std::string& rules = test::kListedDocumentRule) {
    spdlog::set_level(spdlog::level::off);  // the injected failures are logged as errors
    std::filesystem::create_directories(rules_.path());
    std::ofstream(rules_.path() / "test.yaml") << rules;
    auto cfg = test::test_config((state_.path() / "state").string());
    cfg.rules_dir = rules_.str();
    cfg.ingest.max_batch = max_batch;
    server::DaemonOptions options{cfg, system_now, false};
    options.wrap_store = [this](std::unique_ptr<store::Store> inner) {
      auto faulty = std::make_unique<test::FaultyStore>(std::move(inner));
      store_ = faulty.get();
      return std::unique_ptr<store::Store>(std::move(faulty));
    };
    auto d = server::Daemon::create(std::move(options));
    if (!d) throw std::runtime_error(d.error().message);
    daemon_ = std::move(*d);
    daemon_->start();
  }
  ~FailingDaemon() { spdlog::set_level(spdlog::level::warn); }

  test::FaultyStore& store() { return *store_; }
  server::Daemon& daemon() { return *daemon_; }
  transport::Context& context() { return context_; }

  json::Value control(const std::string& cmd) {
    control::ControlClient client(context_, daemon_->control_endpoint(), 10s);
    json::Value req;
    req.set("cmd", cmd);
    auto reply = client.request(req);
    if (!reply) throw std::runtime_error(reply.error().message);
    return *reply;
  }

 private:
  test::TempDir state_;
  test::TempDir rules_;
  transport::Context context_;
  test::FaultyStore* store_ = nullptr;
  std::unique_ptr<server::Daemon> daemon_;  // last: stopped before the rest goes away
};

// Sends crossing `id` ("S<minute>") of `document` at 09:0<minute> and returns its status.
std::string send_crossing(test::Checkpoint& cp, const std::string& id,
                          const std::string& document) {
  std::string ev = test::make_event(id, document);
  ev.replace(ev.find("09:00:00"), 8, "09:0" + id.substr(1) + ":00");
  cp.send(ev);
  auto replies = cp.replies(1);
  REQUIRE(replies.size() == 1);
  return replies[0].string_or("status");
}

// The store holds exactly one alert: three_crossings, raised by `event_id` with all three
// crossings as its context.
void check_only_alert_is_third_crossing(test::FaultyStore& store, const std::string& event_id) {
  auto alerts = store.alerts_since(1, 10);
  REQUIRE(alerts);
  REQUIRE(alerts->size() == 1);
  auto alert = json::parse(alerts->front().json);
  REQUIRE(alert);
  CHECK(alert->string_or("rule") == "three_crossings");
  CHECK(alert->string_or("event_id") == event_id);
  CHECK(alert->find("context")->as_array().size() == 3);
}

}  // namespace

TEST_CASE("store failure: retry instead of ack, reads still served, resumes when writes work") {
  FailingDaemon d;
  test::Checkpoint cp(d.context(), d.daemon().ingest_endpoint());
  std::vector<std::string> events;
  for (int i = 0; i < 5; ++i) events.push_back(test::make_event("F" + std::to_string(i), "ND1"));
  events.push_back(test::make_event("F-LISTED", "LS100000"));
  {
    control::ControlClient client(d.context(), d.daemon().control_endpoint());
    json::Value req;
    req.set("cmd", "watchlist.import");
    req.set("name", "lost_stolen_documents");
    req.set("text", "number,country,type,reason\nLS100000,THA,passport,stolen\n");
    req.set("by", "test");
    REQUIRE(client.request(req));
  }

  d.store().fail_commits = true;
  for (const auto& e : events) cp.send(e);
  auto replies = cp.replies(events.size());
  REQUIRE(replies.size() == events.size());
  for (const auto& r : replies) {
    CHECK(r.string_or("status") == "retry");
    CHECK(r.string_or("error").find("No space left on device") != std::string::npos);
  }
  CHECK(d.store().failed_commits > 0);
  CHECK(d.store().events_stored() == 0);
  CHECK_FALSE(*d.store().has_event("BAN_LAEM/F0"));

  // Reads keep working while writes fail.
  auto status = d.control("status");
  CHECK(status.find("ok")->as_bool());
  CHECK(status.find("ingest")->number_or("retried", 0) == static_cast<double>(events.size()));
  CHECK(status.number_or("next_alert_seq", 0) == 1);

  d.store().fail_commits = false;
  for (const auto& e : events) cp.send(e);
  replies = cp.replies(events.size());
  REQUIRE(replies.size() == events.size());
  CHECK(test::statuses(replies)["accepted"] == events.size());
  CHECK(d.store().events_stored() == events.size());
  auto alerts = d.store().alerts_since(1, 10);
  REQUIRE(alerts);
  REQUIRE(alerts->size() == 1);
  CHECK(alerts->front().seq == 1);
  CHECK(json::parse(alerts->front().json)->string_or("event_id") == "F-LISTED");
}

TEST_CASE("store failure: the push client resends after retry until the event is durable") {
  FailingDaemon d;
  d.store().fail_commits = true;
  sim::PushOptions opts;
  opts.endpoint = d.daemon().ingest_endpoint();
  opts.retry_delay = 20ms;
  auto client = sim::PushClient::connect(d.context(), opts);
  REQUIRE(client);
  for (int i = 0; i < 50; ++i) {
    const std::string id = "P" + std::to_string(i);
    REQUIRE((*client)->submit(id, test::make_event(id, "ND2")) == sim::PushClient::Submit::kSent);
  }
  const auto until = std::chrono::steady_clock::now() + 200ms;
  while (std::chrono::steady_clock::now() < until) (*client)->pump(10ms);
  CHECK((*client)->counters().retry_replies >= 50);
  CHECK((*client)->counters().acknowledged() == 0);
  CHECK((*client)->in_flight() == 50);
  CHECK(d.store().events_stored() == 0);

  d.store().fail_commits = false;
  CHECK((*client)->drain(10s));
  CHECK((*client)->counters().accepted == 50);
  CHECK((*client)->counters().unanswered == 0);
  CHECK(d.store().events_stored() == 50);
}

TEST_CASE("flood: with a slow disk the batch being filled stays bounded and everything is acked") {
  constexpr size_t kMaxBatch = 256;
  constexpr size_t kEvents = 20000;
  FailingDaemon d(kMaxBatch);
  d.store().commit_delay_ms = 20;  // a slow disk: each synced write takes 20 ms
  sim::PushOptions opts;
  opts.endpoint = d.daemon().ingest_endpoint();
  opts.window = kEvents;  // the checkpoint floods: everything in flight at once
  opts.reply_timeout = 60s;
  auto client = sim::PushClient::connect(d.context(), opts);
  REQUIRE(client);
  for (size_t i = 0; i < kEvents; ++i) {
    const std::string id = "FL" + std::to_string(i);
    REQUIRE((*client)->submit(id, test::make_event(id, "ND3")) == sim::PushClient::Submit::kSent);
  }
  CHECK((*client)->drain(60s));
  CHECK((*client)->counters().accepted == kEvents);
  const uint64_t high = d.daemon().state().stats.pending_high_water.load();
  MESSAGE("pending high water " << high << " with max_batch " << kMaxBatch);
  // Reading stops while a full batch waits for the disk; one turn of reads (1,024) may follow
  // a commit. Anything more would mean ingest memory grows with the flood.
  CHECK(high >= kMaxBatch);
  CHECK(high <= kMaxBatch + 1024);
}

TEST_CASE("store failure: a failed commit's stateful changes are undone before the resend") {
  // The state engine runs on the committer thread just before the write; when the write
  // fails, its memory must go back to the store's, or the resent event would count twice
  // (or not at all, if the window had already fired for it).
  FailingDaemon d(4096, test::kThreeCrossingsRule);
  test::Checkpoint cp(d.context(), d.daemon().ingest_endpoint());
  auto send = [&](const std::string& id) { return send_crossing(cp, id, "SF1"); };
  CHECK(send("S1") == "accepted");
  CHECK(send("S2") == "accepted");
  d.store().fail_commits = true;
  CHECK(send("S3") == "retry");
  CHECK(send("S3") == "retry");
  d.store().fail_commits = false;
  CHECK(send("S3") == "accepted");
  check_only_alert_is_third_crossing(d.store(), "S3");
  CHECK(send("S4") == "accepted");  // a fourth in the window does not fire again
  CHECK(d.store().alerts_since(1, 10)->size() == 1);
}

TEST_CASE("store failure: while the rule state cannot be reloaded, events get retry") {
  // After a failed commit the engine's memory is ahead of the disk. If reading the state back
  // fails as well, evaluating the resend against that memory could miss its alert, so every
  // event is answered "retry" until a reload succeeds; then the resend fires as it should.
  FailingDaemon d(4096, test::kThreeCrossingsRule);
  test::Checkpoint cp(d.context(), d.daemon().ingest_endpoint());
  auto send = [&](const std::string& id) { return send_crossing(cp, id, "SR1"); };
  CHECK(send("S1") == "accepted");
  CHECK(send("S2") == "accepted");
  d.store().fail_state_scans = true;
  d.store().fail_commits = true;
  CHECK(send("S3") == "retry");
  d.store().fail_commits = false;  // writes work again, the state still cannot be read
  CHECK(send("S3") == "retry");
  CHECK(send("S5") == "retry");
  CHECK(d.store().alerts_since(1, 10)->empty());
  d.store().fail_state_scans = false;
  CHECK(send("S3") == "accepted");
  check_only_alert_is_third_crossing(d.store(), "S3");
}

TEST_CASE("store failure: batches handed over mid-burst keep every reply truthful") {
  // The loop hands the committer its next batch, and acks the last one, between two reads of
  // a burst as soon as the commit ends (ingest_server.cc). Failures switched on and off while
  // a burst of events, each sent twice, is read: an event is "accepted" at most once and only
  // if stored, "duplicate" only if stored, and the rest get "retry" and are stored after a
  // resend.
  constexpr int kEvents = 2000;
  // Batches of up to 256 take longer to read than a commit takes: commits end mid-burst.
  FailingDaemon d(256, test::kThreeCrossingsRule);
  d.store().commit_delay_ms = 1;
  test::Checkpoint cp(d.context(), d.daemon().ingest_endpoint());
  std::atomic<bool> sent{false};
  std::thread flapping([&] {
    while (!sent) {
      std::this_thread::sleep_for(2ms);
      d.store().fail_commits = !d.store().fail_commits;
    }
    d.store().fail_commits = false;
  });
  std::vector<std::string> events;
  for (int i = 0; i < kEvents; ++i) {
    const std::string id = "MB" + std::to_string(i);
    events.push_back(test::make_event(id, "MBD" + std::to_string(i % 40)));
    cp.send(events.back());
    cp.send(events.back());  // a resend while the first is in flight
  }
  auto replies = cp.replies(2 * kEvents);
  sent = true;
  flapping.join();
  REQUIRE(replies.size() == 2 * kEvents);
  std::map<std::string, std::map<std::string, int>> by_event;
  for (const auto& r : replies) ++by_event[r.string_or("event_id")][r.string_or("status")];
  REQUIRE(by_event.size() == kEvents);
  int stored = 0;
  for (int i = 0; i < kEvents; ++i) {
    const std::string id = "MB" + std::to_string(i);
    auto& statuses = by_event[id];
    const bool is_stored = *d.store().has_event("BAN_LAEM/" + id);
    stored += is_stored ? 1 : 0;
    CHECK(statuses["accepted"] <= 1);
    if (statuses["accepted"] == 1 || statuses["duplicate"] > 0) CHECK(is_stored);
    if (!is_stored) CHECK(statuses["retry"] == 2);
  }
  CHECK(d.store().events_stored() == static_cast<uint64_t>(stored));
  MESSAGE(stored << " of " << kEvents << " stored during the flapping, "
                 << d.store().failed_commits.load() << " failed commits");
  for (const auto& e : events) cp.send(e);  // every event once more, writes working
  auto again = cp.replies(kEvents);
  REQUIRE(again.size() == kEvents);
  for (const auto& r : again) {
    const bool first_time = by_event[r.string_or("event_id")]["accepted"] == 0;
    CHECK(r.string_or("status") == (first_time ? "accepted" : "duplicate"));
  }
  CHECK(d.store().events_stored() == kEvents);
}
