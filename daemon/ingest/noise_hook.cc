// The ingest loop's noise-control hook (noise/noise_filter.h), kept out of ingest_server.cc
// so the loop itself stays about receiving, committing and replying.
#include "ingest/ingest_server.h"

namespace bw::ingest {

void IngestServer::apply_noise_control(alert::Alert& alert) {
  const auto decision = noise_.decide(alert, silences_ ? *silences_ : noise::SilenceSet{},
                                      state_.clock(), current_.meta);
  if (decision == noise::Decision::kSilenced) ++state_.stats.silenced;
  if (decision == noise::Decision::kFolded) ++state_.stats.folded;
}

void IngestServer::noise_committed(const Batch& batch) {
  const bool ok = batch.result.ok();
  bool any = false;
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
  if (ok && any && alerts_committed_) alerts_committed_();
}

}  // namespace bw::ingest
