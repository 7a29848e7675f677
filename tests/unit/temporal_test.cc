// Stateful rules: each construct at its window edges, out of order and late, across a
// restart, and absences fired by the watermark and by the wall clock.
#include <doctest/doctest.h>

#include "temporal/carry_over.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kDay;
using test::kHour;
using test::kMinute;
using test::kT0;
using test::TemporalRig;
using Names = std::vector<std::string>;

const char* kCount = test::kTwiceAnHourRule;

const char* kDistinct = R"(
- rule: three_parties
  desc: d
  condition: direction = "exit" and party_id exists
  stateful: {aggregate: distinct(party_id), by: vehicle.plate, within: 7d, threshold: 3}
  output: "{vehicle.plate}"
  priority: high
)";

const char* kAbsentAfter = R"(
- rule: no_return
  desc: d
  condition: direction = "exit"
  stateful: {absent_after: direction = "entry", by: traveller.document.number, within: 7d}
  output: "{traveller.document.number} left at {checkpoint}"
  priority: medium
)";

const char* kAbsentBefore = R"(
- rule: no_exit
  desc: d
  condition: direction = "entry"
  stateful: {absent_before: direction = "exit", by: traveller.id_number, within: 180d}
  output: "{traveller.id_number}"
  priority: medium
)";

const char* kTravel = R"(
- rule: too_fast
  desc: d
  condition: traveller.document.number exists
  stateful: {impossible_travel: 60, by: traveller.document.number}
  output: "{traveller.document.number}"
  priority: critical
)";

Crossing at(int64_t t, const std::string& doc = "AA1111111") {
  Crossing c;
  c.at = t;
  c.doc = doc;
  return c;
}

TEST_CASE("count window: an event exactly `within` later fires, one second more does not") {
  TemporalRig rig(kCount);
  CHECK(rig.send(at(kT0, "A")).empty());
  CHECK(rig.send(at(kT0 + kHour, "A")) == Names{"twice_an_hour"});
  CHECK(rig.send(at(kT0, "B")).empty());
  CHECK(rig.send(at(kT0 + kHour + 1000, "B")).empty());
  // The alert names the events that made it fire.
  const auto& a = rig.alerts().at(0);
  REQUIRE(a.context.size() == 2);
  CHECK(a.context[0].event_id == "e1");
  CHECK(a.context[1].event_id == "e2");
  CHECK(a.context[1].time.utc_ms == kT0 + kHour);
  CHECK(a.context[0].checkpoint == "BAN_LAEM");
}

TEST_CASE("count window: a key fires once per window, not on every further event") {
  TemporalRig rig(kCount);
  CHECK(rig.send(at(kT0)).empty());
  CHECK(rig.send(at(kT0 + kMinute)).size() == 1);
  CHECK(rig.send(at(kT0 + 2 * kMinute)).empty());
  CHECK(rig.send(at(kT0 + kHour + kMinute)).empty());          // still within the quiet window
  CHECK(rig.send(at(kT0 + 3 * kHour)).empty());                // alone in its window
  CHECK(rig.send(at(kT0 + 3 * kHour + kMinute)).size() == 1);  // a new episode
}

TEST_CASE("count window: out-of-order events count by event time; late ones are not applied") {
  TemporalRig rig(kCount, 3 * kHour);
  CHECK(rig.send(at(kT0 + 2 * kHour)).empty());
  // Arrives after the 02:00 event but happened at 00:30: within lateness, completes nothing
  // with 02:00 (90 minutes apart), but pairs with the 00:00 event that arrives next.
  CHECK(rig.send(at(kT0 + 30 * kMinute)).empty());
  CHECK(rig.last_outcome == temporal::Engine::Outcome::kApplied);
  CHECK(rig.send(at(kT0)) == Names{"twice_an_hour"});
  // Beyond the allowed lateness: stored by ingest, counted, never applied to a window.
  CHECK(rig.send(at(kT0 + 10 * kHour, "C")).empty());
  CHECK(rig.send(at(kT0 + 6 * kHour, "C")).empty());
  CHECK(rig.last_outcome == temporal::Engine::Outcome::kLate);
  CHECK(rig.engine().late_events() == 1);
  CHECK(rig.send(at(kT0 + 10 * kHour + kMinute, "C")) == Names{"twice_an_hour"});
  CHECK(rig.alerts().back().context.size() == 2);  // the late one is not among them
}

