// The ingest loop's noise-control hook (noise/noise_filter.h), kept out of ingest_server.cc
// so the loop itself stays about receiving, committing and replying.
#include "ingest/ingest_server.h"

namespace bw::ingest {

void IngestServer::apply_noise_control(alert::Alert& alert, const noise::SilenceSet* silences,
                                       std::vector<MetaRecord>& meta) {
  std::lock_guard lock(noise_mu_);
  const auto decision =
      noise_.decide(alert, silences ? *silences : noise::SilenceSet{}, state_.clock(), meta);
  if (decision == noise::Decision::kSilenced) ++state_.stats.silenced;
  if (decision == noise::Decision::kFolded) ++state_.stats.folded;
}

void IngestServer::noise_committed(const Batch& batch) {
  const bool ok = batch.result.ok();
  bool any = false;
  std::unique_lock lock(noise_mu_);
  for (const auto& ev : batch.events) {
    if (!ev.alert) continue;
    if (ok) {
      noise_.committed(*ev.alert);
    } else {
      noise_.not_committed(*ev.alert);
    }
    any = true;
  }
  for (const auto& a : batch.stateful_alerts) {
    if (ok) {
      noise_.committed(a);
    } else {
      noise_.not_committed(a);
    }
    any = true;
  }
  lock.unlock();
  if (ok && any && alerts_committed_) alerts_committed_();
}

}  // namespace bw::ingest
