#include "control/silence_service.h"

#include <algorithm>

#include "control/record_commands.h"
#include "json/parse.h"
#include "json/writer.h"

namespace bw::control {

namespace {

std::optional<EpochMs> time_arg(const json::Value& req, std::string_view key) {
  const auto* v = req.find(key);
  if (v == nullptr) return EpochMs{0};
  if (!v->is_string()) return std::nullopt;
  auto t = parse_rfc3339(v->as_string());
  if (!t) return std::nullopt;
  return t->utc_ms;
}

}  // namespace

Status SilenceService::restore() {
  auto all = load_records<noise::Silence>(state_.store, "silence/", noise::silence_from_json);
  if (!all) return all.error();
  state_.silences.set(std::make_shared<noise::SilenceSet>(std::move(*all)));
  return ok_status();
}

Status SilenceService::save(const noise::Silence& silence) {
  auto current = state_.silences.get();
  auto next = std::make_shared<noise::SilenceSet>(*current);
  replace_or_append(*next, silence);
  auto s = state_.store.put_meta("silence/" + silence.id, json::to_string(noise::to_json(silence)),
                                 true);
  if (!s) return s;
  state_.silences.set(std::move(next));
  return ok_status();
}

Result<json::Value> SilenceService::add(const SilenceRequest& r) {
  if (r.matchers.empty()) return Error{"at least one matcher NAME=VALUE is required"};
  if (r.reason.empty()) return Error{"a reason is required: say why alerts are silenced"};
  noise::Silence s;
  for (const auto& text : r.matchers) {
    auto m = noise::parse_matcher(text);
    if (!m) return m.error();
    s.matchers.push_back(std::move(*m));
  }
  std::lock_guard lock(mu_);
  s.created_at = state_.clock();
  s.starts_at = r.starts_at == 0 ? s.created_at : r.starts_at;
  s.ends_at = r.ends_at;
  if (s.ends_at <= s.starts_at || s.ends_at <= s.created_at) {
    return Error{"the silence must end after it starts and in the future"};
  }
  s.by = r.by;
  s.reason = r.reason.substr(0, 1000);
  s.id = "s" + std::to_string(s.created_at) + "-" + std::to_string(next_suffix_++);
  if (auto st = save(s); !st) return st.error();
  return noise::to_json(s);
}

json::Value SilenceService::list(bool all) const {
  const EpochMs now = state_.clock();
  auto set = state_.silences.get();
  std::vector<noise::Silence> shown;
  for (const auto& s : *set) {
    if (all || s.ends_at > now) shown.push_back(s);
  }
  return newest_first(std::move(shown), noise::to_json, [now](const noise::Silence& s) {
    return s.active(now) ? "active" : s.ends_at <= now ? "expired" : "pending";
  });
}

Result<json::Value> SilenceService::expire(const std::string& id, const std::string& by,
                                           const std::string& reason) {
  std::lock_guard lock(mu_);
  const EpochMs now = state_.clock();
  auto set = state_.silences.get();
  auto it = std::find_if(set->begin(), set->end(), [&](const auto& s) { return s.id == id; });
  if (it == set->end()) return Error{"no silence " + id};
  if (it->ends_at <= now) return Error{"silence " + id + " has already ended"};
  noise::Silence s = *it;
  s.ends_at = std::max(now, s.starts_at);
  s.expired_by = by;
  s.expire_reason = reason.substr(0, 1000);
  if (auto st = save(s); !st) return st.error();
  return noise::to_json(s);
}

json::Value SilenceService::handle(const std::string& cmd, const json::Value& req) {
  RecordCommands commands{"alerts.silence.list", "alerts.silence.add", "alerts.silence.expire",
                          "silences", "silence"};
  commands.list = [this](bool all) -> Result<json::Value> { return list(all); };
  commands.add = [this](const json::Value& r, const std::string& by) -> Result<json::Value> {
    SilenceRequest s;
    if (const auto* m = r.find("matchers"); m && m->is_array()) {
      for (const auto& x : m->as_array()) s.matchers.push_back(x.is_string() ? x.as_string() : "");
    }
    const auto starts = time_arg(r, "starts_at");
    const auto ends = time_arg(r, "ends_at");
    if (!starts || !ends || *ends == 0) {
      return Error{"\"ends_at\" (and optional \"starts_at\") must be RFC 3339 times"};
    }
    s.starts_at = *starts;
    s.ends_at = *ends;
    s.by = by;
    s.reason = r.string_or("reason");
    return add(s);
  };
  commands.end = [this](const std::string& id, const std::string& by, const std::string& reason) {
    return expire(id, by, reason);
  };
  return dispatch_record_command(commands, cmd, req);
}

}  // namespace bw::control
