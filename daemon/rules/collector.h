// Collect stage: the items of every file, in load order -> one definition per name.
//
// Later items change earlier ones by name:
//   - restating a list, macro or rule without `append`/`override` replaces it (warning);
//   - `append: true`: a list gets more items; a macro's condition is or-ed with the new one
//     (the macro matches more); a rule's condition is and-ed with the new one (the rule
//     matches less), its exceptions gain entries (same name) or new exceptions, its tags grow;
//   - `override: {key: append|replace}` does the same per key, and `replace` may also set a
//     rule's desc, output, priority and enabled;
//   - a rule item with only `enabled` just switches an existing rule on or off.
// Appending to or overriding something not defined earlier is an error.
// Runs on the loading thread only; errors and warnings go to `diags`.
#pragma once

#include <vector>

#include "rules/definitions.h"
#include "rules/reader.h"

namespace bw::rules {

void collect(std::vector<Item> items, Definitions& defs, Diagnostics& diags);

}  // namespace bw::rules
