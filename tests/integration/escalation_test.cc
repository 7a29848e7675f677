#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "harness.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

// Collects escalation topics until `n` arrived or `wait` passed.
std::vector<json::Value> escalations(transport::Socket& sub, size_t n,
                                     std::chrono::milliseconds wait) {
  std::vector<json::Value> out;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
    if (!transport::poll_readable({&sub}, 100ms)[0]) continue;
    while (auto frames = sub.recv(true)) out.push_back(*json::parse(frames->back()));
  }
  return out;
}

}  // namespace

TEST_CASE("alerts: an unacknowledged critical alert is escalated once, by the injected clock") {
  // Test time starts at a fixed instant and only moves when the test says so.
  auto now = std::make_shared<std::atomic<EpochMs>>(parse_rfc3339("2025-06-01T02:00:00Z")->utc_ms);
  test::DaemonHarness h(test::kListedDocumentRule, [now] { return now->load(); });
  h.import_documents({"LISTED1", "LISTED2"});
  transport::Socket sub(h.context(), transport::SocketType::kSub,
                        {.subscriptions = {"escalation."}});
  REQUIRE(sub.connect(h.daemon().alerts_endpoint()).ok());
  std::this_thread::sleep_for(500ms);
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  cp.send(test::make_event("X1", "LISTED1"));
  cp.send(test::make_event("X2", "LISTED2"));
  REQUIRE(cp.replies(2).size() == 2);
  json::Value ack;
  ack.set("cmd", "alerts.ack");
  ack.set("by", "officer-3");
  ack.set("seq", 2);
  REQUIRE(h.control(ack).find("ok")->as_bool());

  // 4 min 59 s: not yet (critical escalates after 5 minutes by default).
  *now += 4 * 60000 + 59000;
  CHECK(escalations(sub, 1, 1500ms).empty());
  // 5 min 01 s: #1 escalates; #2 was acknowledged and does not.
  *now += 2000;
  auto got = escalations(sub, 2, 3000ms);
  REQUIRE(got.size() == 1);
  CHECK(got[0].number_or("seq", 0) == 1);
  CHECK(got[0].find("work")->find("escalated")->as_bool());

  // Never twice, not even after a restart.
  h.restart();
  transport::Socket sub2(h.context(), transport::SocketType::kSub,
                         {.subscriptions = {"escalation."}});
  REQUIRE(sub2.connect(h.daemon().alerts_endpoint()).ok());
  *now += 60000;
  CHECK(escalations(sub2, 1, 2000ms).empty());
  json::Value show;
  show.set("cmd", "alerts.show");
  show.set("seq", 1);
  const auto history = h.control(show).find("alert")->find("work")->find("history")->as_array();
  REQUIRE(history.size() == 1);
  CHECK(history[0].string_or("event") == "escalated");
}
