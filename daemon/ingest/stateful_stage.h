// StatefulStage: runs the stateful rules (daemon/temporal) for each batch on the committer
// thread, just before the batch's synced write, instead of on the ingest loop.
//
// Why here: the state engine is the most expensive step per event (about half the ingest
// loop's time with the shipped pack), while the committer thread mostly waits on fsync. Run
// here, it overlaps with the loop decoding and checking the next batch, and it sees each
// batch only after the previous one committed or failed, so memory never runs ahead of disk:
// after a failed commit, recover() reloads the store's state and no other batch is affected.
//
// Order is unchanged: a batch's due deadlines fire first, then its events are applied in the
// order they were received, each with the rule set and lists in force when it was received.
// What needs no state (which rules select an event, its keys and values) the loop prepared
// as it received the event (PendingEvent::hits_begin); only the state is changed here.
// Alert sequence numbers are assigned after this (committer.cc), events' alerts first.
//
// Threads: load() is called once before the committer starts; process() and recover() only
// from the committer thread. `noise` is called from that thread and must be thread-safe.
#pragma once

#include <functional>

#include "ingest/batch.h"
#include "server/shared_state.h"
#include "temporal/engine.h"

namespace bw::ingest {

class StatefulStage {
 public:
  // Applies noise control (silences, folding) to a stateful alert, appending fold records.
  using NoiseControl = std::function<void(alert::Alert&, std::vector<MetaRecord>&)>;

  // `state` must outlive the stage.
  StatefulStage(server::SharedState& state, NoiseControl noise);

  // Replaces the engine's memory with the store's rule state. Fails on a store read error.
  Status load();

  // Fires due deadlines, then applies each event of `batch` that carries a stateful_event,
  // with its batch.stateful_contexts entry and the hits the loop prepared of it (moved from);
  // appends the state writes to batch.state_ops and the alerts to batch.stateful_alerts.
  // Fails, touching nothing, while the memory is stale (a reload after a failed commit has not
  // yet succeeded): the caller must then fail the batch, so no event is acknowledged that
  // was checked against state the store does not hold. Each call retries the reload first.
  Status process(Batch& batch);

  // After a commit that carried state failed: memory goes back to what the store holds. If
  // that read fails too, the stage stays stale until a later process() reloads it.
  void recover();

 private:
  void finish_alerts(Batch& batch, size_t from, uint64_t rule_set_version);
  Status reload();

  server::SharedState& state_;
  NoiseControl noise_;
  temporal::Engine engine_;
  bool stale_ = false;  // memory may differ from the store: reload before evaluating
  uint64_t failed_reloads_ = 0;
};

}  // namespace bw::ingest
