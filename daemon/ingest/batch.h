// The unit of group commit: events received while the previous batch was being synced,
// with their alerts and the replies owed to the checkpoints that sent them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "event/event.h"
#include "rules/rule_set.h"
#include "util/result.h"
#include "watchlist/watchlist.h"

namespace bw::ingest {

using MetaRecord = std::pair<std::string, std::string>;

// What the stateful stage (ingest/stateful_stage.h) needs of an event: the decoded event and
// the rules and lists in force when it was received. Only set while stateful rules are active.
struct StatefulInput {
  event::Event event;  // raw moved out: PendingEvent::raw holds the bytes
  std::shared_ptr<const rules::RuleSet> rules;
  uint64_t rule_set_version = 0;
  std::shared_ptr<const watchlist::WatchlistSet> watchlists;
  EpochMs received_at = 0;
};

struct PendingEvent {
  std::string peer;  // ROUTER identity of the sender
  std::string event_id;
  std::string key;  // store key (checkpoint/event_id)
  std::string raw;
  std::optional<alert::Alert> alert;
  int64_t received_ns = 0;
  std::unique_ptr<StatefulInput> stateful;  // consumed by the committer thread
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
