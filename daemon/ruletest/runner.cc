// The rule test runner (runner.h).
#include "ruletest/runner.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "event/decode.h"
#include "rules/diagnostics.h"
#include "temporal/engine.h"
#include "watchlist/normalize.h"
#include "watchlist/watchlist.h"

namespace bw::ruletest {

namespace {

using rules::Diagnostic;
using rules::Match;
using rules::RuleInfo;
using rules::RuleTest;

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

// Stateful rules are listed in rules() too (with their RuleInfo), so one lookup serves both.
const RuleInfo* find_rule(const rules::RuleSet& set, const std::string& name) {
  for (const RuleInfo& r : set.rules()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

class Runner {
 public:
  Runner(std::shared_ptr<const rules::RuleSet> set, const config::Config& config)
      : set_(std::move(set)), config_(config) {}

  std::optional<TestResult> run(const RuleTest& test) {
    const RuleInfo* rule = find_rule(*set_, test.rule);
    if (rule == nullptr) {
      return error(test.rule_at, "test '" + test.name + "': no rule named '" + test.rule + "'");
    }
    std::vector<event::Event> events;
    for (size_t i = 0; i < test.events.size(); ++i) {
      auto ev = validated(test, i);
      if (!ev) return std::nullopt;
      events.push_back(std::move(*ev));
    }
    TestResult result;
    result.test = &test;
    check_stream(test, events, result.fired);
    const bool fired = std::any_of(result.fired.begin(), result.fired.end(),
                                   [&](const Match& m) { return m.rule == rule; });
    result.passed = fired == test.expect_fire;
    if (!rule->enabled) result.note = "rule '" + rule->name + "' is disabled";
    return result;
  }

  std::vector<Diagnostic> take_diagnostics() { return std::move(diagnostics_); }

 private:
  // The i-th event, with a default event_id ("test-<line>", "-<n>" from the second event on,
  // so a stream's events are not each other's duplicates).
  std::optional<event::Event> validated(const RuleTest& test, size_t i) {
    json::Value body = test.events[i].body;
    if (body.find("event_id") == nullptr) {
      std::string id = "test-" + std::to_string(test.at.line);
      if (i > 0) id += "-" + std::to_string(i + 1);
      body.set("event_id", std::move(id));
    }
    auto ev = event::validate(std::move(body), config_);
    if (!ev) {
      error(test.events[i].at, "test '" + test.name + "': invalid event: " + ev.error().message);
      return std::nullopt;
    }
    return std::move(*ev);
  }

  // Per-event rules on each event, stateful rules on the stream, as the daemon would.
  void check_stream(const RuleTest& test, const std::vector<event::Event>& events,
                    std::vector<Match>& fired) {
    const auto lists = watchlists_of(test);
    const int64_t lateness = int64_t{config_.stateful.allowed_lateness_minutes} * 60'000;
    temporal::Engine engine(config_, lateness);
    temporal::StateOps ops;  // discarded: the state is private to this test
    std::vector<alert::Alert> alerts;
    for (const event::Event& ev : events) {
      const config::Checkpoint* configured = config_.find_checkpoint(ev.checkpoint);
      config::Checkpoint site = configured != nullptr ? *configured : config::Checkpoint{};
      if (test.site_status) site.status = *test.site_status;
      if (test.site_type) site.type = *test.site_type;
      rules::EvalContext ctx{ev, configured != nullptr ? &site : nullptr, lists.get(),
                             config_.timezone_offset_minutes};
      set_->evaluate(ctx, fired);
      engine.on_event(ev, set_, lists.get(), ev.time.utc_ms, ops, alerts);
      engine.advance(set_, INT64_MIN / 2, ops, alerts);
      add_stateful(alerts, fired);
    }
    if (test.until) {
      engine.advance(set_, *test.until + lateness, ops, alerts);
      add_stateful(alerts, fired);
    }
  }

  void add_stateful(std::vector<alert::Alert>& alerts, std::vector<Match>& fired) {
    for (const alert::Alert& a : alerts) {
      for (const alert::RuleHit& hit : a.hits) {
        if (const RuleInfo* info = find_rule(*set_, hit.rule)) {
          fired.push_back(Match{info, hit.output, {}});
        }
      }
    }
    alerts.clear();
  }

  std::nullopt_t error(const rules::SourcePosition& at, std::string message) {
    diagnostics_.push_back(
        Diagnostic{Diagnostic::Severity::kError, at.file, at.line, at.column, std::move(message)});
    return std::nullopt;
  }

  std::shared_ptr<const rules::RuleSet> set_;
  const config::Config& config_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

bool TestRun::has_errors() const {
  return std::any_of(
      compiled.diagnostics.begin(), compiled.diagnostics.end(),
      [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::kError; });
}

size_t TestRun::failed() const {
  return static_cast<size_t>(
      std::count_if(results.begin(), results.end(), [](const TestResult& r) { return !r.passed; }));
}

TestRun run_rule_tests(const std::vector<rules::RuleSource>& sources,
                       const config::Config& config) {
  TestRun run;
  run.compiled = rules::compile_with_tests(sources, config, run.tests);
  if (!run.compiled.ok()) return run;
  Runner runner(run.compiled.rule_set, config);
  for (const RuleTest& test : run.tests) {
    if (auto r = runner.run(test)) run.results.push_back(std::move(*r));
  }
  rules::Diagnostics all;
  for (Diagnostic& d : run.compiled.diagnostics) all.push(std::move(d));
  for (Diagnostic& d : runner.take_diagnostics()) all.push(std::move(d));
  run.compiled.diagnostics = all.take_sorted(sources);
  return run;
}

}  // namespace bw::ruletest
