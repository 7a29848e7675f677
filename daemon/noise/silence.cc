#include "noise/silence.h"

#include <algorithm>

namespace bw::noise {

namespace {

bool matches_one(const Matcher& m, const alert::Alert& a) {
  if (m.name == "checkpoint") return a.checkpoint == m.value;
  if (m.name == "priority") return rules::to_string(a.priority) == m.value;
  if (m.name == "rule") {
    return std::any_of(a.hits.begin(), a.hits.end(),
                       [&](const auto& h) { return h.rule == m.value; });
  }
  if (m.name == "tag") {
    return std::any_of(a.hits.begin(), a.hits.end(), [&](const auto& h) {
      return std::find(h.tags.begin(), h.tags.end(), m.value) != h.tags.end();
    });
  }
  return std::any_of(a.fields.begin(), a.fields.end(),
                     [&](const auto& f) { return f.first == m.name && f.second == m.value; });
}

}  // namespace

bool Silence::matches(const alert::Alert& alert) const {
  if (matchers.empty()) return false;  // refused at creation; never silence everything
  return std::all_of(matchers.begin(), matchers.end(),
                     [&](const Matcher& m) { return matches_one(m, alert); });
}

Result<Matcher> parse_matcher(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return Error{"matcher \"" + std::string(text) +
                 "\": expected NAME=VALUE (rule, tag, checkpoint, priority or a field name)"};
  }
  Matcher m{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  if (m.name == "priority") {
    rules::Priority p;
    if (!rules::parse_priority(m.value, p)) {
      return Error{"matcher \"" + std::string(text) + "\": priority must be info..critical"};
    }
  }
  return m;
}

json::Value to_json(const Silence& s) {
  json::Value v;
  v.set("id", s.id);
  json::Array matchers;
  for (const auto& m : s.matchers) matchers.push_back(m.name + "=" + m.value);
  v.set("matchers", std::move(matchers));
  v.set("starts_at", format_rfc3339(s.starts_at));
  v.set("ends_at", format_rfc3339(s.ends_at));
  v.set("by", s.by);
  v.set("reason", s.reason);
  v.set("created_at", format_rfc3339(s.created_at));
  if (!s.expired_by.empty()) {
    v.set("expired_by", s.expired_by);
    v.set("expire_reason", s.expire_reason);
  }
  return v;
}

Result<Silence> silence_from_json(const json::Value& v) {
  Silence s;
  s.id = v.string_or("id");
  const auto* matchers = v.find("matchers");
  const auto starts = parse_rfc3339(v.string_or("starts_at"));
  const auto ends = parse_rfc3339(v.string_or("ends_at"));
  const auto created = parse_rfc3339(v.string_or("created_at"));
  if (s.id.empty() || !matchers || !matchers->is_array() || !starts || !ends || !created) {
    return Error{"silence record lacks id, matchers, starts_at, ends_at or created_at"};
  }
  for (const auto& m : matchers->as_array()) {
    auto parsed = parse_matcher(m.is_string() ? m.as_string() : std::string());
    if (!parsed) return parsed.error();
    s.matchers.push_back(std::move(*parsed));
  }
  s.starts_at = starts->utc_ms;
  s.ends_at = ends->utc_ms;
  s.created_at = created->utc_ms;
  s.by = v.string_or("by");
  s.reason = v.string_or("reason");
  s.expired_by = v.string_or("expired_by");
  s.expire_reason = v.string_or("expire_reason");
  return s;
}

std::string silenced_by(const SilenceSet& set, const alert::Alert& alert, EpochMs now) {
  for (const auto& s : set) {
    if (s.active(now) && s.matches(alert)) return s.id;
  }
  return {};
}

}  // namespace bw::noise
