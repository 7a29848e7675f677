// Shadow mode for stateful rules: the candidate's and the active set's stateful rules run in
// two private engines started together, and their alerts are compared by rule and event.
#include <doctest/doctest.h>

#include <map>

#include "ingest/shadow_stateful.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kMinute;
using test::kT0;

// The same rule in both sets, with a threshold of 2 in the active set and 3 in the candidate;
// `exits_per_plate` only in the active set; `absent` only in the candidate.
std::string rules_yaml(int threshold, bool candidate) {
  std::string y = R"(
- rule: courier
  desc: d
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 1h, threshold: )" +
                  std::to_string(threshold) + R"(}
  output: o
  priority: low
)";
  if (!candidate) {
    y += R"(- rule: exits_per_plate
  desc: d
  condition: direction = "exit" and vehicle.plate exists
  stateful: {aggregate: count, by: vehicle.plate, within: 1h, threshold: 2}
  output: o
  priority: low
)";
  } else {
    y += R"(- rule: absent
  desc: d
  condition: direction = "exit"
  stateful: {absent_after: direction = "entry", by: traveller.document.number, within: 2h}
  output: o
  priority: low
)";
  }
  return y;
}

std::shared_ptr<const rules::RuleSet> compile(const std::string& yaml) {
  auto r = rules::RuleSet::compile({{"test.yaml", yaml}}, test::border_config());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return r.rule_set;
}

std::map<std::string, json::Value> stateful_rows(const ingest::ShadowComparison& c) {
  std::map<std::string, json::Value> rows;
  const json::Value report = c.report();
  for (const auto& r : report.find("stateful_rules")->as_array()) rows[r.string_or("rule")] = r;
  return rows;
}

// An active set and a shadow run with the given candidate, fed through ShadowStateful.
struct ShadowRig {
  ShadowRig(const std::string& active_yaml, const std::string& candidate_yaml)
      : active(compile(active_yaml)) {
    auto r = std::make_shared<ingest::ShadowRun>();
    r->rules = compile(candidate_yaml);
    run = r;
  }
  void send(const Crossing& c) {
    std::string raw = test::json_of(c);
    auto ev = decoder.decode(raw);
    REQUIRE(ev.ok());
    engines.on_event(*ev, run, active, nullptr, c.at, comparison);
  }

  const config::Config config = test::border_config();
  event::EventDecoder decoder{config, 64 * 1024};
  std::shared_ptr<const rules::RuleSet> active;
  std::shared_ptr<const ingest::ShadowRun> run;
  ingest::ShadowComparison comparison;
  ingest::ShadowStateful engines{config, 0};
};

TEST_CASE("shadow: stateful rules compare by rule and firing event, from the same start") {
  ShadowRig rig(rules_yaml(2, false), rules_yaml(3, true));
  auto& comparison = rig.comparison;
  Crossing c;
  c.doc = "D1";
  c.plate = "1กข1234";
  for (int i = 1; i <= 4; ++i) {
    c.id = "E" + std::to_string(i);
    c.at = kT0 + i * kMinute;
    rig.send(c);
  }
  // courier: active (threshold 2) fires at E2, the candidate (3) at E3; both sides re-fire
  // only once a new window reaches the threshold, so neither fires again within the hour.
  auto rows = stateful_rows(comparison);
  REQUIRE(rows.count("courier") == 1);
  CHECK(rows["courier"].number_or("active_only", 0) == 1);
  CHECK(rows["courier"].number_or("candidate_only", 0) == 1);
  CHECK(rows["courier"].number_or("both", 0) == 0);
  CHECK(rows["courier"].find("examples_active_only")->as_array()[0].as_string() == "BAN_LAEM/E2");
  CHECK(rows["courier"].find("examples_candidate_only")->as_array()[0].as_string() ==
        "BAN_LAEM/E3");
  REQUIRE(rows.count("exits_per_plate") == 1);
  CHECK(rows["exits_per_plate"].number_or("active_only", 0) == 1);
  CHECK(rows.count("absent") == 0);  // its deadline (2 h after the exits) has not come

  // The clock passes the absence deadline: only the candidate has that rule.
  rig.engines.advance(rig.run, rig.active, kT0 + 3 * 60 * kMinute, comparison);
  rows = stateful_rows(comparison);
  REQUIRE(rows.count("absent") == 1);
  CHECK(rows["absent"].number_or("candidate_only", 0) >= 1);
  CHECK(rows["absent"].number_or("active_only", 0) == 0);

  // A new shadow run starts both engines afresh: E5 alone reaches no threshold.
  comparison.reset();
  rig.run = std::make_shared<ingest::ShadowRun>(*rig.run);
  c.id = "E5";
  c.at = kT0 + 5 * kMinute;
  rig.send(c);
  CHECK(stateful_rows(comparison).empty());
}

TEST_CASE("shadow: the same stateful rule on both sides counts as both") {
  ShadowRig rig(rules_yaml(2, false), rules_yaml(2, false));
  Crossing c;
  for (int i = 1; i <= 2; ++i) {
    c.id = "B" + std::to_string(i);
    c.at = kT0 + i * kMinute;
    rig.send(c);
  }
  auto rows = stateful_rows(rig.comparison);
  REQUIRE(rows.count("courier") == 1);
  CHECK(rows["courier"].number_or("both", 0) == 1);
  CHECK(rows["courier"].number_or("candidate_only", 0) == 0);
  CHECK(rows["courier"].number_or("active_only", 0) == 0);
}

}  // namespace
