// Runs the test items of rule files (rules/rule_tests.h) offline: `bwctl rules test` and the
// shipped pack's ctest.
//
// Each test's events are validated with event::validate against the config and checked in
// order against the whole rule set, with only the test's watchlists: per-event rules by
// RuleSet::evaluate, stateful rules by a private in-memory temporal::Engine that sees the
// events as a stream (event time drives the watermark, as in a backtest) and, when the test
// gives `until`, fires the absence deadlines due by then. A test passes when the named rule
// fired on some event or deadline (`fire`) or never did (`no_fire`).
//
// Thread safety: everything here is plain data or a pure function of its arguments.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "rules/rule_set.h"
#include "rules/rule_tests.h"

namespace bw::ruletest {

struct TestResult {
  const rules::RuleTest* test = nullptr;  // points into TestRun::tests
  bool passed = false;
  // Every rule that fired on the test's events (and deadlines), in the order they fired;
  // stateful rules' outputs are their alerts' outputs.
  std::vector<rules::Match> fired;
  std::string note;  // why the rule could not fire ("rule 'x' is disabled")
};

// Move-only: results point into `tests`, and matches into the compiled set.
struct TestRun {
  TestRun() = default;
  TestRun(TestRun&&) = default;
  TestRun& operator=(TestRun&&) = default;
  TestRun(const TestRun&) = delete;
  TestRun& operator=(const TestRun&) = delete;

  rules::CompileResult compiled;  // diagnostics include the tests' own errors, sorted
  std::vector<rules::RuleTest> tests;
  std::vector<TestResult> results;  // tests that could run, in file order

  bool has_errors() const;  // the rules did not compile, or some test is malformed
  size_t failed() const;
};

// Compiles `sources` against `config` and runs every test in them. A test naming no rule of
// the set, or with an event that does not validate, is an error diagnostic at its position
// and is not run; the others still run. Never throws except std::bad_alloc.
TestRun run_rule_tests(const std::vector<rules::RuleSource>& sources, const config::Config& config);

// The pass/fail table: one line per test (PASS/FAIL, file:line, rule: expectation, name); a
// failed test also lists the rules that did fire. `verbose` lists them, with their outputs,
// for every test. Ends with a summary line ("12 tests: 11 passed, 1 failed").
std::string format_test_report(const TestRun& run, bool verbose);

}  // namespace bw::ruletest
