// Rules engine: test cases written in rule files (`- test:` items) and their runner.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/loader.h"
#include "rules/rule_set.h"
#include "rules/rule_tests.h"
#include "rules/sources.h"
#include "rules/stateful.h"
#include "rules_support.h"
#include "ruletest/runner.h"

namespace {

using namespace bw;
using test::two_points;

const std::string kRules = R"(- macro: outbound
  condition: direction = "exit"
- rule: bulk_sim
  desc: d
  condition: goods[category = "sim_card"].count > 20
  output: "sims {goods[category = \"sim_card\"].count} {event_id}"
  priority: high
- rule: stolen
  desc: d
  condition: watchlist("stolen", traveller.document.number)
  output: stolen
  priority: critical
- rule: closed
  desc: d
  condition: site.status = "closed"
  output: closed
  priority: high
- rule: off
  desc: d
  condition: outbound
  output: off
  priority: info
  enabled: false
)";

// An event at Ban Laem, 10:00 local, with `more` added to its members.
std::string event_yaml(const std::string& more = "") {
  return "{checkpoint: BAN_LAEM, time: \"2025-06-01T10:00:00+07:00\", direction: exit" +
         (more.empty() ? "" : ", " + more) + "}";
}

std::string test_item(const std::string& name, const std::string& rule, const std::string& expect,
                      const std::string& event_yaml, const std::string& extra = "") {
  return "- test: " + name + "\n  rule: " + rule + "\n  expect: " + expect + "\n" + extra +
         "  event: " + event_yaml + "\n";
}

int line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::vector<std::string> messages(const std::vector<rules::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.to_string());
  return out;
}

const std::string kSims21 = "goods: [{category: sim_card, count: 21}]";
const std::string kListed = "traveller: {document: {number: AB-12}}";
const std::string kStolenList = "  watchlists: {stolen: [\"ab 12\"]}\n";

}  // namespace

TEST_CASE("rule tests: pass and fail; a failure lists the rules that did fire") {
  const std::string tests =
      test_item("t1", "bulk_sim", "fire", event_yaml(kSims21)) +
      test_item("t2", "bulk_sim", "no_fire", event_yaml(kSims21 + ", " + kListed), kStolenList) +
      test_item("t3", "stolen", "fire", event_yaml(kListed)) +
      test_item("t4", "stolen", "fire", event_yaml(kListed), kStolenList) +
      test_item("t5", "closed", "fire", event_yaml(), "  site: {status: closed}\n") +
      test_item("t6", "closed", "no_fire", event_yaml()) +
      test_item("t7", "off", "fire", event_yaml());
  const std::string text = kRules + tests;
  const ruletest::TestRun run = ruletest::run_rule_tests({{"t.yaml", text}}, two_points());
  INFO(rules::format_diagnostics(run.compiled.diagnostics));
  REQUIRE(run.compiled.ok());
  CHECK(run.compiled.diagnostics.empty());
  CHECK_FALSE(run.has_errors());
  REQUIRE(run.results.size() == 7);
  std::vector<bool> passed;
  for (const auto& r : run.results) passed.push_back(r.passed);
  CHECK(passed == std::vector<bool>{true, false, false, true, true, true, false});
  CHECK(run.failed() == 3);
  CHECK(run.results[1].fired.size() == 2);
  CHECK(run.results[0].fired.front().output ==
        "sims 21 test-" + std::to_string(line_of(text, "- test: t1")));
  CHECK(run.results[6].note == "rule 'off' is disabled");

  const std::string report = ruletest::format_test_report(run, false);
  INFO(report);
  const std::string t2 = "t.yaml:" + std::to_string(line_of(text, "- test: t2"));
  CHECK(
      report.find("FAIL    " + t2 + "  bulk_sim: no_fire  t2\n        fired: bulk_sim, stolen\n") !=
      std::string::npos);
  CHECK(report.find("stolen: fire       t3\n        fired: nothing\n") != std::string::npos);
  CHECK(report.find("off: fire          t7\n        fired: nothing\n        note: rule 'off' "
                    "is disabled\n") != std::string::npos);
  CHECK(report.find("PASS    t.yaml:") == report.find('\n') + 1);  // header, then t1
  CHECK(report.substr(report.rfind('\n', report.size() - 2) + 1) ==
        "7 tests: 4 passed, 3 failed\n");
  // Verbose: every test lists what fired, with the rendered output.
  CHECK(ruletest::format_test_report(run, true).find("        fired: stolen: stolen\n") !=
        std::string::npos);
}

