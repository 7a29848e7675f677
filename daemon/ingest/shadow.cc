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

void ShadowComparison::reset() {
  std::lock_guard lock(mu_);
  events_compared_ = 0;
  rules_.clear();
}

json::Value ShadowComparison::report() const {
  std::lock_guard lock(mu_);
  json::Value v;
  v.set("events_compared", events_compared_);
  json::Array rules;
  for (const auto& [name, counts] : rules_) {
    json::Value r;
    r.set("rule", name);
    r.set("candidate_only", counts.candidate_only);
    r.set("active_only", counts.active_only);
    r.set("both", counts.both);
    r.set("examples_candidate_only", to_array(counts.examples_candidate_only));
    r.set("examples_active_only", to_array(counts.examples_active_only));
    rules.push_back(std::move(r));
  }
  v.set("rules", std::move(rules));
  return v;
}

}  // namespace bw::ingest
