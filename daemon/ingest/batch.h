// The unit of group commit: events received while the previous batch was being synced,
// with their alerts and the replies owed to the checkpoints that sent them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "event/event.h"
#include "rules/rule_set.h"
#include "temporal/prepare.h"
#include "util/result.h"
#include "watchlist/watchlist.h"

namespace bw::ingest {

using MetaRecord = std::pair<std::string, std::string>;

// The rules and lists in force when a run of events was received, for the stateful stage
// (ingest/stateful_stage.h). The loop refreshes them once per receive burst, so a batch holds
// one entry per burst (usually one), not one per event: a per-event copy cost an allocation and
// four atomic reference-count updates per event, and its destruction sat on the committer's
// critical path.
struct StatefulContext {
  std::shared_ptr<const rules::RuleSet> rules;
  uint64_t rule_set_version = 0;
  std::shared_ptr<const watchlist::WatchlistSet> watchlists;
};

struct PendingEvent {
  std::string peer;  // ROUTER identity of the sender
  std::string event_id;
  std::string key;  // store key (checkpoint/event_id)
  std::string raw;
  std::optional<alert::Alert> alert;
  int64_t received_ns = 0;
  // Only set while stateful rules are active: the decoded event (raw moved out: `raw` holds
  // the bytes), read by the committer thread; when it was received; the index of its
  // StatefulContext in Batch::stateful_contexts; and where its hits, what the loop prepared
  // of it for the stateful rules, are in Batch::stateful_hits. Freed with the batch on the
  // loop thread.
  std::optional<event::Event> stateful_event;
  EpochMs received_at = 0;
  uint32_t stateful_context = 0;
  uint32_t hits_begin = 0;
  uint32_t hits_count = 0;
};

// A resend of an event that is still in flight: answered "duplicate" once the original
// is durable, never before.
struct PendingDuplicate {
  std::string peer;
  std::string event_id;
  std::string key;
};

struct Batch {
  std::vector<PendingEvent> events;
  std::vector<PendingDuplicate> duplicates;
  std::vector<StatefulContext> stateful_contexts;  // indexed by PendingEvent::stateful_context
  // Every event's prepared hits (temporal/prepare.h), in event order: one vector per batch,
  // not one per event. The committer moves their strings into the rule state.
  std::vector<temporal::PreparedHit> stateful_hits;
  // Stateful rules (daemon/temporal): filled on the committer thread (ingest/stateful_stage.h)
  // with what the events and deadlines in this batch changed, committed atomically with the
  // events, and the alerts they raised (after the events').
  std::vector<std::pair<std::string, std::optional<std::string>>> state_ops;
  std::vector<alert::Alert> stateful_alerts;
  bool touched_state = false;    // set by the committer: state_ops was not empty
  std::vector<MetaRecord> meta;  // store meta records (fold state)
  // Filled by the committer:
  Status result = ok_status();
  bool written = false;       // a store write was attempted (false for a tick that fired nothing)
  int64_t commit_micros = 0;  // time spent in the synced store write
  std::vector<std::pair<std::string, std::string>> published;  // topic, alert JSON (seq order)

  bool empty() const {
    return events.empty() && duplicates.empty() && state_ops.empty() && stateful_alerts.empty();
  }
  size_t size() const { return events.size() + duplicates.size(); }
};

}  // namespace bw::ingest
