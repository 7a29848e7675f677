// The unit of group commit: events received while the previous batch was being synced,
// with their alerts and the replies owed to the checkpoints that sent them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "util/result.h"

namespace bw::ingest {

struct PendingEvent {
  std::string peer;  // ROUTER identity of the sender
  std::string event_id;
  std::string key;  // store key (checkpoint/event_id)
  std::string raw;
  std::optional<alert::Alert> alert;
  int64_t received_ns = 0;
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
  // Stateful rules (daemon/temporal): what the events and deadlines in this batch changed,
  // committed atomically with the events, and the alerts they raised (after the events').
  std::vector<std::pair<std::string, std::optional<std::string>>> state_ops;
  std::vector<alert::Alert> stateful_alerts;
  bool touched_state = false;  // set by the committer: state_ops was not empty
  std::vector<std::pair<std::string, std::string>> meta;  // store meta records (fold state)
  // Filled by the committer:
  Status result = ok_status();
  int64_t commit_micros = 0;  // time spent in the synced store write
  std::vector<std::pair<std::string, std::string>> published;  // topic, alert JSON (seq order)

  bool empty() const {
    return events.empty() && duplicates.empty() && state_ops.empty() && stateful_alerts.empty();
  }
  size_t size() const { return events.size() + duplicates.size(); }
};

}  // namespace bw::ingest
