#include "format.h"

#include <sstream>

namespace bwctl {

namespace {

const char* colour_of(const std::string& priority) {
  if (priority == "critical") return "\033[1;37;41m";
  if (priority == "high") return "\033[1;31m";
  if (priority == "medium") return "\033[33m";
  if (priority == "low") return "\033[36m";
  return "\033[37m";
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string num(const bw::json::Value& v, const char* key) {
  std::ostringstream os;
  os << static_cast<uint64_t>(v.number_or(key, 0));
  return os.str();
}

}  // namespace

std::string format_alert(const bw::json::Value& a, bool colour) {
  const std::string priority = a.string_or("priority", "info");
  std::ostringstream os;
  os << "#" << num(a, "seq") << "  " << a.string_or("time") << "  ";
  if (colour) os << colour_of(priority);
  char pbuf[16];
  std::snprintf(pbuf, sizeof pbuf, "%-8s", upper(priority).c_str());
  os << pbuf;
  if (colour) os << "\033[0m";
  os << "  " << a.string_or("checkpoint") << "  " << a.string_or("direction") << "  "
     << a.string_or("rule");
  const auto* rules = a.find("rules");
  if (rules != nullptr && rules->is_array() && rules->as_array().size() > 1) {
    os << " (+";
    for (size_t i = 1; i < rules->as_array().size(); ++i) {
      os << (i > 1 ? ", " : "") << rules->as_array()[i].string_or("rule");
    }
    os << ")";
  }
  os << "\n      " << a.string_or("output") << "   [event " << a.string_or("event_id") << "]";
  return os.str();
}

std::string format_alert_details(const bw::json::Value& a, bool colour) {
  std::ostringstream os;
  os << format_alert(a, colour) << "\n";
  os << "  id " << a.string_or("id") << ", raised " << a.string_or("raised_at") << ", rule set v"
     << num(a, "rule_set_version") << "\n  rules:\n";
  if (const auto* rules = a.find("rules"); rules && rules->is_array()) {
    for (const auto& r : rules->as_array()) {
      os << "    " << r.string_or("priority") << "  " << r.string_or("rule") << ": "
         << r.string_or("output") << "\n";
    }
  }
  if (const auto* fields = a.find("fields"); fields && fields->is_object()) {
    os << "  fields:\n";
    for (const auto& [k, v] : fields->as_object()) {
      os << "    " << k << " = " << (v.is_string() ? v.as_string() : std::string("?")) << "\n";
    }
  }
  if (const auto* work = a.find("work")) {
    os << "  state: " << work->string_or("state");
    if (work->find("outcome")) os << " (" << work->string_or("outcome") << ")";
    os << "\n";
    if (const auto* history = work->find("history"); history && history->is_array()) {
      for (const auto& h : history->as_array()) {
        os << "    " << h.string_or("at") << "  " << h.string_or("state") << " by "
           << h.string_or("by");
        if (h.find("outcome")) os << " (" << h.string_or("outcome") << ")";
        if (h.find("note")) os << ": " << h.string_or("note");
        os << "\n";
      }
    }
  }
  return os.str();
}

std::string format_status(const bw::json::Value& s) {
  std::ostringstream os;
  os << "borderwatchd " << s.string_or("version") << ", up " << num(s, "uptime_s") << " s\n";
  if (const auto* ep = s.find("endpoints")) {
    os << "  ingest   " << ep->string_or("ingest") << "\n  alerts   " << ep->string_or("alerts")
       << "\n  control  " << ep->string_or("control") << "\n";
  }
  os << "  rules    version " << num(s, "rule_set_version") << ", " << num(s, "rules")
     << " rules\n";
  if (const auto* in = s.find("ingest")) {
    os << "  events   received " << num(*in, "received") << ", accepted " << num(*in, "accepted")
       << ", duplicate " << num(*in, "duplicates") << ", rejected " << num(*in, "rejected")
       << ", retry " << num(*in, "retried") << "\n";
    os << "  stateful late events " << num(*in, "late_events") << " (stored, not applied), "
       << num(*in, "stateful_alerts") << " alerts\n";
  }
  os << "  stored   " << num(s, "events_stored") << " events, next alert #"
     << num(s, "next_alert_seq") << "\n";
  if (s.find("alerts_silenced") != nullptr) {
    os << "  noise    " << num(s, "alerts_silenced") << " alerts silenced, "
       << num(s, "alerts_folded") << " folded into open alerts\n";
  }
  if (const auto* sinks = s.find("sinks"); sinks && sinks->is_array()) {
    for (const auto& k : sinks->as_array()) {
      os << "  sink     " << k.string_or("name") << " (" << k.string_or("type") << "): next alert #"
         << num(k, "cursor") << ", " << num(k, "delivered") << " delivered, " << num(k, "failures")
         << " failures";
      if (!k.string_or("last_error").empty()) os << ", last error: " << k.string_or("last_error");
      os << "\n";
    }
  }
  if (const auto* wl = s.find("watchlists"); wl && wl->is_array()) {
    for (const auto& l : wl->as_array()) {
      os << "  list     " << l.string_or("name") << " (" << l.string_or("kind")
         << "): " << num(l, "count") << " entries, imported " << l.string_or("imported_at")
         << " by " << l.string_or("imported_by") << "\n";
    }
  }
  return os.str();
}

}  // namespace bwctl
