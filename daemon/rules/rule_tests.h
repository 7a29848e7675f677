// Rule tests: test cases written in rule files next to the rules they check, run offline.
//
//   - test: stolen passport at Ban Laem fires
//     rule: lost_or_stolen_document        # the rule under test
//     expect: fire                          # or no_fire
//     watchlists:                           # optional: the lists the test needs
//       lost_stolen_documents: [AA1234567]
//     site: {status: closed}                # optional: overrides of the checkpoint's config
//     event: {checkpoint: BAN_LAEM, time: "2025-06-01T09:00:00+07:00", direction: exit, ...}
//
// The daemon's loader reads test items like any other (their shape is checked: a malformed
// test is a load error) and then ignores them, so files with tests load unchanged. The runner
// (run_rule_tests, used by `bwctl rules test`) compiles the same files, validates each test's
// event with event::validate against the config, evaluates it against the whole rule set with
// only the test's watchlists, and passes the test when the named rule fired (`fire`) or did
// not (`no_fire`).
//
// YAML to JSON: mappings are objects, sequences arrays; an unquoted scalar is a number when it
// reads as one (500, -1.5, 2e4), true/false a bool, null/~/empty null; anything else, and
// every quoted scalar, is a string. So digit-only text such as an id number must be quoted.
// A missing event_id defaults to "test-<line>".
//
// Thread safety: everything here is plain data or a pure function of its arguments.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "json/value.h"
#include "rules/rule_set.h"

namespace bw::rules {

// Where something is in a rule file (1-based; as in Diagnostic).
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "rules/documents.yaml:40"
};

struct RuleTest {
  std::string name;   // the value of `test:`
  SourcePosition at;  // of the name
  std::string rule;
  SourcePosition rule_at;  // of the rule's name
  bool expect_fire = true;
  json::Value event;
  SourcePosition event_at;  // of the event mapping
  // Watchlist name -> entries as written (normalised like an import when the test runs).
  std::vector<std::pair<std::string, std::vector<std::string>>> watchlists;
  std::optional<config::CheckpointStatus> site_status;
  std::optional<config::CheckpointType> site_type;
};

// RuleSet::compile that also returns the test items of `sources` (in file order). A test
// item with errors is reported in the diagnostics and not returned.
CompileResult compile_with_tests(const std::vector<RuleSource>& sources,
                                 const config::Config& config, std::vector<RuleTest>& tests);

struct TestResult {
  const RuleTest* test = nullptr;  // points into TestRun::tests
  bool passed = false;
  std::vector<Match> fired;  // every rule that fired on the test's event, in rule order
  std::string note;          // why the rule could not fire ("rule 'x' is disabled")
};

// Move-only: results point into `tests`, and matches into the compiled set.
struct TestRun {
  TestRun() = default;
  TestRun(TestRun&&) = default;
  TestRun& operator=(TestRun&&) = default;
  TestRun(const TestRun&) = delete;
  TestRun& operator=(const TestRun&) = delete;

  CompileResult compiled;  // diagnostics include the tests' own errors, sorted like a load's
  std::vector<RuleTest> tests;
  std::vector<TestResult> results;  // tests that could run, in file order

  bool has_errors() const;  // the rules did not compile, or some test is malformed
  size_t failed() const;
};

// Compiles `sources` against `config` and runs every test in them. A test naming no rule of
// the set, or whose event does not validate, is an error diagnostic at its position and is
// not run; the others still run. Never throws except std::bad_alloc.
TestRun run_rule_tests(const std::vector<RuleSource>& sources, const config::Config& config);

// The pass/fail table: one line per test (PASS/FAIL, file:line, rule: expectation, name); a
// failed test also lists the rules that did fire. `verbose` lists them, with their outputs,
// for every test. Ends with a summary line ("12 tests: 11 passed, 1 failed").
std::string format_test_report(const TestRun& run, bool verbose);

}  // namespace bw::rules
