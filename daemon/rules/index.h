// The rule index: which rules an event needs to be tested against.
//
// Rules are bucketed by the direction their top-level conjunction requires (both buckets when
// none) and, when it requires particular checkpoints, by checkpoint id. Each rule also carries
// a bit mask of fields its top-level conjunction requires; the index computes once per event
// which of those fields are present (at most 64 distinct paths, the most used ones) and skips
// rules whose required fields are absent. All of this is derived from ConditionFacts, which
// only ever claims what the condition provably requires, so skipping never loses a match.
//
// Immutable after finish(); candidates() is thread-safe and allocation-free.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rules/analysis.h"
#include "rules/rule_set.h"

namespace bw::rules {

class RuleIndex {
 public:
  // Rules are added in increasing order of `rule`.
  void add(uint32_t rule, const ConditionFacts& facts);
  void finish();

  // Calls fn(rule) for every rule that may match, in increasing rule order.
  template <typename Fn>
  void for_each_candidate(const EvalContext& ctx, Fn&& fn) const;

  size_t indexed_paths() const { return paths_.size(); }

 private:
  struct Entry {
    uint32_t rule;
    uint64_t required;
  };
  // The parts of ConditionFacts the index uses.
  struct Needs {
    std::optional<event::Direction> direction;
    std::optional<std::vector<std::string>> checkpoints;
    std::vector<std::vector<std::string>> required_paths;
    bool requires_site = false;
  };
  struct Pending {
    uint32_t rule;
    Needs facts;
  };
  using Bucket = std::vector<Entry>;

  uint64_t presence(const EvalContext& ctx) const;
  uint64_t mask_of(const Needs& facts) const;

  std::vector<Pending> pending_;
  std::vector<std::vector<std::string>> paths_;  // bit i <-> paths_[i]
  int site_bit_ = -1;
  Bucket general_[2];  // by event::Direction
  std::map<std::string, Bucket, std::less<>> by_checkpoint_[2];
};

template <typename Fn>
void RuleIndex::for_each_candidate(const EvalContext& ctx, Fn&& fn) const {
  const int d = static_cast<int>(ctx.event.direction);
  const Bucket& a = general_[d];
  static const Bucket kEmpty;
  auto it = by_checkpoint_[d].find(ctx.event.checkpoint);
  const Bucket& b = it == by_checkpoint_[d].end() ? kEmpty : it->second;
  const uint64_t missing = ~presence(ctx);
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && a[i].rule < b[j].rule);
    const Entry& e = take_a ? a[i++] : b[j++];
    if ((e.required & missing) == 0) fn(e.rule);
  }
}

}  // namespace bw::rules
