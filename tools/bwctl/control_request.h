// The request/reply step shared by bwctl's control commands.
#pragma once

#include <optional>

#include "commands.h"
#include "json/value.h"

namespace bwctl {

// Sends `req` as command `cmd` (adding who is asking) over the control client of `g` (CURVE
// keys included). With --json the reply is printed as JSON on stdout; otherwise a refused
// request prints "<what>: <error>" on stderr. nullopt when the daemon could not be asked
// (the problem is printed): commands exit 2 then.
std::optional<bw::json::Value> control_request(const Globals& g, const char* cmd,
                                               bw::json::Value req, const char* what);

// True when the reply says {"ok": true}.
bool reply_ok(const bw::json::Value& reply);

}  // namespace bwctl
