#include "temporal/carry_over.h"

#include <unordered_set>

#include "rules/stateful.h"

namespace bw::temporal {

CarryOver carry_over(const rules::RuleSet* previous, const rules::RuleSet& next) {
  std::unordered_set<uint64_t> before;
  if (previous != nullptr) {
    for (const auto& r : previous->stateful_rules()) before.insert(r.identity);
  }
  CarryOver out;
  for (const auto& r : next.stateful_rules()) {
    (before.count(r.identity) != 0 ? out.kept : out.fresh).push_back(r.info.name);
  }
  return out;
}

}  // namespace bw::temporal
