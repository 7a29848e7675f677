#include "silence_commands.h"

#include <iostream>

#include "control/control_client.h"
#include "control_request.h"
#include "json/writer.h"
#include "util/clock.h"
#include "util/time.h"

namespace bwctl {

namespace {

using bw::json::Value;

std::string joined(const Value& matchers) {
  std::string out;
  if (!matchers.is_array()) return out;
  for (const auto& m : matchers.as_array()) {
    out += (out.empty() ? "" : " ") + (m.is_string() ? m.as_string() : std::string("?"));
  }
  return out;
}

}  // namespace

int silence_add(const Globals& g, const SilenceAddOptions& o) {
  if (o.duration.empty() == o.until.empty()) {
    std::cerr << "alerts silence add: give exactly one of --for DURATION or --until TIME\n";
    return 2;
  }
  Value req;
  bw::json::Array matchers(o.matchers.begin(), o.matchers.end());
  req.set("matchers", std::move(matchers));
  req.set("reason", o.reason);
  bw::EpochMs start = bw::system_now();
  if (!o.start.empty()) {
    auto t = bw::parse_rfc3339(o.start);
    if (!t) {
      std::cerr << "alerts silence add: --start must be an RFC 3339 time\n";
      return 2;
    }
    start = t->utc_ms;
    req.set("starts_at", o.start);
  }
  if (!o.duration.empty()) {
    auto ms = bw::parse_duration_ms(o.duration, kMaxSilenceMs);
    if (!ms) {
      std::cerr << "alerts silence add: --for must be like 30m, 2h or 1d (at most 90d)\n";
      return 2;
    }
    req.set("ends_at", bw::format_rfc3339(start + *ms));
  } else {
    req.set("ends_at", o.until);
  }
  auto reply = control_request(g, "alerts.silence.add", std::move(req), "alerts silence add");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    const auto& s = *reply->find("silence");
    std::cout << "silence " << s.string_or("id") << " until " << s.string_or("ends_at") << ": "
              << joined(*s.find("matchers")) << "\n";
  }
  return 0;
}

int silence_list(const Globals& g, bool all) {
  Value req;
  req.set("all", all);
  auto reply = control_request(g, "alerts.silence.list", std::move(req), "alerts silence list");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  const auto& list = reply->find("silences")->as_array();
  if (list.empty()) std::cout << (all ? "no silences\n" : "no active or pending silences\n");
  for (const auto& s : list) {
    std::cout << s.string_or("id") << "  " << s.string_or("state") << "  "
              << s.string_or("starts_at") << " .. " << s.string_or("ends_at") << "  "
              << joined(*s.find("matchers")) << "\n    by " << s.string_or("by") << ": "
              << s.string_or("reason") << "\n";
    if (s.find("expired_by") != nullptr) {
      std::cout << "    expired by " << s.string_or("expired_by") << ": "
                << s.string_or("expire_reason") << "\n";
    }
  }
  return 0;
}

int silence_expire(const Globals& g, const std::string& id, const std::string& reason) {
  Value req;
  req.set("id", id);
  req.set("reason", reason);
  auto reply = control_request(g, "alerts.silence.expire", std::move(req), "alerts silence expire");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) std::cout << "silence " << id << " expired\n";
  return 0;
}

}  // namespace bwctl
