// Human-readable rendering of control replies for duty officers and operators.
#pragma once

#include <string>

#include "json/value.h"

namespace bwctl {

// One alert as a line (or two): "#12 08:15:00 CRITICAL BAN_LAEM lost_or_stolen_document ..."
// Colours by priority when `colour` is set (stdout is a terminal).
std::string format_alert(const bw::json::Value& alert, bool colour);
std::string format_status(const bw::json::Value& status);
// Everything about one alert: every rule, the fields, and the officers' history.
std::string format_alert_details(const bw::json::Value& alert, bool colour);

}  // namespace bwctl
