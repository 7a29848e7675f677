#include "rules/test_reader.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

namespace bw::rules {

namespace {

// YAML aliases can repeat a node many times over, so a small file could expand to a huge
// event; these bound the conversion (events the daemon accepts are 64 KiB by default).
constexpr int kMaxEventDepth = 32;
constexpr int kMaxEventValues = 10000;
constexpr size_t kMaxTestEvents = 1000;

// An unquoted scalar that reads as a JSON-style number (no "inf", "nan", "+1" or "0x1F").
bool plain_number(const std::string& s, double& out) {
  if (s.empty() || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

json::Value scalar_value(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() != "?") return json::Value(s);  // quoted: always a string
  double d;
  if (plain_number(s, d)) return json::Value(d);
  if (s == "true" || s == "false") return json::Value(s == "true");
  return json::Value(s);
}

template <typename Enum, size_t N>
bool parse_choice(const std::string& s, const Enum (&choices)[N], Enum& out) {
  for (Enum c : choices) {
    if (s == config::to_string(c)) {
      out = c;
      return true;
    }
  }
  return false;
}

}  // namespace

SourcePosition position_of(const TextOrigin& origin) {
  return SourcePosition{origin.source != nullptr ? origin.source->name : std::string(), origin.line,
                        origin.column};
}

bool TestReader::key(RuleTest& test, const std::string& key, const YAML::Node& n,
                     const TextOrigin& at) {
  if (key == "rule") {
    test.rule_at = position_of(at);
    if (!v_.string(n, at, "rule", test.rule)) return false;
    if (!test.rule.empty()) return true;
    diags_.error(at, "'rule' must name the rule under test");
    return false;
  }
  if (key == "expect") return expect(test, n, at);
  if (key == "event") return event(test, n, at);
  if (key == "events") return events(test, n, at);
  if (key == "until") return until(test, n, at);
  if (key == "watchlists") return watchlists(test, n, at);
  if (key == "site") return site(test, n, at);
  return false;
}

bool TestReader::expect(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  std::string s;
  if (!v_.string(n, at, "expect", s)) return false;
  if (s != "fire" && s != "no_fire") {
    diags_.error(at, "'expect' must be fire or no_fire, not '" + s + "'");
    return false;
  }
  test.expect_fire = s == "fire";
  return true;
}

bool TestReader::event(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  if (!n.IsMap()) {
    diags_.error(at, "an event must be a mapping of event fields, such as {checkpoint: BAN_LAEM}");
    return false;
  }
  values_left_ = kMaxEventValues;
  RuleTest::Event& ev = test.events.emplace_back();
  ev.at = position_of(at);
  return to_json(n, ev.body, 0);
}

bool TestReader::events(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  if (!n.IsSequence() || n.size() == 0 || n.size() > kMaxTestEvents) {
    diags_.error(at, "'events' must be a list of 1 to " + std::to_string(kMaxTestEvents) +
                         " event mappings");
    return false;
  }
  for (const YAML::Node& e : n) {
    if (!event(test, e, v_.origin(e))) return false;
  }
  return true;
}

bool TestReader::until(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  std::string s;
  if (!v_.string(n, at, "until", s)) return false;
  const auto t = parse_rfc3339(s);
  if (!t) {
    diags_.error(at,
                 "'until' must be an RFC 3339 time with an offset, such as "
                 "\"2025-06-20T00:00:00+07:00\", not '" +
                     s + "'");
    return false;
  }
  test.until = t->utc_ms;
  return true;
}

bool TestReader::to_json(const YAML::Node& n, json::Value& out, int depth) {
  const TextOrigin at = v_.origin(n);
  if (depth > kMaxEventDepth || --values_left_ < 0) {
    diags_.error(
        at, depth > kMaxEventDepth
                ? "event is nested more than " + std::to_string(kMaxEventDepth) + " levels deep"
                : "event has more than " + std::to_string(kMaxEventValues) + " values");
    return false;
  }
  if (n.IsNull()) {
    out = json::Value();
  } else if (n.IsScalar()) {
    out = scalar_value(n);
  } else if (n.IsSequence()) {
    json::Array a;
    for (const YAML::Node& e : n) {
      a.emplace_back();
      if (!to_json(e, a.back(), depth + 1)) return false;
    }
    out = json::Value(std::move(a));
  } else {
    json::Object o;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        diags_.error(v_.origin(kv.first), "event field names must be plain text");
        return false;
      }
      o.emplace_back(kv.first.Scalar(), json::Value());
      if (!to_json(kv.second, o.back().second, depth + 1)) return false;
    }
    out = json::Value(std::move(o));
  }
  return true;
}

bool TestReader::watchlists(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  if (!n.IsMap()) {
    diags_.error(at, "'watchlists' must be a mapping such as {lost_stolen_documents: [AA1234567]}");
    return false;
  }
  bool ok = true;
  for (const auto& kv : n) {
    std::string name;
    std::vector<Scalar> entries;
    if (!v_.string(kv.first, v_.origin(kv.first), "watchlist name", name) ||
        !v_.scalars(kv.second, v_.origin(kv.second, kv.first), "watchlist entries", entries)) {
      ok = false;
      continue;
    }
    std::vector<std::string> values;
    for (auto& e : entries) values.push_back(std::move(e.value));
    test.watchlists.emplace_back(std::move(name), std::move(values));
  }
  return ok;
}

bool TestReader::site(RuleTest& test, const YAML::Node& n, const TextOrigin& at) {
  if (!n.IsMap()) {
    diags_.error(at, "'site' must be a mapping such as {status: closed}");
    return false;
  }
  using S = config::CheckpointStatus;
  using T = config::CheckpointType;
  static constexpr S kStatuses[] = {S::kOpen, S::kClosed, S::kRestricted};
  static constexpr T kTypes[] = {T::kPermanent, T::kTemporary};
  bool ok = true;
  for (const auto& kv : n) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const TextOrigin value_at = v_.origin(kv.second, kv.first);
    std::string value;
    if (key != "status" && key != "type") {
      diags_.error(v_.origin(kv.first),
                   "unknown key '" + key + "' in site (allowed: status, type)");
      ok = false;
    } else if (!v_.string(kv.second, value_at, key.c_str(), value)) {
      ok = false;
    } else if (key == "status" && !parse_choice(value, kStatuses, test.site_status.emplace())) {
      diags_.error(value_at, "site status must be open, closed or restricted, not '" + value + "'");
      ok = false;
    } else if (key == "type" && !parse_choice(value, kTypes, test.site_type.emplace())) {
      diags_.error(value_at, "site type must be permanent or temporary, not '" + value + "'");
      ok = false;
    }
  }
  return ok;
}

}  // namespace bw::rules