TEST_CASE("rule tests: YAML scalars become JSON values as documented") {
  const std::string text =
      kRules + test_item("types", "bulk_sim", "no_fire",
                         event_yaml("party_size: 4, lane: \"4\", attributes: {"
                                    "a: true, b: null, c: 'true', d: 1e3, "
                                    "e: +1, f: 0x1F, g: -2.5, h: inf, i: 2025-06-01}"));
  std::vector<rules::RuleTest> tests;
  auto r = rules::compile_with_tests({{"t.yaml", text}}, two_points(), tests);
  REQUIRE(r.ok());
  REQUIRE(tests.size() == 1);
  REQUIRE(tests[0].events.size() == 1);
  const json::Value& ev = tests[0].events[0].body;
  CHECK(ev.find("party_size")->as_number() == 4);
  CHECK(ev.find("lane")->as_string() == "4");
  const json::Value& a = *ev.find("attributes");
  CHECK(a.find("a")->as_bool());
  CHECK(a.find("b")->is_null());
  CHECK(a.find("c")->as_string() == "true");
  CHECK(a.find("d")->as_number() == 1000);
  CHECK(a.find("g")->as_number() == -2.5);
  for (const char* s : {"e", "f", "h", "i"}) {
    CAPTURE(s);
    CHECK(a.find(s)->is_string());
  }
  CHECK(tests[0].name == "types");
  CHECK(tests[0].at.file == "t.yaml");
  CHECK(tests[0].at.line == line_of(text, "- test: types"));
  CHECK(tests[0].at.column == 9);
}

const std::string kStatefulRules = R"(- rule: courier
  desc: d
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 1d, threshold: 3}
  output: "courier {traveller.document.number}"
  priority: high
- rule: no_return
  desc: d
  condition: direction = "exit"
  stateful: {absent_after: direction = "entry", by: traveller.document.number, within: 2d}
  output: "gone {traveller.document.number}"
  priority: medium
)";

std::string crossing(const std::string& time, const std::string& direction = "exit") {
  return "    - {checkpoint: BAN_LAEM, time: \"" + time + "\", direction: " + direction +
         ", traveller: {document: {number: P1}}}\n";
}

std::string stream_test(const std::string& name, const std::string& rule, const std::string& expect,
                        const std::vector<std::string>& events, const std::string& until = "") {
  std::string out = "- test: " + name + "\n  rule: " + rule + "\n  expect: " + expect + "\n";
  if (!until.empty()) out += "  until: \"" + until + "\"\n";
  out += "  events:\n";
  for (const std::string& e : events) out += e;
  return out;
}

TEST_CASE("rule tests: a stream of events tests stateful rules, `until` fires absences") {
  const std::string day1 = "2025-06-01T";
  const std::string tests =
      stream_test("three in a day", "courier", "fire",
                  {crossing(day1 + "09:00:00+07:00"), crossing(day1 + "12:00:00+07:00"),
                   crossing(day1 + "15:00:00+07:00")}) +
      stream_test("two in a day", "courier", "no_fire",
                  {crossing(day1 + "09:00:00+07:00"), crossing(day1 + "12:00:00+07:00")}) +
      stream_test("three over three days", "courier", "no_fire",
                  {crossing(day1 + "10:00:00+07:00"), crossing("2025-06-02T11:00:00+07:00"),
                   crossing("2025-06-03T12:00:00+07:00")}) +
      stream_test("gone past the deadline", "no_return", "fire",
                  {crossing(day1 + "10:00:00+07:00")}, "2025-06-03T10:00:00+07:00") +
      stream_test(
          "came back", "no_return", "no_fire",
          {crossing(day1 + "10:00:00+07:00"), crossing("2025-06-02T10:00:00+07:00", "entry")},
          "2025-06-05T00:00:00+07:00") +
      stream_test("no clock, no deadline", "no_return", "no_fire",
                  {crossing(day1 + "10:00:00+07:00")}) +
      stream_test("a minute before the deadline", "no_return", "fire",
                  {crossing(day1 + "10:00:00+07:00")}, "2025-06-03T09:59:00+07:00");
  const ruletest::TestRun run =
      ruletest::run_rule_tests({{"t.yaml", kRules + kStatefulRules + tests}}, two_points());
  INFO(rules::format_diagnostics(run.compiled.diagnostics));
  REQUIRE(run.compiled.ok());
  CHECK_FALSE(run.has_errors());
  REQUIRE(run.results.size() == 7);
  std::vector<bool> passed;
  for (const auto& r : run.results) passed.push_back(r.passed);
  CHECK(passed == std::vector<bool>{true, true, true, true, true, true, false});
  CHECK(run.results[0].fired.size() == 1);  // the third crossing, not one per event
  const std::string report = ruletest::format_test_report(run, true);
  CHECK(report.find("        fired: courier: courier P1\n") != std::string::npos);
  CHECK(report.find("        fired: no_return: gone P1\n") != std::string::npos);
  CHECK(report.find("7 tests: 6 passed, 1 failed") != std::string::npos);
}

