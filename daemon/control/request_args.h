// What every control command handler does with an untrusted request: read its arguments
// without trusting their types, name who sent it, and build the error reply. Pure functions;
// safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/value.h"

namespace bw::control {

// {"ok": false, "error": message}.
json::Value error_reply(std::string message);
// A request's whole-number argument, or nullopt when it is absent, fractional, negative, not a
// number or above 2^53: untrusted JSON numbers never reach an overflowing cast.
std::optional<uint64_t> whole_number(const json::Value& request, std::string_view key);
// Who sent the request: its "by" (bwctl sends "bwctl:<user>"), at most 64 characters,
// "unknown" when absent. Recorded in rule-set history, alert work and the audit log.
std::string requester(const json::Value& request);

}  // namespace bw::control
