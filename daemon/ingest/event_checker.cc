#include "ingest/event_checker.h"

namespace bw::ingest {

std::optional<alert::Alert> EventChecker::check(const event::Event& event,
                                                const rules::RuleSet* rules,
                                                const watchlist::WatchlistSet* watchlists,
                                                EpochMs now) {
  if (rules == nullptr) return std::nullopt;
  matches_.clear();
  rules::EvalContext ctx{event, config_.find_checkpoint(event.checkpoint), watchlists,
                         config_.timezone_offset_minutes};
  rules->evaluate(ctx, matches_);
  if (matches_.empty()) return std::nullopt;
  return alert::make_alert(event, matches_, now);
}

}  // namespace bw::ingest
