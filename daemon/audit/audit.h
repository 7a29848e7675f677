// The audit log: every change to rules, watchlists and alert states, with who made it and
// when, kept in the store (column family "audit") and listed by `bwctl audit`.
//
// One entry point, record(): components that change state call it after the change is
// durable. Records are JSON: {"seq","time","who","action","details"}.
// Thread safety: all methods may be called from any thread.
// Failure: record() returns the store's Error (e.g. disk full); callers log it and go on,
// because the change itself already happened.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "json/value.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/result.h"

namespace bw::audit {

class AuditLog {
 public:
  AuditLog(store::Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  // `who`: the authenticated client (CURVE name) and/or the requester's own "by";
  // `action`: e.g. "rules.load", "watchlist.import", "alerts.ack"; `details`: what changed.
  Status record(std::string_view who, std::string_view action, json::Value details);

  // Records from `from` on, oldest first, at most `limit`, as a JSON array.
  Result<json::Array> list(uint64_t from, size_t limit) const;

 private:
  store::Store& store_;
  Clock clock_;
};

}  // namespace bw::audit
