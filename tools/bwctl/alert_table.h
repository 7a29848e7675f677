// `bwctl alerts list` as a table: one row per alert, noise-control decisions in NOTE.
#pragma once

#include <string>

#include "json/value.h"

namespace bwctl {

// Columns SEQ RAISED PRIORITY STATE CHECKPOINT RULE NOTE; `alerts` is the reply's array.
std::string format_alert_table(const bw::json::Value& alerts);

}  // namespace bwctl
