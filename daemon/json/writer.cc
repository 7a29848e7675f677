#include "json/writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace bw::json {

namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    }
  }
}

}  // namespace

void append_quoted(std::string& out, std::string_view s) {
  // Almost every string needs no escape: copy the runs between escapes in one append each
  // rather than a push_back per character (every reply, alert and stored body passes here).
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!needs_escape(s[i])) continue;
    out.append(s.data() + run, i - run);
    append_escaped(out, s[i]);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {

void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";  // JSON has no NaN/Inf
    return;
  }
  char buf[32];
  if (d == std::trunc(d) && std::fabs(d) < 9.007199254740992e15) {
    // Whole numbers (counts, amounts) are most of what alerts carry; to_chars prints them as
    // "%lld" does without snprintf's format parsing.
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
    out.append(buf, r.ptr);
    return;
  }
  std::snprintf(buf, sizeof buf, "%.17g", d);
  out += buf;
}

}  // namespace

void append(std::string& out, const Value& value) {
  switch (value.type()) {
    case Value::Type::kNull:
      out += "null";
      break;
    case Value::Type::kBool:
      out += value.as_bool() ? "true" : "false";
      break;
    case Value::Type::kNumber:
      append_number(out, value.as_number());
      break;
    case Value::Type::kString:
      append_quoted(out, value.as_string());
      break;
    case Value::Type::kArray: {
      out.push_back('[');
      bool first = true;
      for (const auto& v : value.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        append(out, v);
      }
      out.push_back(']');
      break;
    }
    case Value::Type::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : value.as_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_quoted(out, k);
        out.push_back(':');
        append(out, v);
      }
      out.push_back('}');
      break;
    }
  }
}

std::string to_string(const Value& value) {
  std::string out;
  append(out, value);
  return out;
}

}  // namespace bw::json
