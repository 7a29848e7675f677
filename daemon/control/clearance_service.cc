#include "control/clearance_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "control/record_commands.h"
#include "json/parse.h"
#include "json/writer.h"
#include "watchlist/normalize.h"

namespace bw::control {

namespace {

std::shared_ptr<const watchlist::ClearanceSet> current(const server::SharedState& state) {
  const watchlist::ClearanceSet* set = state.watchlists.get()->clearances();
  return std::make_shared<const watchlist::ClearanceSet>(
      set != nullptr ? set->all() : std::vector<watchlist::Clearance>{});
}

const char* state_of(const watchlist::Clearance& c, EpochMs now) {
  if (c.revoked_at != 0) return "revoked";
  return c.in_force(now) ? "active" : "expired";
}

}  // namespace

Status ClearanceService::restore() {
  auto all = load_records<watchlist::Clearance>(state_.store, "clearance/",
                                                watchlist::clearance_from_json);
  if (!all) return all.error();
  std::lock_guard lock(mu_);
  watchlists_.set_clearances(std::make_shared<const watchlist::ClearanceSet>(std::move(*all)));
  return ok_status();
}

Status ClearanceService::save(const watchlist::Clearance& clearance) {
  auto s = state_.store.put_meta("clearance/" + clearance.id,
                                 json::to_string(watchlist::to_json(clearance)), true);
  if (!s) return s;
  std::vector<watchlist::Clearance> all = current(state_)->all();
  replace_or_append(all, clearance);
  watchlists_.set_clearances(std::make_shared<const watchlist::ClearanceSet>(std::move(all)));
  return ok_status();
}

Status ClearanceService::check_entry(const std::string& name, const std::string& entry) const {
  auto set = state_.watchlists.get();
  const watchlist::Watchlist* list = set->find(name);
  if (list == nullptr) return Error{"no watchlist \"" + name.substr(0, 64) + "\""};
  const std::string key = watchlist::entry_key(entry);
  if (key.empty()) return Error{"an entry (as the alert shows it) is required"};
  if (const watchlist::PersonList* persons = list->persons()) {
    for (const auto& p : persons->entries()) {
      if (watchlist::entry_key(p.id) == key) return ok_status();
    }
  } else if (list->lookup_normalised(key) != nullptr) {
    return ok_status();
  }
  return Error{"watchlist " + name + " has no entry \"" + entry.substr(0, 64) + "\""};
}

Result<json::Value> ClearanceService::clear(const ClearanceRequest& r) {
  if (auto s = check_entry(r.list, r.entry); !s) return s.error();
  watchlist::Clearance c;
  c.traveller = watchlist::traveller_identity(r.traveller);
  if (c.traveller.empty()) {
    return Error{"the traveller needs a document (country and number) or a name and a birth date"};
  }
  if (r.reason.empty()) return Error{"a reason is required: say why this is a false positive"};
  std::lock_guard lock(mu_);
  c.created_at = state_.clock();
  if (r.until <= c.created_at) return Error{"the clearance must end in the future"};
  if (r.until - c.created_at > kMaxClearanceMs) {
    return Error{"a clearance may last at most 366 days"};
  }
  c.id = "c" + std::to_string(c.created_at) + "-" + std::to_string(next_suffix_++);
  c.list = r.list;
  c.entry = r.entry.substr(0, 128);
  c.until = r.until;
  c.by = r.by;
  c.reason = r.reason.substr(0, 1000);
  if (auto s = save(c); !s) return s.error();
  spdlog::info("watchlist: {} cleared a traveller against {} entry {} until {}", c.by, c.list,
               watchlist::redact(c.entry), format_rfc3339(c.until));
  return watchlist::to_json(c);
}

json::Value ClearanceService::list(bool all) const {
  const EpochMs now = state_.clock();
  auto set = state_.watchlists.get();
  std::vector<watchlist::Clearance> shown;
  if (const watchlist::ClearanceSet* cs = set->clearances()) {
    for (const auto& c : cs->all()) {
      if (all || c.in_force(now)) shown.push_back(c);
    }
  }
  return newest_first(std::move(shown), watchlist::to_json,
                      [now](const watchlist::Clearance& c) { return state_of(c, now); });
}

Result<json::Value> ClearanceService::revoke(const std::string& id, const std::string& by,
                                             const std::string& reason) {
  std::lock_guard lock(mu_);
  const EpochMs now = state_.clock();
  auto set = state_.watchlists.get();
  const watchlist::Clearance* found =
      set->clearances() != nullptr ? set->clearances()->find(id) : nullptr;
  if (found == nullptr) return Error{"no clearance " + id.substr(0, 64)};
  if (!found->in_force(now)) return Error{"clearance " + id + " is no longer in force"};
  watchlist::Clearance c = *found;
  c.revoked_at = now;
  c.revoked_by = by;
  c.revoke_reason = reason.substr(0, 1000);
  if (auto s = save(c); !s) return s.error();
  return watchlist::to_json(c);
}

json::Value ClearanceService::handle(const std::string& cmd, const json::Value& req) {
  RecordCommands commands{"watchlist.clearance.list", "watchlist.clearance.add",
                          "watchlist.clearance.revoke", "clearances", "clearance"};
  commands.list = [this](bool all) -> Result<json::Value> { return list(all); };
  commands.add = [this](const json::Value& r, const std::string& by) -> Result<json::Value> {
    ClearanceRequest c;
    c.list = r.string_or("list");
    c.entry = r.string_or("entry");
    if (const json::Value* t = r.find("traveller")) c.traveller = *t;
    const auto until = parse_rfc3339(r.string_or("until"));
    if (!until) return Error{"\"until\" must be an RFC 3339 time"};
    c.until = until->utc_ms;
    c.by = by;
    c.reason = r.string_or("reason");
    return clear(c);
  };
  commands.end = [this](const std::string& id, const std::string& by, const std::string& reason) {
    return revoke(id, by, reason);
  };
  return dispatch_record_command(commands, cmd, req);
}

}  // namespace bw::control
