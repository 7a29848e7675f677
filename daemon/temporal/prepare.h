// What the stateful rules make of one event before any state is consulted: which rules look
// at it, under which key, with which values. That is a function of the event, the rule set,
// the lists and the clock only, so the daemon's ingest loop computes it as it receives the
// event (ingest/ingest_server.cc) and the committer's engine only does the part that needs
// state (Engine::on_prepared): evaluating conditions reads the event's fields, which on the
// committer thread were cache misses on a document parsed by the other thread.
//
// Threads: a Preparer belongs to one thread (it owns evaluation scratch); the rule set and
// lists it reads are immutable and may be shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "event/event.h"
#include "rules/eval.h"
#include "rules/stateful.h"
#include "watchlist/watchlist.h"

namespace bw::temporal {

// One stateful rule that looks at the event, as the engine's apply() needs it.
struct PreparedHit {
  uint32_t rule = 0;     // index into RuleSet::stateful_rules()
  bool trigger = false;  // the rule's condition selects the event
  bool awaited = false;  // absent_*/followed_by: it is the awaited (B) kind of event
  std::string key;       // the `by` text: never empty
  // The remembered Item::value (group.h) of the event as a trigger, and as an awaited event:
  // distinct/sum operand texts; an absence trigger's rendered output; a sequence's A its
  // aggregated value and `where` texts, its B its `where` texts.
  std::string trigger_value;
  std::string awaited_value;
};

// '\x1e': ends a sequence A's aggregated value in Item::value; a B's value starts with it.
inline constexpr char kWhereMark = '\x1e';

class Preparer {
 public:
  // `config` (checkpoints, time zone) must outlive the preparer.
  explicit Preparer(const config::Config& config) : config_(config) {}

  // Appends one hit per stateful rule of `rules` that would change state for `ev`, in rule
  // order; a rule whose key (or required value) is missing or empty gets none. `now` is the
  // clock the event is checked at, as Engine::on_event takes it.
  void prepare(const event::Event& ev, const rules::RuleSet& rules,
               const watchlist::WatchlistSet* watchlists, EpochMs now,
               std::vector<PreparedHit>& out);

 private:
  // Fills the hit's values from the evaluated event; false when the rule changes nothing.
  static bool fill_values(const rules::StatefulRule& r, rules::EvalState& st, int offset,
                          PreparedHit& hit);

  const config::Config& config_;
  rules::Scratch scratch_;
};

}  // namespace bw::temporal
