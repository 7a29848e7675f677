// Stateful rules through the real daemon: state survives a restart, a resent (duplicate)
// event does not count twice, and an absence deadline fires from the clock alone, through the
// committer, with gap-free alert sequence numbers.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "harness.h"

namespace {

using namespace bw;

const std::string kRules = std::string(test::kThreeCrossingsRule) + R"(- rule: no_return
  desc: An exit with no entry within a day.
  condition: direction = "exit"
  stateful: {absent_after: direction = "entry", by: traveller.document.number, within: 1d}
  output: "{traveller.document.number} has not returned"
  priority: medium
  tags: [test]
)";

std::string event_at(const std::string& id, const std::string& doc, const std::string& time,
                     const std::string& direction = "exit") {
  std::string ev = test::make_event(id, doc);
  ev.replace(ev.find("2025-06-01T09:00:00+07:00"), 25, time);
  if (direction != "exit") ev.replace(ev.find("\"exit\""), 6, "\"" + direction + "\"");
  return ev;
}

std::vector<json::Value> stored_alerts(test::DaemonHarness& h) {
  json::Value since;
  since.set("cmd", "alerts.since");
  since.set("from", 0);
  return h.control(since).find("alerts")->as_array();
}

void send_all(test::DaemonHarness& h, const std::vector<std::string>& events,
              const std::vector<std::string>& expected) {
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  for (const auto& e : events) cp.send(e);
  auto replies = cp.replies(events.size());
  REQUIRE(replies.size() == events.size());
  for (size_t i = 0; i < replies.size(); ++i) CHECK(replies[i].string_or("status") == expected[i]);
}

TEST_CASE("stateful: window survives restart, duplicates do not count, timers fire alone") {
  // 2025-06-01T02:00Z: the clock sits at the first event until the test moves it.
  static std::atomic<int64_t> now{1'748'743'200'000};
  test::DaemonHarness h(kRules, [] { return now.load(); });
  send_all(h,
           {event_at("A1", "DOC1", "2025-06-01T09:00:00+07:00"),
            event_at("A2", "DOC1", "2025-06-01T09:10:00+07:00"),
            event_at("R1", "DOC2", "2025-06-01T09:00:00+07:00"),
            event_at("R2", "DOC2", "2025-06-01T09:30:00+07:00", "entry")},
           {"accepted", "accepted", "accepted", "accepted"});
  CHECK(stored_alerts(h).empty());

  h.restart();
  // A2 again is a duplicate: were it counted, DOC1 would reach 3 here.
  send_all(h, {event_at("A2", "DOC1", "2025-06-01T09:10:00+07:00")}, {"duplicate"});
  CHECK(stored_alerts(h).empty());
  send_all(h, {event_at("A3", "DOC1", "2025-06-01T09:20:00+07:00")}, {"accepted"});
  auto alerts = stored_alerts(h);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].string_or("rule") == "three_crossings");
  CHECK(alerts[0].find("context")->as_array().size() == 3);
  CHECK(alerts[0].find("context")->as_array()[0].string_or("event_id") == "A1");

  // DOC1's exits (A1..A3) have no return; DOC2 came back. Nothing fires before the deadline
  // plus the allowed lateness (60 minutes); then three alerts, with no event arriving.
  now = 1'748'743'200'000 + 25 * 3'600'000 - 1000;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(stored_alerts(h).size() == 1);
  now = 1'748'743'200'000 + 26 * 3'600'000;
  std::vector<json::Value> after;
  for (int i = 0; i < 100 && after.size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    after = stored_alerts(h);
  }
  REQUIRE(after.size() == 4);
  for (size_t i = 0; i < after.size(); ++i) CHECK(after[i].number_or("seq", 0) == i + 1);
  for (size_t i = 1; i < 4; ++i) {
    CHECK(after[i].string_or("rule") == "no_return");
    CHECK(after[i].string_or("output") == "DOC1 has not returned");
  }
  h.restart();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(stored_alerts(h).size() == 4);  // fired once, durably
}

// Stateful rules get the rules in force when each event was received from a per-batch table
// (ingest/batch.h StatefulContext), not a copy per event: with reloads landing while events
// flow (within batches) and between the chunks that raise the alerts, every stateful alert
// must still carry its own rule set's version and that version's text.
json::Value marked_rules_request(const std::string& marker) {
  std::string text = test::kThreeCrossingsRule;
  text.replace(text.find("crossed 3 times"), 15, "marker " + marker);
  return test::rules_load_request("r.yaml", text, "stateful-test");
}

TEST_CASE("stateful: under rule reloads each stateful alert names the rule set of its event") {
  test::DaemonHarness h(test::kThreeCrossingsRule);
  constexpr int kDocs = 1000;  // three crossings each: the third raises the alert
  constexpr int kChunks = 4;
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  std::map<uint64_t, std::string> marker_of_version{{1, ""}};
  auto reload = [&](const std::string& marker) {
    auto reply = h.control(marked_rules_request(marker));
    REQUIRE(reply.find("ok")->as_bool());
    marker_of_version[static_cast<uint64_t>(reply.number_or("version", 0))] = marker;
  };
  auto event = [](int round, int d) {
    return test::make_event("S" + std::to_string(round) + "-" + std::to_string(d),
                            "DOC" + std::to_string(d));
  };
  // The first two crossings of every document, with reloads racing them.
  std::thread pusher([&] {
    for (int round = 0; round < 2; ++round) {
      for (int d = 0; d < kDocs; ++d) {
        cp.send(event(round, d));
        if (d % 250 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
      }
    }
  });
  for (int i = 0; i < 4; ++i) {
    reload("race" + std::to_string(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pusher.join();
  auto replies = cp.replies(2 * kDocs, std::chrono::seconds(60));
  // The third crossings, one chunk per rule set, so the alerts span several versions.
  for (int c = 0; c < kChunks; ++c) {
    reload("chunk" + std::to_string(c));
    for (int d = c * kDocs / kChunks; d < (c + 1) * kDocs / kChunks; ++d) cp.send(event(2, d));
    auto chunk = cp.replies(kDocs / kChunks, std::chrono::seconds(60));
    replies.insert(replies.end(), chunk.begin(), chunk.end());
  }
  REQUIRE(replies.size() == 3 * kDocs);
  CHECK(test::statuses(replies)["accepted"] == 3 * kDocs);

  std::set<uint64_t> versions_seen;
  const auto stored = h.stored_alerts();
  for (const auto& a : stored) {
    const auto version = static_cast<uint64_t>(a.number_or("rule_set_version", 0));
    versions_seen.insert(version);
    REQUIRE(marker_of_version.count(version) == 1);
    const std::string& marker = marker_of_version[version];
    CHECK(a.string_or("rule") == "three_crossings");
    if (marker.empty()) {
      CHECK(a.string_or("output").find("crossed 3 times") != std::string::npos);
    } else {
      CHECK(a.string_or("output").find("marker " + marker) != std::string::npos);
    }
  }
  CHECK(!stored.empty());
  CHECK(stored.size() <= kDocs);    // at most one per document: no event counted twice
  CHECK(versions_seen.size() > 1);  // the reloads really happened while events flowed
}

}  // namespace
