// Checks one decoded event against the active rules and watchlists, producing at most one
// alert (naming every rule that matched). Used by the ingest loop and by offline tools.
// Stateless; thread-safe as long as the snapshots passed in are.
#pragma once

#include <optional>

#include "alert/alert.h"
#include "config/config.h"
#include "event/event.h"
#include "ingest/shadow.h"
#include "rules/rule_set.h"
#include "watchlist/watchlist.h"

namespace bw::ingest {

class EventChecker {
 public:
  explicit EventChecker(const config::Config& config) : config_(config) {}

  // nullopt when no enabled rule matched (or there is no rule set).
  std::optional<alert::Alert> check(const event::Event& event, const rules::RuleSet* rules,
                                    const watchlist::WatchlistSet* watchlists, EpochMs now);

  // Evaluates `candidate` on the same event and records how it differs from what the last
  // check() matched. Never raises an alert. Call right after check() on the same event.
  void compare_shadow(const event::Event& event, const rules::RuleSet& candidate,
                      const watchlist::WatchlistSet* watchlists, ShadowComparison& into);

 private:
  rules::EvalContext context(const event::Event& event, const watchlist::WatchlistSet* watchlists,
                             EpochMs now) const;

  const config::Config& config_;
  std::vector<rules::Match> matches_;  // reused between calls: no allocation per event
  std::vector<rules::Match> shadow_matches_;
  EpochMs checked_at_ = 0;  // `now` of the last check(): the shadow sees the same clearances
};

}  // namespace bw::ingest
