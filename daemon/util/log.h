// Logging set-up (spdlog). Text for terminals, JSON lines for log shippers. Never log a full
// document number at info level: use watchlist::redact().
#pragma once

#include <string>

#include "util/result.h"

namespace bw {

// level: trace|debug|info|warn|error; format: text|json. Logs go to stderr (journald
// captures it under systemd).
Status setup_logging(const std::string& level, const std::string& format);

}  // namespace bw