TEST_CASE("distinct window: three different parties fire, the same party again does not") {
  TemporalRig rig(kDistinct);
  auto trip = [](int64_t t, const char* party) {
    Crossing c = at(t);
    c.plate = "1กข1234";
    c.party = party;
    return c;
  };
  CHECK(rig.send(trip(kT0, "P1")).empty());
  CHECK(rig.send(trip(kT0 + kDay, "P2")).empty());
  CHECK(rig.send(trip(kT0 + 2 * kDay, "P2")).empty());         // same party: still 2
  CHECK(rig.send(trip(kT0 + 7 * kDay + 1000, "P3")).empty());  // P1 one second out of reach
  CHECK(rig.send(trip(kT0 + 7 * kDay + 2000, "P4")) == Names{"three_parties"});
}

TEST_CASE("a restart in the middle of a window continues it: no missed, no repeated alert") {
  TemporalRig rig(kCount);
  CHECK(rig.send(at(kT0)).empty());
  rig.restart();  // nothing but the committed batches survives
  CHECK(rig.send(at(kT0 + 10 * kMinute)) == Names{"twice_an_hour"});
  rig.restart();
  CHECK(rig.send(at(kT0 + 20 * kMinute)).empty());  // the quiet window survived too
  CHECK(rig.engine().group_count() == 1);
}

TEST_CASE("absent_after fires by watermark once the window has passed, not when answered") {
  TemporalRig rig(kAbsentAfter, kHour);
  Crossing out = at(kT0, "X1");
  CHECK(rig.send(out).empty());
  Crossing out2 = at(kT0, "X2");
  CHECK(rig.send(out2).empty());
  Crossing back = at(kT0 + 7 * kDay, "X2");  // exactly at the deadline: in time
  back.direction = "entry";
  CHECK(rig.send(back).empty());
  CHECK(rig.engine().pending_deadlines() == 1);
  // An unrelated event moves the watermark to the deadline: X1 fires, once.
  CHECK(rig.send(at(kT0 + 7 * kDay + kHour - 1, "Z")).empty());
  CHECK(rig.tick(0).empty());
  rig.send(at(kT0 + 7 * kDay + kHour, "Z2"));
  CHECK(rig.tick(0) == Names{"no_return"});
  CHECK(rig.tick(0).empty());
  const auto& a = rig.alerts().back();
  CHECK(a.event_id == "e1");
  CHECK(a.hits.front().output == "X1 left at BAN_LAEM");
  CHECK(a.direction == "exit");
}

TEST_CASE("absent_after fires by the wall clock with no further event, also after a restart") {
  TemporalRig rig(kAbsentAfter, kHour);
  CHECK(rig.send(at(kT0, "X1")).empty());
  rig.restart();
  CHECK(rig.engine().pending_deadlines() == 1);
  CHECK(rig.tick(kT0 + 7 * kDay + kHour - 1).empty());
  CHECK(rig.tick(kT0 + 7 * kDay + kHour) == Names{"no_return"});
  rig.restart();
  CHECK(rig.tick(kT0 + 8 * kDay + kHour).empty());  // fired once, durably
}

TEST_CASE("absent_after: a return that arrives before its exit (out of order) answers it") {
  TemporalRig rig(kAbsentAfter, 2 * kDay);
  Crossing back = at(kT0 + kDay, "X1");
  back.direction = "entry";
  CHECK(rig.send(back).empty());
  CHECK(rig.send(at(kT0, "X1")).empty());
  CHECK(rig.engine().pending_deadlines() == 0);
}

TEST_CASE("absent_before: an entry with no exit in the window fires after the lateness") {
  TemporalRig rig(kAbsentBefore, kHour);
  Crossing out = at(kT0);
  out.id_number = "1";
  CHECK(rig.send(out).empty());
  Crossing in1 = at(kT0 + 180 * kDay);  // exactly 180 days after the exit: answered
  in1.id_number = "1";
  in1.direction = "entry";
  CHECK(rig.send(in1).empty());
  Crossing in2 = at(kT0 + 180 * kDay + 1000);  // a different person, never left
  in2.id_number = "2";
  in2.direction = "entry";
  CHECK(rig.send(in2).empty());
  // Her exit, uploaded late but within the lateness, would still have answered; none comes.
  CHECK(rig.tick(kT0 + 180 * kDay + kHour).empty());
  CHECK(rig.tick(kT0 + 180 * kDay + kHour + 1000) == Names{"no_exit"});
}

