#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "alert/alert_follower.h"
#include "harness.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> listed_documents() {
  std::vector<std::string> docs;
  for (int i = 0; i < 10; ++i) docs.push_back("LS" + std::to_string(100000 + i));
  return docs;
}

// 1,000 events; every 100th carries a listed document.
std::vector<std::string> thousand_events(const std::string& prefix) {
  const auto listed = listed_documents();
  std::vector<std::string> events;
  for (int i = 0; i < 1000; ++i) {
    const std::string doc = i % 100 == 7 ? listed[i / 100] : "OK" + std::to_string(500000 + i);
    events.push_back(test::make_event(prefix + std::to_string(i), doc));
  }
  return events;
}

// Live alerts on PUB, collected until `n` arrived and then `quiet` passes with nothing new.
std::vector<json::Value> collect_alerts(transport::Socket& sub, size_t n,
                                        std::chrono::milliseconds quiet = 300ms) {
  std::vector<json::Value> out;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const bool got = transport::poll_readable({&sub}, out.size() >= n ? quiet : 100ms)[0];
    if (!got && out.size() >= n) break;
    while (auto frames = sub.recv(true)) out.push_back(*json::parse(frames->back()));
  }
  return out;
}

}  // namespace

TEST_CASE("ingest: 1,000 events with 10 listed documents give exactly 10 alerts, in sequence") {
  test::DaemonHarness h;
  auto imported = h.import_documents(listed_documents());
  REQUIRE(imported.find("ok")->as_bool());
  transport::Socket sub(h.context(), transport::SocketType::kSub,
                        {.recv_hwm = 100000, .subscriptions = {"alert."}});
  REQUIRE(sub.connect(h.daemon().alerts_endpoint()).ok());
  std::this_thread::sleep_for(500ms);  // PUB/SUB joins asynchronously (slow joiner)

  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  const auto events = thousand_events("E");
  for (const auto& e : events) cp.send(e);
  auto replies = cp.replies(1000);
  REQUIRE(replies.size() == 1000);
  CHECK(test::statuses(replies)["accepted"] == 1000);
  std::set<std::string> ids;
  for (const auto& r : replies) ids.insert(r.string_or("event_id"));
  CHECK(ids.size() == 1000);

  auto alerts = collect_alerts(sub, 10);
  REQUIRE(alerts.size() == 10);
  for (size_t i = 0; i < alerts.size(); ++i) {
    CHECK(alerts[i].number_or("seq", 0) == static_cast<double>(i + 1));
    CHECK(alerts[i].string_or("rule") == "listed_document");
    CHECK(alerts[i].string_or("priority") == "critical");
    CHECK(alerts[i].string_or("output") == "Listed document at BAN_LAEM");
  }

  SUBCASE("resending accepted events gives duplicate and no new alert") {
    for (int i = 0; i < 100; ++i) cp.send(events[i * 10 + 7]);
    auto again = cp.replies(100);
    REQUIRE(again.size() == 100);
    CHECK(test::statuses(again)["duplicate"] == 100);
    CHECK(collect_alerts(sub, 0).empty());
    json::Value st;
    st.set("cmd", "status");
    CHECK(h.control(st).number_or("next_alert_seq", 0) == 11);
  }

  SUBCASE("malformed events are rejected with clear errors and the daemon keeps serving") {
    std::vector<std::pair<std::string, std::string>> bad = {
        {"{not json", "malformed JSON"},
        {R"({"checkpoint":"BAN_LAEM","time":"2025-06-01T09:00:00+07:00","direction":"exit"})",
         "event_id: required field is missing"},
        {test::make_event("X1", "D1", "POIPET"), "checkpoint: unknown checkpoint \"POIPET\""},
        {std::string(1 << 20, ' '), "above the limit"},
    };
    std::vector<std::string> payloads;
    std::vector<std::string> expected;
    for (int i = 0; i < 50; ++i) {
      payloads.push_back(bad[i % bad.size()].first);
      expected.push_back(bad[i % bad.size()].second);
    }
    for (const auto& p : payloads) cp.send(p);
    cp.send_frames({"two", "frames"});
    auto rejected = cp.replies(51);
    REQUIRE(rejected.size() == 51);
    CHECK(test::statuses(rejected)["rejected"] == 51);
    for (size_t i = 0; i < 50; ++i) {
      CAPTURE(i);
      CHECK(rejected[i].string_or("error").find(expected[i]) != std::string::npos);
    }
    CHECK(rejected[2].string_or("event_id") == "X1");
    CHECK(rejected[50].string_or("error").find("exactly one frame") != std::string::npos);
    cp.send(test::make_event("AFTER-BAD", "LS100003"));
    auto after = cp.replies(1);
    REQUIRE(after.size() == 1);
    CHECK(after[0].string_or("status") == "accepted");
    auto more = collect_alerts(sub, 1);
    REQUIRE(more.size() == 1);
    CHECK(more[0].number_or("seq", 0) == 11);
  }

  SUBCASE("after a restart every accepted event and alert is still stored") {
    h.restart();
    json::Value st;
    st.set("cmd", "status");
    auto status = h.control(st);
    CHECK(status.number_or("events_stored", 0) == 1000);
    CHECK(status.number_or("next_alert_seq", 0) == 11);
    json::Value since;
    since.set("cmd", "alerts.since");
    since.set("from", 0);
    auto stored = h.control(since);
    REQUIRE(stored.find("alerts")->as_array().size() == 10);
    CHECK(stored.find("alerts")->as_array()[9].number_or("seq", 0) == 10);
    // The restarted daemon still knows what it has seen, and still has the watchlist.
    test::Checkpoint cp2(h.context(), h.daemon().ingest_endpoint());
    cp2.send(events[0]);
    cp2.send(test::make_event("NEW-1", "LS100000"));
    auto r = cp2.replies(2);
    REQUIRE(r.size() == 2);
    CHECK(test::statuses(r)["duplicate"] == 1);
    CHECK(test::statuses(r)["accepted"] == 1);
  }
}

