// The pass/fail table of a rule test run (runner.h).
#include <algorithm>

#include "ruletest/runner.h"

namespace bw::ruletest {

namespace {

using rules::Match;
using rules::RuleTest;

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string fired_list(const TestResult& r) {
  if (r.fired.empty()) return "nothing";
  std::string out;
  for (const Match& m : r.fired) out += (out.empty() ? "" : ", ") + m.rule->name;
  return out;
}

std::string expectation(const RuleTest& t) {
  return t.rule + (t.expect_fire ? ": fire" : ": no_fire");
}

}  // namespace

std::string format_test_report(const TestRun& run, bool verbose) {
  // The free-text test name goes last, so long names do not break the columns.
  size_t where_width = 5, rule_width = 12;
  for (const TestResult& r : run.results) {
    where_width = std::max(where_width, r.test->at.to_string().size());
    rule_width = std::max(rule_width, expectation(*r.test).size());
  }
  std::string out;
  if (!run.results.empty()) {
    out += "RESULT  " + pad("WHERE", where_width) + "  " + pad("RULE: EXPECT", rule_width) +
           "  TEST\n";
  }
  for (const TestResult& r : run.results) {
    out += std::string(r.passed ? "PASS    " : "FAIL    ") +
           pad(r.test->at.to_string(), where_width) + "  " + pad(expectation(*r.test), rule_width) +
           "  " + r.test->name + "\n";
    if (verbose) {
      for (const Match& m : r.fired) {
        out += "        fired: " + m.rule->name + ": " + m.output + "\n";
      }
      if (r.fired.empty()) out += "        fired: nothing\n";
    } else if (!r.passed) {
      out += "        fired: " + fired_list(r) + "\n";
    }
    if (!r.passed && !r.note.empty()) out += "        note: " + r.note + "\n";
  }
  const size_t failed = run.failed();
  out += std::to_string(run.tests.size()) + (run.tests.size() == 1 ? " test: " : " tests: ") +
         std::to_string(run.results.size() - failed) + " passed, " + std::to_string(failed) +
         " failed";
  if (run.results.size() < run.tests.size()) {
    out += ", " + std::to_string(run.tests.size() - run.results.size()) + " not run (errors)";
  }
  return out + "\n";
}

}  // namespace bw::ruletest
