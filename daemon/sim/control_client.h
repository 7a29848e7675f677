// Convenience for tools and tests that drive a daemon they did not start in-process: a
// watchlist import over the control endpoint, as bwctl would do it.
// Thread-safe: each call has its own socket; the Context must outlive the call. Never throws.
#pragma once

#include <string>

#include "json/value.h"
#include "transport/socket.h"
#include "util/result.h"

namespace bw::sim {

// {"cmd":"watchlist.import",...}: the reply when "ok" is true, else an Error with its reason.
Result<json::Value> import_watchlist(transport::Context& context, const std::string& endpoint,
                                     const std::string& name, const std::string& csv,
                                     const std::string& by);

}  // namespace bw::sim
