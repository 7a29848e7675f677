#include "ingest/event_checker.h"

namespace bw::ingest {

rules::EvalContext EventChecker::context(const event::Event& event,
                                         const watchlist::WatchlistSet* watchlists,
                                         EpochMs now) const {
  return rules::EvalContext{event, config_.find_checkpoint(event.checkpoint), watchlists,
                            config_.timezone_offset_minutes, now};
}

std::optional<alert::Alert> EventChecker::check(const event::Event& event,
                                                const rules::RuleSet* rules,
                                                const watchlist::WatchlistSet* watchlists,
                                                EpochMs now) {
  matches_.clear();
  checked_at_ = now;
  if (rules == nullptr) return std::nullopt;
  rules->evaluate(context(event, watchlists, now), matches_);
  if (matches_.empty()) return std::nullopt;
  return alert::make_alert(event, matches_, now);
}

void EventChecker::compare_shadow(const event::Event& event, const rules::RuleSet& candidate,
                                  const watchlist::WatchlistSet* watchlists,
                                  ShadowComparison& into) {
  shadow_matches_.clear();
  candidate.evaluate(context(event, watchlists, checked_at_), shadow_matches_);
  into.record(event, matches_, shadow_matches_);
}

}  // namespace bw::ingest
