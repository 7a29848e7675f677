// Which stateful rules keep their state across a rule-set change. State is keyed by rule
// identity (rules/stateful.h), so this only reports what the engine will do anyway: an
// unchanged rule continues, a new or changed one starts with empty state.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.h"

namespace bw::temporal {

struct CarryOver {
  std::vector<std::string> kept;   // same identity as in the previous set
  std::vector<std::string> fresh;  // new or changed: empty state
};

// `previous` may be null (first load).
CarryOver carry_over(const rules::RuleSet* previous, const rules::RuleSet& next);

}  // namespace bw::temporal
