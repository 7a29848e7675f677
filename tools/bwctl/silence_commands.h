// bwctl alerts silence add|list|expire: operators' silences (daemon/control/silence_service.h).
// Exit codes as in commands.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commands.h"

namespace bwctl {

struct SilenceAddOptions {
  std::vector<std::string> matchers;  // NAME=VALUE
  std::string duration;               // "90m", "2h", "1d" (from start)
  std::string until;                  // RFC 3339 end, instead of duration
  std::string start;                  // RFC 3339 start; empty = now
  std::string reason;
};

int silence_add(const Globals& g, const SilenceAddOptions& o);
int silence_list(const Globals& g, bool all);
int silence_expire(const Globals& g, const std::string& id, const std::string& reason);

inline constexpr int64_t kMaxSilenceMs = 90LL * 86'400'000;  // --for at most 90 days

}  // namespace bwctl
