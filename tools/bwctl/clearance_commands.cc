#include "clearance_commands.h"

#include <iostream>

#include "control/clearance_service.h"
#include "control/control_client.h"
#include "control_request.h"
#include "json/writer.h"
#include "silence_commands.h"
#include "util/clock.h"

namespace bwctl {

namespace {

using bw::json::Value;

// The traveller object the daemon derives the identity from (clearance.h), or nullopt.
std::optional<Value> traveller_of(const ClearOptions& o) {
  Value t;
  if (!o.document.empty()) {
    const auto colon = o.document.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == o.document.size()) {
      return std::nullopt;
    }
    Value doc;
    doc.set("country", o.document.substr(0, colon));
    doc.set("number", o.document.substr(colon + 1));
    t.set("document", std::move(doc));
    return t;
  }
  if (o.name.empty() || o.birth_date.empty()) return std::nullopt;
  t.set("name", o.name);
  t.set("birth_date", o.birth_date);
  return t;
}

}  // namespace

int watchlist_clear(const Globals& g, const ClearOptions& o) {
  if (o.duration.empty() == o.until.empty()) {
    std::cerr << "watchlist clear: give exactly one of --for DURATION or --until TIME\n";
    return 2;
  }
  auto traveller = traveller_of(o);
  if (!traveller) {
    std::cerr << "watchlist clear: name the traveller with --document COUNTRY:NUMBER, or with "
                 "--name and --birth-date\n";
    return 2;
  }
  Value req;
  req.set("list", o.list);
  req.set("entry", o.entry);
  req.set("traveller", std::move(*traveller));
  req.set("reason", o.reason);
  if (!o.duration.empty()) {
    auto ms = bw::parse_duration_ms(o.duration, bw::control::kMaxClearanceMs);
    if (!ms) {
      std::cerr << "watchlist clear: --for must be like 12h or 30d (at most 366d)\n";
      return 2;
    }
    req.set("until", bw::format_rfc3339(bw::system_now() + *ms));
  } else {
    req.set("until", o.until);
  }
  auto reply = control_request(g, "watchlist.clearance.add", std::move(req), "watchlist clear");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    const Value& c = *reply->find("clearance");
    std::cout << "clearance " << c.string_or("id") << ": " << c.string_or("traveller")
              << " cleared against " << c.string_or("list") << " " << c.string_or("entry")
              << " until " << c.string_or("until") << "\n";
  }
  return 0;
}

int watchlist_clearances(const Globals& g, bool all) {
  Value req;
  req.set("all", all);
  auto reply =
      control_request(g, "watchlist.clearance.list", std::move(req), "watchlist clearances");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  const auto& list = reply->find("clearances")->as_array();
  if (list.empty()) std::cout << (all ? "no clearances\n" : "no clearances in force\n");
  for (const auto& c : list) {
    std::cout << c.string_or("id") << "  " << c.string_or("state") << "  until "
              << c.string_or("until") << "  " << c.string_or("list") << " " << c.string_or("entry")
              << "  " << c.string_or("traveller") << "\n    by " << c.string_or("by") << " at "
              << c.string_or("created_at") << ": " << c.string_or("reason") << "\n";
    if (c.find("revoked_by") != nullptr) {
      std::cout << "    revoked by " << c.string_or("revoked_by") << " at "
                << c.string_or("revoked_at") << ": " << c.string_or("revoke_reason") << "\n";
    }
  }
  return 0;
}

int watchlist_revoke(const Globals& g, const std::string& id, const std::string& reason) {
  Value req;
  req.set("id", id);
  req.set("reason", reason);
  auto reply = control_request(g, "watchlist.clearance.revoke", std::move(req), "watchlist revoke");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) std::cout << "clearance " << id << " revoked\n";
  return 0;
}

}  // namespace bwctl
