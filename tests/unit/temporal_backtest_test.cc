// Backtest on a fixed event log: stored out of order, replayed in event time through a
// candidate rule set, from a read-only view opened while the writer still holds the store.
#include <doctest/doctest.h>

#include "temporal/backtest.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kDay;
using test::kMinute;
using test::kT0;

const char* kCandidate = R"(
- rule: too_fast
  desc: d
  condition: traveller.document.number exists
  stateful: {impossible_travel: 60, by: traveller.document.number}
  output: "{traveller.document.number} at {checkpoint}"
  priority: critical
- rule: no_return
  desc: d
  condition: direction = "exit"
  stateful: {absent_after: direction = "entry", by: traveller.document.number, within: 2d}
  output: "{traveller.document.number} gone"
  priority: medium
- rule: never_fires
  desc: d
  condition: direction = "exit"
  stateful: {aggregate: count, by: traveller.document.number, within: 1h, threshold: 10}
  output: "o"
  priority: low
)";

Crossing crossing(const char* id, int64_t t, const char* doc, const char* cp, const char* dir) {
  Crossing c;
  c.id = id;
  c.at = t;
  c.doc = doc;
  c.checkpoint = cp;
  c.direction = dir;
  return c;
}

TEST_CASE("backtest replays the stored log in event time and reports per rule") {
  test::TempDir dir;
  auto writer = store::Store::open(dir.str());
  REQUIRE(writer.ok());
  // Stored in this (arrival) order; the backlog from BAN_PHAKKAD came last.
  const std::vector<Crossing> log = {
      crossing("L1", kT0, "D1", "BAN_LAEM", "exit"),
      crossing("L2", kT0 + kDay, "D2", "BAN_LAEM", "exit"),
      crossing("L3", kT0 + kDay + kMinute, "D2", "BAN_LAEM", "entry"),
      crossing("P1", kT0 + 10 * kMinute, "D1", "BAN_PHAKKAD", "exit"),  // backlog
      crossing("L4", kT0 + 9 * kDay, "D3", "BAN_LAEM", "exit"),         // after --to
  };
  std::vector<std::string> keys, raws;
  for (const auto& c : log) {
    keys.push_back(c.checkpoint + "/" + c.id);
    raws.push_back(test::json_of(c));
  }
  store::CommitBatch cb;
  for (size_t i = 0; i < log.size(); ++i) cb.events.emplace_back(keys[i], raws[i]);
  REQUIRE((*writer)->commit(cb).ok());

  auto reader = store::Store::open_read_only(dir.str());  // beside the open writer
  REQUIRE_MESSAGE(reader.ok(), reader.error().message);
  auto rules = rules::RuleSet::compile({{"c.yaml", kCandidate}}, test::border_config());
  REQUIRE(rules.ok());
  auto r =
      temporal::backtest(**reader, *rules.rule_set, test::border_config(), kT0, kT0 + 5 * kDay);
  REQUIRE(r.ok());
  CHECK(r->events_replayed == 4);
  CHECK(r->fired ==
        std::map<std::string, size_t>{{"too_fast", 1}, {"no_return", 2}, {"never_fires", 0}});
  REQUIRE(r->alerts.size() == 3);
  CHECK(r->alerts[0].hits.front().rule == "too_fast");
  CHECK(r->alerts[0].event_id == "P1");
  REQUIRE(r->alerts[0].context.size() == 2);
  CHECK(r->alerts[0].context[0].event_id == "L1");
  // D1's two exits never came back (D2 did), fired by the deadlines at the end of the replay.
  CHECK(r->alerts[1].hits.front().output == "D1 gone");
  CHECK(r->alerts[1].event_id == "L1");
  CHECK(r->alerts[2].event_id == "P1");

  auto none = store::Store::open_read_only((dir.path() / "missing").string());
  CHECK_FALSE(none.ok());
}

}  // namespace