TEST_CASE("rule tests: well-formed tests load in the daemon and are ignored") {
  const std::string text = kRules + test_item("t1", "bulk_sim", "fire", event_yaml(kSims21));
  auto r = rules::RuleSet::compile({{"t.yaml", text}}, two_points());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  CHECK(r.rule_set->rules().size() == 4);
}

TEST_CASE("rule tests: a malformed test item is a load error at its position") {
  struct Case {
    std::string yaml;
    std::string error;
  };
  const std::string head = "- test: x\n  rule: bulk_sim\n";
  const Case cases[] = {
      {head + "  expect: fire\n", "t.yaml:1:9: error: test 'x' needs either 'event' or 'events'"},
      {head + "  expect: fire\n  event: {}\n  events: [{}]\n",
       "t.yaml:1:9: error: test 'x' needs either 'event' or 'events', not both"},
      {head + "  expect: fire\n  events: []\n",
       "t.yaml:4:11: error: 'events' must be a list of 1 to 1000 event mappings"},
      {head + "  expect: fire\n  events: [{}, 3]\n",
       "t.yaml:4:16: error: an event must be a mapping of event fields, such as {checkpoint: "
       "BAN_LAEM}"},
      {head + "  expect: fire\n  event: {}\n  until: tomorrow\n",
       "t.yaml:5:10: error: 'until' must be an RFC 3339 time with an offset, such as "
       "\"2025-06-20T00:00:00+07:00\", not 'tomorrow'"},
      {"- test: x\n  expect: fire\n  event: {}\n", "t.yaml:1:9: error: test 'x' is missing 'rule'"},
      {head + "  expect: maybe\n  event: {}\n",
       "t.yaml:3:11: error: 'expect' must be fire or no_fire, not 'maybe'"},
      {head + "  expect: fire\n  event: [a]\n",
       "t.yaml:4:10: error: an event must be a mapping of event fields, such as {checkpoint: "
       "BAN_LAEM}"},
      {head + "  expect: fire\n  event: {}\n  desc: d\n",
       "t.yaml:5:3: error: unknown key 'desc' in test (allowed: test, rule, expect, event, "
       "events, watchlists, site, until)"},
      {head + "  expect: fire\n  event: {}\n  site: {status: shut}\n",
       "t.yaml:5:18: error: site status must be open, closed or restricted, not 'shut'"},
      {head + "  expect: fire\n  event: {}\n  site: {km: 3}\n",
       "t.yaml:5:10: error: unknown key 'km' in site (allowed: status, type)"},
      {head + "  expect: fire\n  event: {}\n  watchlists: [stolen]\n",
       "t.yaml:5:15: error: 'watchlists' must be a mapping such as {lost_stolen_documents: "
       "[AA1234567]}"},
      {head + "  expect: fire\n  event: {}\n  watchlists: {stolen: AB12}\n",
       "t.yaml:5:24: error: 'watchlist entries' must be a sequence such as [a, b]"},
      {head + "  expect: fire\n  event: {a: {b: "
              "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}\n",
       "t.yaml:4:49: error: event is nested more than 32 levels deep"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    auto r = rules::RuleSet::compile({{"t.yaml", kRules + c.yaml}}, two_points());
    CHECK_FALSE(r.ok());
    // The lines above count from the test item; kRules comes first.
    const size_t colon = c.error.find(':', 7);
    const int line = std::stoi(c.error.substr(7, colon - 7)) +
                     static_cast<int>(std::count(kRules.begin(), kRules.end(), '\n'));
    const std::string expected = "t.yaml:" + std::to_string(line) + c.error.substr(colon);
    const auto got = messages(r.diagnostics);
    REQUIRE(got.size() == 1);
    CHECK(got.front() == expected);
  }
}

TEST_CASE("rule tests: YAML aliases cannot blow an event up") {
  std::string yaml =
      "- test: bomb\n  rule: bulk_sim\n  expect: fire\n  event:\n    a0: &a0 [x, x, x, x, x, x, x, "
      "x, x, x]\n";
  for (int i = 1; i < 6; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "    a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 0; k < 9; ++k) yaml += ", " + prev;
    yaml += "]\n";
  }
  auto r = rules::RuleSet::compile({{"t.yaml", kRules + yaml}}, two_points());
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].message == "event has more than 10000 values");
}

