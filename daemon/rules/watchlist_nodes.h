// Rule nodes for the scoring form of watchlist(): watchlist("wanted", traveller) is the best
// hit's score in [0, 1] (0 when none), so a condition can say `>= 0.88`. The breakdown node is
// the probe that shows an officer why a rule using it fired (the hit as JSON text).
// Immutable; thread-safe like every node (eval.h).
#pragma once

#include <string>

#include "rules/eval.h"
#include "watchlist/watchlist.h"

namespace bw::rules {

ValuePtr make_watchlist_score(std::string list, ValuePtr object);
ValuePtr make_watchlist_breakdown(std::string list, ValuePtr object);

// Officers' clearances (watchlist/clearance.h): the event's traveller identity ("" when it
// identifies nobody), and whether that traveller is cleared against `entry` of `list` at the
// context's `now`. Both forms of watchlist() pass over cleared entries.
std::string traveller_of(const event::Event& ev);
bool cleared(const EvalState& st, const watchlist::WatchlistSet& set, std::string_view list,
             const watchlist::Entry& entry);

}  // namespace bw::rules

#include "rules/ast.h"

namespace bw::rules {

class Compiler;

// watchlist("list", field): a call whose hit an alert should show.
bool is_watchlist_call(const Operand& o);
// A copy of such a call (its arguments are a literal and a plain field).
Operand copy_watchlist_call(const Operand& o);
// The probe of a copied call for the alert's fields: its path (`watchlist("wanted",
// traveller)`) and its node (the hit as JSON text, missing when there is none), or a null node
// when the argument does not compile.
std::pair<std::string, ValuePtr> watchlist_probe(const Operand& call, Compiler& compiler);

}  // namespace bw::rules
