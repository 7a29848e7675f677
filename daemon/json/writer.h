// Serialises json::Value as compact JSON (one line: suitable for JSON Lines and ZeroMQ frames).
#pragma once

#include <string>
#include <string_view>

#include "json/value.h"

namespace bw::json {

std::string to_string(const Value& value);
void append(std::string& out, const Value& value);
// Appends `s` as a quoted JSON string with escapes.
void append_quoted(std::string& out, std::string_view s);

}  // namespace bw::json
