#include "control/alert_service.h"

#include <spdlog/spdlog.h>

#include "json/parse.h"
#include "json/writer.h"

namespace bw::control {

namespace {

json::Value open_record() {
  json::Value v;
  v.set("state", "open");
  v.set("history", json::Array{});
  return v;
}

// An alert nobody has worked on that noise control kept from officers is not "open" for the
// duty desk: it is "folded" (a repeat of an open alert) or "silenced". Officers may still
// acknowledge or resolve it.
void apply_noise_state(const json::Value& alert, json::Value& work) {
  const auto* history = work.find("history");
  if (work.string_or("state") != "open" || (history && !history->as_array().empty())) return;
  if (alert.find("folded_into") != nullptr) work.set("state", "folded");
  if (alert.find("silenced_by") != nullptr) work.set("state", "silenced");
}

bool matches(const json::Value& alert, const std::string& state, const AlertFilter& f) {
  if (!f.state.empty() && state != f.state) return false;
  if (!f.priority.empty() && alert.string_or("priority") != f.priority) return false;
  if (!f.checkpoint.empty() && alert.string_or("checkpoint") != f.checkpoint) return false;
  if (f.since != 0 || f.until != INT64_MAX) {
    const auto raised = parse_rfc3339(alert.string_or("raised_at"));
    if (!raised || raised->utc_ms < f.since || raised->utc_ms >= f.until) return false;
  }
  if (f.rule.empty()) return true;
  if (const auto* rules = alert.find("rules"); rules && rules->is_array()) {
    for (const auto& r : rules->as_array()) {
      if (r.string_or("rule") == f.rule) return true;
    }
  }
  return false;
}

}  // namespace

bool AlertService::valid_outcome(std::string_view outcome) {
  return outcome == "confirmed" || outcome == "false_positive" || outcome == "referred";
}

Result<json::Value> AlertService::work_record(uint64_t seq) {
  auto stored = state_.store.alert_state(seq);
  if (!stored) return stored.error();
  if (!stored->has_value()) return open_record();
  auto parsed = json::parse(**stored);
  if (!parsed) return Error{"stored state of alert #" + std::to_string(seq) + " is corrupt"};
  return parsed;
}

void AlertService::attach_fold(json::Value& alert) {
  // Only the alert repeats fold into has a record with a count above one.
  if (alert.find("folded_into") != nullptr) return;
  auto record = state_.store.get_meta("fold/" + alert.string_or("id"));
  if (!record || !record->has_value()) return;
  auto parsed = json::parse(**record);
  if (parsed && parsed->number_or("count", 1) > 1) alert.set("fold", std::move(*parsed));
}

Result<json::Value> AlertService::show(uint64_t seq) {
  auto alert = state_.store.alert(seq);
  if (!alert) return alert.error();
  if (!alert->has_value()) return Error{"no alert #" + std::to_string(seq)};
  auto parsed = json::parse((*alert)->json);
  if (!parsed) return Error{"stored alert #" + std::to_string(seq) + " is corrupt"};
  auto work = work_record(seq);
  if (!work) return work.error();
  apply_noise_state(*parsed, *work);
  parsed->set("work", std::move(*work));
  attach_fold(*parsed);
  return parsed;
}

Result<json::Value> AlertService::change(uint64_t seq, const std::string& to, const std::string& by,
                                         const std::string& outcome, const std::string& note) {
  std::lock_guard lock(mu_);
  auto alert = show(seq);
  if (!alert) return alert.error();
  json::Value work = *alert->find("work");
  const std::string from = work.string_or("state");
  const auto* history = work.find("history");
  const std::string last_by =
      history && !history->as_array().empty() ? history->as_array().back().string_or("by") : "";
  if (from == "resolved") {
    return Error{"alert #" + std::to_string(seq) + " is already resolved (by " + last_by +
                 "); a resolved alert cannot change"};
  }
  if (from == "acknowledged" && to == "acknowledged") {
    return Error{"alert #" + std::to_string(seq) + " is already acknowledged by " + last_by};
  }
  json::Value entry;
  entry.set("state", to);
  entry.set("by", by);
  entry.set("at", format_rfc3339(state_.clock()));
  if (!outcome.empty()) entry.set("outcome", outcome);
  if (!note.empty()) entry.set("note", note);
  work.set("state", to);
  if (!outcome.empty()) work.set("outcome", outcome);
  json::Array list = work.find("history")->as_array();
  list.push_back(std::move(entry));
  work.set("history", std::move(list));
  if (auto s = state_.store.put_alert_state(seq, json::to_string(work)); !s) return s.error();
  alert->set("work", work);
  publish_("update." + to + "." + alert->string_or("checkpoint"), json::to_string(*alert));
  spdlog::info("alert #{} {} by {}{}", seq, to, by, outcome.empty() ? "" : " (" + outcome + ")");
  return alert;
}

Result<bool> AlertService::escalate_if_open(uint64_t seq, EpochMs due) {
  std::lock_guard lock(mu_);
  auto alert = show(seq);
  if (!alert) return alert.error();
  json::Value work = *alert->find("work");
  if (work.string_or("state") != "open") return false;
  json::Array history = work.find("history")->as_array();
  for (const auto& h : history) {
    if (h.string_or("event") == "escalated") return false;
  }
  json::Value entry;
  entry.set("state", "open");
  entry.set("event", "escalated");
  entry.set("by", "borderwatchd");
  entry.set("at", format_rfc3339(state_.clock()));
  entry.set("overdue_since", format_rfc3339(due));
  history.push_back(std::move(entry));
  work.set("history", std::move(history));
  work.set("escalated", true);
  if (auto s = state_.store.put_alert_state(seq, json::to_string(work)); !s) return s.error();
  alert->set("work", work);
  publish_("escalation." + alert->string_or("priority") + "." + alert->string_or("checkpoint"),
           json::to_string(*alert));
  spdlog::warn("alert #{} ({}) escalated: still open since {}", seq, alert->string_or("priority"),
               alert->string_or("raised_at"));
  return true;
}

Result<json::Value> AlertService::acknowledge(uint64_t seq, const std::string& by,
                                              const std::string& note) {
  return change(seq, "acknowledged", by, "", note);
}

Result<json::Value> AlertService::resolve(uint64_t seq, const std::string& by,
                                          const std::string& outcome, const std::string& note) {
  if (!valid_outcome(outcome)) {
    return Error{"outcome must be confirmed, false_positive or referred (got \"" +
                 outcome.substr(0, 32) + "\")"};
  }
  return change(seq, "resolved", by, outcome, note);
}

Result<json::Value> AlertService::list(const AlertFilter& filter) {
  json::Array out;
  uint64_t before = filter.before;
  // Newest first, a page at a time, until the filter has found `limit` alerts.
  while (out.size() < filter.limit && before > 1) {
    auto page = state_.store.alerts_before(before, 500);
    if (!page) return page.error();
    if (page->empty()) break;
    for (const auto& stored : *page) {
      before = stored.seq;
      auto alert = json::parse(stored.json);
      if (!alert) continue;
      auto work = work_record(stored.seq);
      if (!work) return work.error();
      apply_noise_state(*alert, *work);
      if (!matches(*alert, work->string_or("state"), filter)) continue;
      alert->set("work", std::move(*work));
      attach_fold(*alert);
      out.push_back(std::move(*alert));
      if (out.size() >= filter.limit) break;
    }
  }
  return json::Value(std::move(out));
}

}  // namespace bw::control
