// Operators' silences: add, list, expire (bwctl alerts silence ...), persisted in the store
// (meta "silence/<id>", synced) and published to the ingest loop as SharedState::silences.
//
// Every change names who and why; an expired silence stays listed (with --all) as a record of
// who silenced what. Invalid requests (no matcher, bad matcher, end before start, no reason,
// unknown id) are Errors and change nothing.
// Thread safety: changes are serialised internally; callable from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "json/value.h"
#include "noise/silence.h"
#include "server/shared_state.h"

namespace bw::control {

struct SilenceRequest {
  std::vector<std::string> matchers;  // NAME=VALUE
  EpochMs starts_at = 0;              // 0 = now
  EpochMs ends_at = 0;
  std::string by;
  std::string reason;
};

class SilenceService {
 public:
  explicit SilenceService(server::SharedState& state) : state_(state) {}

  // Loads stored silences into state.silences (at start-up). Fails on a store read error or a
  // corrupt record (named).
  Status restore();
  Result<json::Value> add(const SilenceRequest& request);
  // Active and future silences; with `all`, expired ones too. Newest first.
  json::Value list(bool all) const;
  Result<json::Value> expire(const std::string& id, const std::string& by,
                             const std::string& reason);

  // The control command "alerts.silence.add|list|expire" (request JSON in, reply JSON out).
  json::Value handle(const std::string& cmd, const json::Value& request);

 private:
  Status save(const noise::Silence& silence);

  server::SharedState& state_;
  mutable std::mutex mu_;
  uint64_t next_suffix_ = 0;
};

}  // namespace bw::control