TEST_CASE("absent_before: a late-arriving exit cancels the pending alert") {
  TemporalRig rig(kAbsentBefore, kHour);
  CHECK(rig.send(at(kT0 - 200 * kDay, "ZZ0000000")).empty());  // history long enough
  Crossing in = at(kT0 + kDay);
  in.direction = "entry";
  CHECK(rig.send(in).empty());
  CHECK(rig.send(at(kT0 + kDay - 30 * kMinute)).empty());  // the exit from a backlog
  CHECK(rig.tick(kT0 + 3 * kDay).empty());
}

TEST_CASE("absent_before stays silent until the rule has watched a whole window") {
  TemporalRig rig(kAbsentBefore, kHour);
  Crossing first = at(kT0, "ZZ0000000");  // the rule's history starts here
  CHECK(rig.send(first).empty());
  Crossing early = at(kT0 + 179 * kDay);  // window reaches back before kT0: unknown, no alert
  early.id_number = "1";
  early.direction = "entry";
  CHECK(rig.send(early).empty());
  Crossing covered = at(kT0 + 180 * kDay);  // window starts exactly at kT0: judged
  covered.id_number = "2";
  covered.direction = "entry";
  CHECK(rig.send(covered).empty());
  CHECK(rig.tick(kT0 + 181 * kDay) == Names{"no_exit"});
  CHECK(rig.alerts().back().fields.front().second.find('2') != std::string::npos);
}

TEST_CASE("impossible travel: 23 km in 10 minutes fires, in 30 minutes does not") {
  TemporalRig rig(kTravel);
  CHECK(rig.send(at(kT0, "A")).empty());
  Crossing far = at(kT0 + 10 * kMinute, "A");
  far.checkpoint = "BAN_PHAKKAD";  // km 70 vs 47: 23 minutes at 60 km/h
  CHECK(rig.send(far) == Names{"too_fast"});
  CHECK(rig.alerts().back().context.size() == 2);
  CHECK(rig.send(at(kT0, "B")).empty());
  Crossing slow = at(kT0 + 23 * kMinute, "B");  // exactly the travel time: possible
  slow.checkpoint = "BAN_PHAKKAD";
  CHECK(rig.send(slow).empty());
  // Out of order: the later crossing arrives first.
  Crossing first = at(kT0 + 5 * kMinute, "C");
  first.checkpoint = "SAP_TARI";
  CHECK(rig.send(first).empty());
  CHECK(rig.send(at(kT0, "C")) == Names{"too_fast"});
}

TEST_CASE("state of an unchanged rule survives a reload; a changed rule starts fresh") {
  TemporalRig rig(kCount);
  CHECK(rig.send(at(kT0)).empty());
  rig.load_rules(kCount);  // same text: same identity
  CHECK(rig.send(at(kT0 + kMinute)).size() == 1);
  std::string changed = kCount;
  changed.replace(changed.find("1h"), 2, "2h");
  rig.load_rules(changed);
  CHECK(rig.send(at(kT0 + 2 * kMinute, "D")).empty());
  CHECK(rig.send(at(kT0 + 3 * kMinute)).empty());  // the old count is not this rule's
}

TEST_CASE("expired state is removed once the watermark passes it") {
  TemporalRig rig(kCount, kHour);
  for (int i = 0; i < 50; ++i) rig.send(at(kT0 + i * 1000, "K" + std::to_string(i)));
  CHECK(rig.engine().group_count() == 50);
  rig.send(at(kT0 + 3 * kHour, "LAST"));
  rig.tick(0);
  CHECK(rig.engine().group_count() == 1);
  size_t keys = 0;
  REQUIRE(rig.store()
              .scan_rule_state([&](std::string_view, std::string_view) {
                ++keys;
                return true;
              })
              .ok());
  CHECK(keys == 3);  // LAST's group, the watermark and the rule's history start
}

TEST_CASE("a key's state removed and begun again keeps its new expiry, not the old one's") {
  TemporalRig rig(kAbsentAfter, kHour);
  auto entry = [](int64_t t, const char* doc) {
    Crossing c = at(t, doc);
    c.direction = "entry";
    return c;
  };
  CHECK(rig.send(at(kT0, "X1")).empty());
  CHECK(rig.send(entry(kT0 + 7 * kDay + kHour, "Z")).empty());
  CHECK(rig.tick(0) == Names{"no_return"});  // X1's state is gone; its expiry was due later
  CHECK(rig.send(at(kT0 + 7 * kDay + kHour + 1000, "X1")).empty());  // X1 leaves again
  // The watermark has passed the first state's expiry: the new state is neither pruned nor
  // written again.
  CHECK(rig.tick(0).empty());
  CHECK(rig.last_ops == 0);
  CHECK(rig.engine().pending_deadlines() == 1);
  CHECK(rig.send(entry(kT0 + 14 * kDay + 2 * kHour + 1000, "W")).empty());
  CHECK(rig.tick(0) == Names{"no_return"});
  CHECK(rig.alerts().back().hits.front().output.rfind("X1", 0) == 0);
}

