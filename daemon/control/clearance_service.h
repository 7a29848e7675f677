// Officers' watchlist clearances (watchlist/clearance.h): clear a hit as a false positive for
// one traveller and one list entry, list them, revoke one early. Control commands
// "watchlist.clearance.add|list|revoke" (bwctl watchlist clear|clearances|revoke).
//
// Persistence: each clearance is a synced meta record "clearance/<id>"; a change is in force
// for screening (inside the WatchlistSet snapshot) only once it is durable, and restore()
// brings them all back at start-up, expired and revoked ones included (they are the record of
// who cleared whom). The control server's audit log records every accepted change.
// Validation: the list and the entry must exist, the traveller must be identifiable, a reason
// is required and the clearance must end in the future, within kMaxClearanceMs. Invalid
// requests are Errors and change nothing.
// Thread safety: changes are serialised internally; callable from any thread.
#pragma once

#include <mutex>
#include <string>

#include "control/watchlist_service.h"
#include "json/value.h"
#include "server/shared_state.h"
#include "watchlist/clearance.h"

namespace bw::control {

// A clearance is a judgement about a person at one time: it must be looked at again within
// a year.
inline constexpr EpochMs kMaxClearanceMs = 366LL * 86'400'000;

struct ClearanceRequest {
  std::string list;
  std::string entry;      // as the alert shows it: a document/plate, or a persons list's id
  json::Value traveller;  // {document:{country,number}} or {name|surname+given_names,birth_date}
  EpochMs until = 0;
  std::string by;
  std::string reason;
};

class ClearanceService {
 public:
  ClearanceService(server::SharedState& state, WatchlistService& watchlists)
      : state_(state), watchlists_(watchlists) {}

  // Loads the stored clearances into the watchlist snapshot. Call after
  // WatchlistService::restore(). Fails on a store read error or a corrupt record (named).
  Status restore();
  Result<json::Value> clear(const ClearanceRequest& request);
  // In force only, or with `all` expired and revoked ones too; newest first.
  json::Value list(bool all) const;
  Result<json::Value> revoke(const std::string& id, const std::string& by,
                             const std::string& reason);

  // The control command "watchlist.clearance.add|list|revoke" (request in, reply out).
  json::Value handle(const std::string& cmd, const json::Value& request);

 private:
  Status save(const watchlist::Clearance& clearance);
  Status check_entry(const std::string& list, const std::string& entry) const;

  server::SharedState& state_;
  WatchlistService& watchlists_;
  std::mutex mu_;
  uint64_t next_suffix_ = 0;
};

}  // namespace bw::control
