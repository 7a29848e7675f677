// Stateful rules in shadow mode. The live engine's windows hold history that a candidate
// started now never saw, so comparing the candidate with the live alerts would report every
// window already under way as "active only". Instead two private in-memory engines start
// together with the shadow run, one with the candidate's stateful rules and one with the
// active set's, and see the same events from then on; their alerts are compared by rule name
// and the event that fired them (ShadowComparison::record_stateful).
//
// What it costs: while a candidate with stateful rules runs, each event goes through two more
// state engines on the ingest thread, and their memory grows like the live engine's (bounded
// by the rules' windows). Nothing is written to the store: a restart ends the comparison's
// state, as it ends the shadow run itself.
//
// Threads: owned and called by the ingest thread only.
#pragma once

#include <memory>
#include <vector>

#include "alert/alert.h"
#include "config/config.h"
#include "ingest/shadow.h"
#include "temporal/engine.h"

namespace bw::ingest {

class ShadowStateful {
 public:
  // `config` must outlive this object.
  ShadowStateful(const config::Config& config, int64_t allowed_lateness_ms);

  // A new event, with the shadow run and active rules in force for it (either may be null).
  // Restarts both engines when `run` is not the run seen before.
  void on_event(const event::Event& ev, const std::shared_ptr<const ShadowRun>& run,
                const std::shared_ptr<const rules::RuleSet>& active,
                const watchlist::WatchlistSet* watchlists, EpochMs now, ShadowComparison& into);
  // Fires both engines' due absence deadlines (called every loop turn, like the live one).
  void advance(const std::shared_ptr<const ShadowRun>& run,
               const std::shared_ptr<const rules::RuleSet>& active, EpochMs now,
               ShadowComparison& into);

 private:
  // False when `run` has no stateful rules (then both engines are dropped).
  bool follow(const std::shared_ptr<const ShadowRun>& run);
  void record(ShadowComparison& into);

  const config::Config& config_;
  int64_t lateness_ms_;
  // The run the engines belong to, held so that a later run can never reuse its address.
  std::shared_ptr<const ShadowRun> run_;
  std::unique_ptr<temporal::Engine> candidate_;
  std::unique_ptr<temporal::Engine> active_;
  temporal::StateOps ops_;  // discarded: the state is private and in memory
  std::vector<alert::Alert> candidate_alerts_, active_alerts_;
};

}  // namespace bw::ingest