TEST_CASE("stateful rule syntax errors name the key and its position") {
  auto compile = [](const std::string& stateful) {
    std::string yaml =
        "- rule: r\n  desc: d\n  condition: direction = \"exit\"\n  output: o\n"
        "  priority: low\n  stateful: " +
        stateful + "\n";
    auto r = rules::RuleSet::compile({{"f.yaml", yaml}}, test::border_config());
    return rules::format_diagnostics(r.diagnostics);
  };
  CHECK(compile("{aggregate: count, by: vehicle.plate, within: 7x, threshold: 3}")
            .find("f.yaml:6:") != std::string::npos);
  CHECK(compile("{aggregate: count, by: vehicle.plate, within: 7d}").find("needs 'threshold'") !=
        std::string::npos);
  CHECK(compile("{aggregate: distinct(vehicle.plat), by: vehicle.plate, within: 7d, threshold: 3}")
            .find("vehicle.plat") != std::string::npos);
  CHECK(compile("{absent_after: direction = , by: party_id, within: 1d}").find("error") !=
        std::string::npos);
  CHECK(compile("{aggregate: count, by: party_id, within: 1d, threshold: 2, colour: red}")
            .find("unknown key 'colour'") != std::string::npos);
  CHECK(compile("{aggregate: count, by: party_id, within: 1d, threshold: 2}").empty());
}

}  // namespace

TEST_CASE("carry_over reports which stateful rules keep state and which start fresh") {
  auto compile = [](const std::string& yaml) {
    auto r = rules::RuleSet::compile({{"t.yaml", yaml}}, test::border_config());
    REQUIRE(r.ok());
    return r.rule_set;
  };
  auto v1 = compile(std::string(kCount) + kTravel);
  std::string changed = kCount;
  changed.replace(changed.find("threshold: 2"), 12, "threshold: 3");
  auto v2 = compile(changed + kTravel);
  auto first = temporal::carry_over(nullptr, *v1);
  CHECK(first.fresh == Names{"twice_an_hour", "too_fast"});
  auto second = temporal::carry_over(v1.get(), *v2);
  CHECK(second.kept == Names{"too_fast"});
  CHECK(second.fresh == Names{"twice_an_hour"});
}

TEST_CASE("a window that opens and closes within one batch writes nothing for its key") {
  TemporalRig rig(kCount, kHour);
  temporal::StateOps ops;
  std::vector<alert::Alert> alerts;
  const config::Config config = test::border_config();  // the decoder keeps a reference
  event::EventDecoder decoder(config, 64 * 1024);
  for (int i = 0; i < 3; ++i) {
    Crossing c = at(kT0 + i * 3 * kHour, "K" + std::to_string(i));
    c.id = "b" + std::to_string(i);
    auto ev = decoder.decode(test::json_of(c));
    REQUIRE(ev.ok());
    rig.engine().on_event(*ev, rig.rules(), nullptr, c.at, ops, alerts);
    rig.engine().advance(rig.rules(), 0, ops, alerts);
  }
  temporal::coalesce(ops);
  size_t groups = 0;
  for (const auto& op : ops) groups += op.first[0] == 'k' ? 1 : 0;
  CHECK(groups == 1);  // K0 and K1 expired inside the batch: no put, no delete; K2 is live
  CHECK(rig.engine().group_count() == 1);
}

TEST_CASE("absent_after keeps an awaited event only until the watermark passes it") {
  TemporalRig rig(kAbsentAfter, kHour);
  Crossing back = at(kT0, "R1");
  back.direction = "entry";
  rig.send(back);
  CHECK(rig.engine().group_count() == 1);
  Crossing later = at(kT0 + kHour, "R2");
  later.direction = "entry";
  rig.send(later);  // watermark = kT0: R1's entry can no longer answer an on-time exit
  rig.tick(0);
  CHECK(rig.engine().group_count() == 2);
  Crossing later2 = at(kT0 + kHour + 1, "R3");
  later2.direction = "entry";
  rig.send(later2);
  rig.tick(0);
  CHECK(rig.engine().group_count() == 2);  // R1 gone; R2 and R3 kept
  CHECK(rig.send(at(kT0 - 1, "R1")).empty());
  CHECK(rig.last_outcome == temporal::Engine::Outcome::kLate);
}
