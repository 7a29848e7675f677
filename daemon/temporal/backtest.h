// Backtest: replays stored events through a candidate rule set's stateful rules, in event-time
// order, into a private in-memory Engine, and reports what would have fired. Nothing is
// written: the store may be a read-only view beside the live daemon (Store::open_read_only).
// Not thread-safe; one call at a time per store view.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/config.h"
#include "rules/rule_set.h"
#include "store/store.h"

namespace bw::temporal {

struct BacktestResult {
  size_t events_replayed = 0;           // stored events with time in [from, to)
  size_t events_unreadable = 0;         // stored bytes that no longer validate (skipped)
  std::map<std::string, size_t> fired;  // per stateful rule, every rule listed (0 too)
  std::vector<alert::Alert> alerts;     // in the order they would have fired
};

// Events with from_ms <= time < to_ms. Absence deadlines up to to_ms fire at the end, as if
// the clock had reached to_ms + allowed lateness. Fails only when the store cannot be read.
Result<BacktestResult> backtest(store::Store& store, const rules::RuleSet& rules,
                                const config::Config& config, EpochMs from_ms, EpochMs to_ms);

}  // namespace bw::temporal
