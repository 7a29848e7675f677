// The identity of a stateful rule: the key its durable state is stored under (stateful.h).
// Unchanged identity across a reload or restart means the rule keeps its windows; a new one
// means it starts with empty state and says so.
//
// The identity covers everything that decides which events the rule counts and how: its name,
// its condition texts, the `stateful` settings, the awaited condition, and, through every
// macro the conditions use (nested macros included), the text of those macros and the items
// of the named lists they test with `in`. So editing a macro or a list that a stateful rule
// relies on starts that rule over, as editing the rule itself does; a change elsewhere in the
// pack does not. Exceptions, output, priority and tags are not part of it: they change what an
// alert says or whether it is raised, not what the windows hold.
//
// Used by the compile stage on the loading thread; pure function of its arguments.
#pragma once

#include <cstdint>

#include "rules/compiler.h"
#include "rules/definitions.h"

namespace bw::rules {

// Call after the rule's conditions parsed: unparsable text still hashes as text.
uint64_t stateful_identity(const RuleDef& rule, const Compiler& compiler);

}  // namespace bw::rules
