// The RuleSet implementation: compiled rules plus the index that picks candidates per event.
//
// Built once by the loader (rule_set.cc), then immutable: evaluate() is thread-safe. Each
// evaluating thread keeps its own Scratch (thread_local), so evaluation does not allocate
// except for the Match objects it appends.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "rules/index.h"
#include "rules/output.h"
#include "rules/rule_set.h"
#include "rules/stateful.h"

namespace bw::rules {

struct CompiledRule {
  BoolPtr condition;
  BoolPtr exceptions;  // null when the rule has none
  OutputTemplate output;
  // Fields the condition refers to, shown in Match::fields when present.
  std::vector<std::pair<std::string, ValuePtr>> probes;
};

class CompiledRuleSet final : public RuleSet {
 public:
  // Adds a rule; `facts` is null for rules that never run (disabled, never matching).
  void add(RuleInfo info, CompiledRule rule, const ConditionFacts* facts);
  void finish() { index_.finish(); }

  void evaluate(const EvalContext& ctx, std::vector<Match>& out) const override;
  const std::vector<RuleInfo>& rules() const override { return infos_; }
  void add_stateful(StatefulRule rule) { stateful_.push_back(std::move(rule)); }
  const std::vector<StatefulRule>& stateful_rules() const override { return stateful_; }
  const RuleIndex& index() const { return index_; }

 private:
  void fire(size_t i, EvalState& st, std::vector<Match>& out) const;

  std::vector<RuleInfo> infos_;  // Match::rule points here: never resized after finish()
  std::vector<CompiledRule> compiled_;
  RuleIndex index_;
  std::vector<StatefulRule> stateful_;
};

}  // namespace bw::rules
