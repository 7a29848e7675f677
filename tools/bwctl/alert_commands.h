// bwctl's `alerts` commands for duty officers: fetch missed alerts, list and show them, work
// them (ack, resolve) and follow the live stream. Exit codes as in commands.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "commands.h"

namespace bwctl {

// Up to `limit` stored alerts from sequence number `seq` on: what a console missed.
int alerts_since(const Globals& g, uint64_t seq, size_t limit);

struct AlertListOptions {
  std::string state, priority, checkpoint, rule;
  std::string since, until;  // RFC 3339, on raised_at
  size_t limit = 50;
};
int alerts_list(const Globals& g, const AlertListOptions& o);
int alerts_show(const Globals& g, uint64_t seq);
int alerts_ack(const Globals& g, uint64_t seq, const std::string& note);
int alerts_resolve(const Globals& g, uint64_t seq, const std::string& outcome,
                   const std::string& note);
// Follows the alert stream from `from` (0: only new alerts) until Ctrl-C or `max` alerts.
// Installs SIGINT/SIGTERM handlers that end the loop.
int alerts_tail(const Globals& g, uint64_t from, const std::string& priority,
                const std::string& checkpoint, size_t max);

}  // namespace bwctl
