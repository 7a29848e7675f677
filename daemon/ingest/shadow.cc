#include "ingest/shadow.h"

#include <algorithm>

namespace bw::ingest {

namespace {

std::vector<std::string_view> names_of(const std::vector<rules::Match>& matches) {
  std::vector<std::string_view> names;
  names.reserve(matches.size());
  for (const auto& m : matches) names.push_back(m.rule->name);
  std::sort(names.begin(), names.end());
  return names;
}

bool contains(const std::vector<std::string_view>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name);
}

void add_example(std::vector<std::string>& examples, const std::string& key) {
  if (examples.size() < ShadowComparison::kExamplesPerRule) examples.push_back(key);
}

json::Value to_array(const std::vector<std::string>& v) {
  return json::Value(json::Array(v.begin(), v.end()));
}

std::string fired_on(const alert::Alert& a) {
  return a.checkpoint + "/" + a.event_id;
}

json::Value rule_row(const std::string& name, uint64_t candidate_only, uint64_t active_only,
                     uint64_t both, const std::vector<std::string>& examples_candidate_only,
                     const std::vector<std::string>& examples_active_only) {
  json::Value r;
  r.set("rule", name);
  r.set("candidate_only", candidate_only);
  r.set("active_only", active_only);
  r.set("both", both);
  r.set("examples_candidate_only", to_array(examples_candidate_only));
  r.set("examples_active_only", to_array(examples_active_only));
  return r;
}

// Keys in `a` and not in `b`: how many, and the first few.
uint64_t only_in(const std::set<std::string>& a, const std::set<std::string>& b,
                 std::vector<std::string>& examples) {
  uint64_t n = 0;
  for (const auto& key : a) {
    if (b.count(key) != 0) continue;
    ++n;
    add_example(examples, key);
  }
  return n;
}

}  // namespace

void ShadowComparison::record(const event::Event& event, const std::vector<rules::Match>& active,
                              const std::vector<rules::Match>& candidate) {
  const auto a = names_of(active);
  const auto c = names_of(candidate);
  std::lock_guard lock(mu_);
  ++events_compared_;
  for (auto name : c) {
    auto& counts = rules_[std::string(name)];
    if (contains(a, name)) {
      ++counts.both;
    } else {
      ++counts.candidate_only;
      add_example(counts.examples_candidate_only, event.key());
    }
  }
  for (auto name : a) {
    if (contains(c, name)) continue;
    auto& counts = rules_[std::string(name)];
    ++counts.active_only;
    add_example(counts.examples_active_only, event.key());
  }
}

void ShadowComparison::record_stateful(const std::vector<alert::Alert>& active,
                                       const std::vector<alert::Alert>& candidate) {
  std::lock_guard lock(mu_);
  for (const auto& a : active) stateful_[a.hits.front().rule].active.insert(fired_on(a));
  for (const auto& a : candidate) stateful_[a.hits.front().rule].candidate.insert(fired_on(a));
}

void ShadowComparison::reset() {
  std::lock_guard lock(mu_);
  events_compared_ = 0;
  rules_.clear();
  stateful_.clear();
}

json::Value ShadowComparison::report() const {
  std::lock_guard lock(mu_);
  json::Value v;
  v.set("events_compared", events_compared_);
  json::Array rules;
  for (const auto& [name, c] : rules_) {
    rules.push_back(rule_row(name, c.candidate_only, c.active_only, c.both,
                             c.examples_candidate_only, c.examples_active_only));
  }
  v.set("rules", std::move(rules));
  json::Array stateful;
  for (const auto& [name, fired] : stateful_) {
    std::vector<std::string> ex_candidate, ex_active;
    const uint64_t candidate_only = only_in(fired.candidate, fired.active, ex_candidate);
    const uint64_t active_only = only_in(fired.active, fired.candidate, ex_active);
    const uint64_t both = fired.candidate.size() - candidate_only;
    stateful.push_back(rule_row(name, candidate_only, active_only, both, ex_candidate, ex_active));
  }
  v.set("stateful_rules", std::move(stateful));
  return v;
}

}  // namespace bw::ingest
