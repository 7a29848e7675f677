// What the ingest loop, the control thread and the daemon share. Everything here is either
// immutable, atomic, or a Snapshot swapped as a whole; see each member.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "audit/audit.h"
#include "auth/security.h"
#include "config/config.h"
#include "ingest/shadow.h"
#include "json/value.h"
#include "noise/silence.h"
#include "rules/rule_set.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/snapshot.h"
#include "watchlist/watchlist.h"

namespace bw::server {

// The rule set in force and the stored version it came from.
struct ActiveRules {
  std::shared_ptr<const rules::RuleSet> rules;
  uint64_t version = 0;  // 0 = none loaded yet
};

struct IngestStats {
  std::atomic<uint64_t> received{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> duplicates{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> retried{0};  // replied "retry" because a commit failed
  std::atomic<uint64_t> alerts{0};
  std::atomic<uint64_t> batches{0};
  std::atomic<uint64_t> commit_micros{0};  // total time in synced writes: / batches = latency
  // Stored but older than the stateful rules' watermark, so not applied to their state.
  std::atomic<uint64_t> late_events{0};
  std::atomic<uint64_t> stateful_alerts{0};
  std::atomic<uint64_t> silenced{0};  // alerts stored but not pushed: a silence matched
  std::atomic<uint64_t> folded{0};    // alerts folded into an open one (noise control)
  // Most events ever waiting in the batch being filled: shows ingest memory stays bounded.
  std::atomic<uint64_t> pending_high_water{0};
};

struct SharedState {
  SharedState(const config::Config& c, store::Store& s, Clock k)
      : config(c), store(s), clock(std::move(k)) {}

  const config::Config& config;  // immutable after start-up
  store::Store& store;           // thread-safe
  Clock clock;
  Snapshot<ActiveRules> rules;
  Snapshot<watchlist::WatchlistSet> watchlists{std::make_shared<const watchlist::WatchlistSet>()};
  IngestStats stats;
  Snapshot<ingest::ShadowRun> shadow;      // candidate rule set, or null
  ingest::ShadowComparison shadow_report;  // what it did differently
  EpochMs started_at = 0;
  // Operators' silences (control/silence_service.h writes, the ingest loop reads).
  Snapshot<noise::SilenceSet> silences{std::make_shared<const noise::SilenceSet>()};
  // Set by the daemon before the control thread starts when sinks are configured.
  std::function<json::Value()> sinks_status;
  const auth::Security* security = nullptr;  // owned by the daemon; null in bare unit tests
  audit::AuditLog* audit = nullptr;          // owned by the daemon; thread-safe
};

}  // namespace bw::server
