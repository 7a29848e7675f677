// Officers' work on alerts: acknowledge, resolve with an outcome, show, list with filters.
//
// State machine: open -> acknowledged -> resolved, or open -> resolved directly; a resolved
// alert is final. An alert noise control kept from officers starts as "folded" or "silenced"
// instead of "open" and otherwise behaves like an open one. Every change is stored (synced) with
// who, when, outcome and note, then published to consumers as topic "update.<state>.<checkpoint>"
// with the alert's new record. An invalid change (unknown alert, already acknowledged, already
// resolved, bad outcome) is an Error saying why, and nothing changes.
//
// Thread safety: changes are serialised internally; callable from any thread. `publish` is
// called with the lock held, from the caller's thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "json/value.h"
#include "server/shared_state.h"

namespace bw::control {

struct AlertFilter {
  std::string state;       // open, acknowledged, resolved, folded, silenced; empty = any
  std::string priority;    // exact; empty = any
  std::string checkpoint;  // exact; empty = any
  std::string rule;        // any rule that matched; empty = any
  size_t limit = 50;
  uint64_t before = UINT64_MAX;  // only alerts with seq < before (paging, newest first)
  EpochMs since = 0;             // raised_at >= since
  EpochMs until = INT64_MAX;     // raised_at < until
};

class AlertService {
 public:
  using Publish = std::function<void(const std::string& topic, const std::string& json)>;

  AlertService(server::SharedState& state, Publish publish)
      : state_(state), publish_(std::move(publish)) {}

  Result<json::Value> acknowledge(uint64_t seq, const std::string& by, const std::string& note);
  Result<json::Value> resolve(uint64_t seq, const std::string& by, const std::string& outcome,
                              const std::string& note);
  // The alert with its "work" record ({"state", "history": [...]}) and, when repeats were
  // folded into it, its "fold" record ({"count", "first_seen", "last_seen", ...}).
  Result<json::Value> show(uint64_t seq);
  Result<json::Value> list(const AlertFilter& filter);

  // For the Escalator: when alert `seq` is still open and was never escalated, notes
  // "escalated" in its history and publishes it as "escalation.<priority>.<checkpoint>".
  // Returns whether it escalated.
  Result<bool> escalate_if_open(uint64_t seq, EpochMs due);

  static bool valid_outcome(std::string_view outcome);

 private:
  Result<json::Value> change(uint64_t seq, const std::string& to, const std::string& by,
                             const std::string& outcome, const std::string& note);
  Result<json::Value> work_record(uint64_t seq);
  void attach_fold(json::Value& alert);

  server::SharedState& state_;
  Publish publish_;
  std::mutex mu_;
};

}  // namespace bw::control