TEST_CASE("rule tests: an unknown rule or an invalid event is an error; other tests run") {
  const std::string tests =
      test_item("good", "bulk_sim", "fire", event_yaml(kSims21)) +
      test_item("typo", "bulk_sims", "fire", event_yaml(kSims21)) +
      test_item("bad time", "bulk_sim", "fire",
                "{checkpoint: BAN_LAEM, time: today, direction: exit}") +
      test_item("quoted number", "bulk_sim", "fire", event_yaml("party_size: \"4\""));
  const std::string text = kRules + tests;
  const ruletest::TestRun run = ruletest::run_rule_tests({{"t.yaml", text}}, two_points());
  REQUIRE(run.compiled.ok());
  CHECK(run.has_errors());
  REQUIRE(run.results.size() == 1);
  CHECK(run.results[0].test->name == "good");
  const auto at = [&](const std::string& needle, int column) {
    return "t.yaml:" + std::to_string(line_of(text, needle)) + ":" + std::to_string(column);
  };
  CHECK(messages(run.compiled.diagnostics) ==
        std::vector<std::string>{
            at("  rule: bulk_sims", 9) + ": error: test 'typo': no rule named 'bulk_sims'",
            at("{checkpoint: BAN_LAEM, time: today", 10) +
                ": error: test 'bad time': invalid event: time: not RFC 3339 with an offset "
                "(got \"today\")",
            at("party_size: \"4\"", 10) +
                ": error: test 'quoted number': invalid event: party_size: must be a number, "
                "not a string"});
  CHECK(ruletest::format_test_report(run, false).find("4 tests: 1 passed, 0 failed, 3 not run") !=
        std::string::npos);
}

TEST_CASE("rule tests: the shipped pack tests every rule both ways, and passes") {
  auto cfg = config::load_file(BW_SOURCE_DIR "/config/borderwatch.yaml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.error().message);
  auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
  REQUIRE_MESSAGE(sources.ok(), sources.error().message);
  const ruletest::TestRun run = ruletest::run_rule_tests(*sources, *cfg);
  INFO(rules::format_diagnostics(run.compiled.diagnostics));
  INFO(ruletest::format_test_report(run, false));
  REQUIRE(run.compiled.ok());
  CHECK(run.compiled.diagnostics.empty());
  CHECK(run.results.size() == run.tests.size());
  CHECK(run.failed() == 0);
  CHECK_FALSE(run.compiled.rule_set->stateful_rules().empty());  // tested with `events`
  for (const rules::RuleInfo& rule : run.compiled.rule_set->rules()) {
    CAPTURE(rule.name);
    auto tested = [&](bool fire) {
      return std::any_of(run.tests.begin(), run.tests.end(), [&](const rules::RuleTest& t) {
        return t.rule == rule.name && t.expect_fire == fire;
      });
    };
    CHECK(tested(true));
    CHECK(tested(false));
  }
}
