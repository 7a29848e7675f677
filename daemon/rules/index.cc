#include "rules/index.h"

#include <algorithm>

namespace bw::rules {

void RuleIndex::add(uint32_t rule, const ConditionFacts& facts) {
  pending_.push_back(
      {rule, Needs{facts.direction, facts.checkpoints, facts.required_paths, facts.requires_site}});
}

// Bits go to the paths most rules require, so the per-event presence scan is worth its cost.
void RuleIndex::finish() {
  std::map<std::vector<std::string>, int> uses;
  for (const auto& p : pending_) {
    for (const auto& path : p.facts.required_paths) ++uses[path];
  }
  std::vector<std::pair<int, std::vector<std::string>>> ranked;
  for (auto& [path, n] : uses) ranked.emplace_back(n, path);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  bool any_site = std::any_of(pending_.begin(), pending_.end(),
                              [](const Pending& p) { return p.facts.requires_site; });
  const size_t limit = any_site ? 63 : 64;
  for (auto& [n, path] : ranked) {
    if (paths_.size() == limit) break;
    paths_.push_back(std::move(path));
  }
  if (any_site) site_bit_ = static_cast<int>(paths_.size());

  for (const auto& p : pending_) {
    const Entry e{p.rule, mask_of(p.facts)};
    for (int d = 0; d < 2; ++d) {
      if (p.facts.direction && static_cast<int>(*p.facts.direction) != d) continue;
      if (!p.facts.checkpoints) {
        general_[d].push_back(e);
        continue;
      }
      for (const auto& cp : *p.facts.checkpoints) by_checkpoint_[d][cp].push_back(e);
    }
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

uint64_t RuleIndex::mask_of(const Needs& facts) const {
  uint64_t mask = 0;
  for (const auto& path : facts.required_paths) {
    auto it = std::find(paths_.begin(), paths_.end(), path);
    if (it != paths_.end()) mask |= uint64_t{1} << (it - paths_.begin());
  }
  if (facts.requires_site && site_bit_ >= 0) mask |= uint64_t{1} << site_bit_;
  return mask;
}

uint64_t RuleIndex::presence(const EvalContext& ctx) const {
  uint64_t present = 0;
  for (size_t i = 0; i < paths_.size(); ++i) {
    const json::Value* v = &ctx.event.body;
    for (const auto& step : paths_[i]) {
      v = v->find(step);
      if (v == nullptr) break;
    }
    if (v != nullptr && !v->is_null()) present |= uint64_t{1} << i;
  }
  if (site_bit_ >= 0 && ctx.checkpoint != nullptr) present |= uint64_t{1} << site_bit_;
  return present;
}

}  // namespace bw::rules
