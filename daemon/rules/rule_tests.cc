// The rule test runner and its report (rule_tests.h).
#include "rules/rule_tests.h"

#include <algorithm>
#include <map>
#include <memory>

#include "event/decode.h"
#include "rules/diagnostics.h"
#include "watchlist/normalize.h"
#include "watchlist/watchlist.h"

namespace bw::rules {

namespace {

// Document and plate lists normalise alike (watchlist/normalize.h), so one kind serves both.
std::shared_ptr<const watchlist::WatchlistSet> watchlists_of(const RuleTest& test) {
  std::map<std::string, std::shared_ptr<const watchlist::Watchlist>> lists;
  for (const auto& [name, values] : test.watchlists) {
    std::vector<watchlist::Entry> entries;
    for (const std::string& v : values) {
      watchlist::Entry e;
      e.key = watchlist::normalise_document_number(v);
      e.display = v;
      e.line = entries.size() + 1;
      entries.push_back(std::move(e));
    }
    lists[name] = std::make_shared<const watchlist::Watchlist>(name, watchlist::Kind::kDocuments,
                                                               std::move(entries));
  }
  return std::make_shared<const watchlist::WatchlistSet>(std::move(lists));
}

const RuleInfo* find_rule(const RuleSet& set, const std::string& name) {
  for (const RuleInfo& r : set.rules()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

class Runner {
 public:
  Runner(const RuleSet& set, const config::Config& config) : set_(set), config_(config) {}

  std::optional<TestResult> run(const RuleTest& test) {
    const RuleInfo* rule = find_rule(set_, test.rule);
    if (rule == nullptr) {
      return error(test.rule_at, "test '" + test.name + "': no rule named '" + test.rule + "'");
    }
    json::Value body = test.event;
    if (body.find("event_id") == nullptr) {
      body.set("event_id", "test-" + std::to_string(test.at.line));
    }
    auto event = event::validate(std::move(body), config_);
    if (!event) {
      return error(test.event_at,
                   "test '" + test.name + "': invalid event: " + event.error().message);
    }
    const config::Checkpoint* configured = config_.find_checkpoint(event->checkpoint);
    config::Checkpoint site = configured != nullptr ? *configured : config::Checkpoint{};
    if (test.site_status) site.status = *test.site_status;
    if (test.site_type) site.type = *test.site_type;

    const auto lists = watchlists_of(test);
    TestResult result;
    result.test = &test;
    EvalContext ctx{*event, configured != nullptr ? &site : nullptr, lists.get(),
                    config_.timezone_offset_minutes};
    set_.evaluate(ctx, result.fired);
    const bool fired = std::any_of(result.fired.begin(), result.fired.end(),
                                   [&](const Match& m) { return m.rule == rule; });
    result.passed = fired == test.expect_fire;
    if (!rule->enabled) result.note = "rule '" + rule->name + "' is disabled";
    return result;
  }

  std::vector<Diagnostic> take_diagnostics() { return std::move(diagnostics_); }

 private:
  std::nullopt_t error(const SourcePosition& at, std::string message) {
    diagnostics_.push_back(
        Diagnostic{Diagnostic::Severity::kError, at.file, at.line, at.column, std::move(message)});
    return std::nullopt;
  }

  const RuleSet& set_;
  const config::Config& config_;
  std::vector<Diagnostic> diagnostics_;
};

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

std::string SourcePosition::to_string() const {
  return file + ":" + std::to_string(line);
}

bool TestRun::has_errors() const {
  return std::any_of(
      compiled.diagnostics.begin(), compiled.diagnostics.end(),
      [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::kError; });
}

size_t TestRun::failed() const {
  return static_cast<size_t>(
      std::count_if(results.begin(), results.end(), [](const TestResult& r) { return !r.passed; }));
}

TestRun run_rule_tests(const std::vector<RuleSource>& sources, const config::Config& config) {
  TestRun run;
  run.compiled = compile_with_tests(sources, config, run.tests);
  if (!run.compiled.ok()) return run;
  Runner runner(*run.compiled.rule_set, config);
  for (const RuleTest& test : run.tests) {
    if (auto r = runner.run(test)) run.results.push_back(std::move(*r));
  }
  Diagnostics all;
  for (Diagnostic& d : run.compiled.diagnostics) all.push(std::move(d));
  for (Diagnostic& d : runner.take_diagnostics()) all.push(std::move(d));
  run.compiled.diagnostics = all.take_sorted(sources);
  return run;
}

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

}  // namespace bw::rules