TEST_CASE("ingest: resends of an event still in flight are answered only after it is durable") {
  test::DaemonHarness h;
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  const std::string ev = test::make_event("SAME", "OK1");
  for (int i = 0; i < 20; ++i) cp.send(ev);
  auto replies = cp.replies(20);
  REQUIRE(replies.size() == 20);
  auto counts = test::statuses(replies);
  CHECK(counts["accepted"] == 1);
  CHECK(counts["duplicate"] == 19);
  CHECK(replies[0].string_or("status") == "accepted");  // never "duplicate" before the original
  json::Value st;
  st.set("cmd", "status");
  CHECK(h.control(st).number_or("events_stored", 0) == 1);
}

TEST_CASE("alerts: a follower that was offline gets every alert once, in order") {
  test::DaemonHarness h;
  h.import_documents(listed_documents());
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  for (const auto& e : thousand_events("F")) cp.send(e);
  REQUIRE(cp.replies(1000).size() == 1000);

  alert::AlertFollower follower(h.context(), h.daemon().alerts_endpoint(),
                                h.daemon().control_endpoint(), 4);
  std::vector<uint64_t> seqs;
  auto handler = [&](const json::Value& a) {
    seqs.push_back(static_cast<uint64_t>(a.number_or("seq", 0)));
  };
  REQUIRE(follower.poll(handler, 200ms).ok());
  CHECK(seqs == std::vector<uint64_t>{4, 5, 6, 7, 8, 9, 10});
  // New alerts arrive live after the catch-up.
  for (int i = 0; i < 3; ++i)
    cp.send(test::make_event("LIVE" + std::to_string(i), "LS10000" + std::to_string(i)));
  REQUIRE(cp.replies(3).size() == 3);
  for (int i = 0; i < 50 && seqs.size() < 10; ++i) REQUIRE(follower.poll(handler, 100ms).ok());
  CHECK(seqs == std::vector<uint64_t>{4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
}
