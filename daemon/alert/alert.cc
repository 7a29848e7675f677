#include "alert/alert.h"

#include <algorithm>

#include "json/writer.h"

namespace bw::alert {

Alert make_alert(const event::Event& event, const std::vector<rules::Match>& matches,
                 EpochMs raised_at) {
  Alert a;
  a.id = "alert/" + event.key();
  a.event_id = event.id;
  a.checkpoint = event.checkpoint;
  a.direction = event::to_string(event.direction);
  a.event_time = event.time;
  a.raised_at = raised_at;
  for (const auto& m : matches) {
    a.hits.push_back({m.rule->name, m.rule->priority, m.output, m.rule->tags});
    for (const auto& f : m.fields) {
      if (std::find(a.fields.begin(), a.fields.end(), f) == a.fields.end()) a.fields.push_back(f);
    }
  }
  std::stable_sort(a.hits.begin(), a.hits.end(),
                   [](const RuleHit& x, const RuleHit& y) { return x.priority > y.priority; });
  if (!a.hits.empty()) a.priority = a.hits.front().priority;
  return a;
}

json::Value to_json_value(const Alert& a) {
  json::Value v;
  v.set("seq", a.seq);
  v.set("id", a.id);
  v.set("priority", rules::to_string(a.priority));
  v.set("rule", a.hits.empty() ? std::string() : a.hits.front().rule);
  v.set("output", a.hits.empty() ? std::string() : a.hits.front().output);
  v.set("checkpoint", a.checkpoint);
  v.set("event_id", a.event_id);
  v.set("direction", a.direction);
  v.set("time", format_rfc3339(a.event_time.utc_ms, a.event_time.offset_minutes));
  v.set("raised_at", format_rfc3339(a.raised_at));
  v.set("rule_set_version", a.rule_set_version);
  json::Array rules;
  for (const auto& h : a.hits) {
    json::Value r;
    r.set("rule", h.rule);
    r.set("priority", rules::to_string(h.priority));
    r.set("output", h.output);
    json::Array tags(h.tags.begin(), h.tags.end());
    r.set("tags", std::move(tags));
    rules.push_back(std::move(r));
  }
  v.set("rules", std::move(rules));
  json::Value fields = json::Object{};
  for (const auto& [k, val] : a.fields) fields.set(k, val);
  v.set("fields", std::move(fields));
  if (!a.context.empty()) {
    json::Array context;
    for (const auto& c : a.context) {
      json::Value e;
      e.set("event_id", c.event_id);
      e.set("checkpoint", c.checkpoint);
      e.set("time", format_rfc3339(c.time.utc_ms, c.time.offset_minutes));
      context.push_back(std::move(e));
    }
    v.set("context", std::move(context));
  }
  if (!a.silenced_by.empty()) v.set("silenced_by", a.silenced_by);
  if (!a.folded_into.empty()) {
    v.set("folded_into", a.folded_into);
    v.set("fold_count", a.fold_count);
  }
  if (!a.fold_key.empty()) v.set("fold_key", a.fold_key);
  if (!a.summary.empty()) v.set("summary", a.summary);
  return v;
}

std::string to_json(const Alert& alert) {
  return json::to_string(to_json_value(alert));
}

std::optional<std::string> publish_topic(const Alert& alert) {
  if (!alert.silenced_by.empty()) return std::nullopt;
  if (!alert.folded_into.empty()) return "update.folded." + alert.checkpoint;
  return topic(alert.priority, alert.checkpoint);
}

bool is_pushed(const json::Value& alert_json) {
  return alert_json.find("silenced_by") == nullptr && alert_json.find("folded_into") == nullptr;
}

std::string topic(rules::Priority priority, std::string_view checkpoint) {
  std::string t = "alert.";
  t += rules::to_string(priority);
  t += '.';
  t += checkpoint;
  return t;
}

}  // namespace bw::alert
