#include "ingest/stateful_stage.h"

#include <spdlog/spdlog.h>

#include <span>

namespace bw::ingest {

namespace {

// How many events ahead of the one applied the engine is told which state to load: enough
// for a cache miss to complete during the applies in between.
constexpr size_t kPrefetchAhead = 4;

std::span<temporal::PreparedHit> hits_of(Batch& batch, const PendingEvent& pending) {
  return std::span(batch.stateful_hits).subspan(pending.hits_begin, pending.hits_count);
}

}  // namespace

StatefulStage::StatefulStage(server::SharedState& state, NoiseControl noise)
    : state_(state),
      noise_(std::move(noise)),
      engine_(state.config,
              static_cast<int64_t>(state.config.stateful.allowed_lateness_minutes) * 60'000) {}

Status StatefulStage::load() {
  return engine_.load(state_.store);
}

Status StatefulStage::process(Batch& batch) {
  if (stale_) {
    if (auto s = reload(); !s) return s;
  }
  // Deadlines first, with the rules active now: the same as the loop's turn did before it
  // read the next events.
  const auto active = state_.rules.get();
  size_t before = batch.stateful_alerts.size();
  engine_.advance(active ? active->rules : nullptr, state_.clock(), batch.state_ops,
                  batch.stateful_alerts);
  finish_alerts(batch, before, active ? active->version : 0);
  auto& events = batch.events;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i + kPrefetchAhead < events.size()) {
      engine_.prefetch(hits_of(batch, events[i + kPrefetchAhead]));
    }
    const auto& pending = events[i];
    if (!pending.stateful_event) continue;
    const auto& context = batch.stateful_contexts[pending.stateful_context];
    before = batch.stateful_alerts.size();
    const auto outcome = engine_.on_prepared(
        *pending.stateful_event, context.rules, context.watchlists.get(), pending.received_at,
        hits_of(batch, pending), batch.state_ops, batch.stateful_alerts);
    if (outcome == temporal::Engine::Outcome::kLate) ++state_.stats.late_events;
    finish_alerts(batch, before, context.rule_set_version);
    // The decoded event is kept: it is freed with the batch on the loop thread, off the
    // committer's critical path (the loop waits on the commit anyway).
  }
  return ok_status();
}

void StatefulStage::finish_alerts(Batch& batch, size_t from, uint64_t rule_set_version) {
  auto& alerts = batch.stateful_alerts;
  for (size_t i = from; i < alerts.size(); ++i) {
    alerts[i].rule_set_version = rule_set_version;
    noise_(alerts[i], batch.meta);  // silences and folding apply to stateful rules too
  }
}

void StatefulStage::recover() {
  stale_ = true;
  (void)reload();
}

Status StatefulStage::reload() {
  auto s = engine_.load(state_.store);
  if (s) {
    if (failed_reloads_ > 0) {
      spdlog::warn("stateful rules: state reloaded after {} failed attempts", failed_reloads_);
    }
    stale_ = false;
    failed_reloads_ = 0;
    return s;
  }
  // Retried before every batch (10 a second while idle): log the first and every 1,000th.
  if (failed_reloads_++ % 1000 == 0) {
    spdlog::critical(
        "stateful rules: cannot reload state after a failed commit ({} tries), "
        "replying retry until it can: {}",
        failed_reloads_, s.error().message);
  }
  return Error{"stateful rules: state not reloaded after a failed commit: " + s.error().message};
}

}  // namespace bw::ingest
