// Compiles a rule's `stateful:` settings (see stateful.h) with the loader's Compiler.
// Not thread-safe (the Compiler is not); used by the loader only.
#pragma once

#include "rules/compiler.h"
#include "rules/definitions.h"
#include "rules/stateful.h"

namespace bw::rules {

// Fills out.kind, by, values, other, window, threshold, speed and identity from r.stateful
// (non-null). false after reporting errors at their positions.
bool compile_stateful(const RuleDef& r, Compiler& compiler, Diagnostics& diags, StatefulRule& out);

// Compiles a sequence's `where`: relations `then.OPERAND OP first.OPERAND` joined by `and`,
// OP one of = != < <= > >= (either side may come first). false after reporting errors at
// their positions in `text`.
bool compile_where(const SourceText& text, Compiler& compiler, Diagnostics& diags,
                   std::vector<SequenceRelation>& out);

}  // namespace bw::rules
