#include "ingest/shadow_stateful.h"

namespace bw::ingest {

ShadowStateful::ShadowStateful(const config::Config& config, int64_t allowed_lateness_ms)
    : config_(config), lateness_ms_(allowed_lateness_ms) {}

bool ShadowStateful::follow(const std::shared_ptr<const ShadowRun>& run) {
  const bool stateful = run && run->rules && !run->rules->stateful_rules().empty();
  if (!stateful) {
    run_.reset();
    candidate_.reset();
    active_.reset();
    return false;
  }
  if (run != run_) {  // a new candidate: both sides start from nothing, together
    run_ = run;
    candidate_ = std::make_unique<temporal::Engine>(config_, lateness_ms_);
    active_ = std::make_unique<temporal::Engine>(config_, lateness_ms_);
  }
  return true;
}

void ShadowStateful::on_event(const event::Event& ev, const std::shared_ptr<const ShadowRun>& run,
                              const std::shared_ptr<const rules::RuleSet>& active,
                              const watchlist::WatchlistSet* watchlists, EpochMs now,
                              ShadowComparison& into) {
  if (!follow(run)) return;
  candidate_->on_event(ev, run->rules, watchlists, now, ops_, candidate_alerts_);
  if (active) active_->on_event(ev, active, watchlists, now, ops_, active_alerts_);
  record(into);
}

void ShadowStateful::advance(const std::shared_ptr<const ShadowRun>& run,
                             const std::shared_ptr<const rules::RuleSet>& active, EpochMs now,
                             ShadowComparison& into) {
  if (!follow(run)) return;
  candidate_->advance(run->rules, now, ops_, candidate_alerts_);
  active_->advance(active, now, ops_, active_alerts_);
  record(into);
}

void ShadowStateful::record(ShadowComparison& into) {
  ops_.clear();
  if (candidate_alerts_.empty() && active_alerts_.empty()) return;
  into.record_stateful(active_alerts_, candidate_alerts_);
  candidate_alerts_.clear();
  active_alerts_.clear();
}

}  // namespace bw::ingest
