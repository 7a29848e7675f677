// Clearances: a duty officer's decision that one traveller is not the person (or document,
// or vehicle) behind one watchlist entry. While a clearance is in force, that traveller no
// longer hits that entry; every other entry, and every other traveller, still does.
//
// Traveller identity (traveller_identity()), from the event's `traveller` object:
//   - with a document number: "doc:<ISSUER>:<NUMBER>", the issuing country upper-cased and the
//     number normalised like a documents list (separators dropped, upper case);
//   - otherwise, with a name and a birth date: "name:<TOKENS>|<BIRTH DATE>", the name's
//     ASCII letters upper-cased and its words sorted (so "CHEA Sok" = "Sok Chea");
//   - otherwise none (""): such a traveller can never be cleared.
// The document wins because it is what the gate reads from the chip/MRZ; name and birth date
// are the fallback for events that carry no document.
//
// Entries are compared after the same normalisation as document numbers, so the entry as the
// alert shows it ("AA 1234567", or a persons list's id) names it.
//
// ClearanceSet is immutable (swapped as a whole inside a WatchlistSet); thread-safe for reads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/value.h"
#include "util/result.h"
#include "util/time.h"

namespace bw::watchlist {

struct Clearance {
  std::string id;
  std::string list;       // watchlist name
  std::string entry;      // as given (display or id); matched normalised
  std::string traveller;  // traveller_identity()
  std::string by, reason;
  EpochMs created_at = 0;
  EpochMs until = 0;  // in force while now < until
  // Revocation ends a clearance early; the record stays for the audit trail.
  std::string revoked_by, revoke_reason;
  EpochMs revoked_at = 0;

  bool in_force(EpochMs now) const { return revoked_at == 0 && now < until; }
};

json::Value to_json(const Clearance& c);
Result<Clearance> clearance_from_json(const json::Value& v);

// See the header comment; "" when the object identifies nobody.
std::string traveller_identity(const json::Value& traveller);
// The key entries are compared by.
std::string entry_key(std::string_view entry);

class ClearanceSet {
 public:
  ClearanceSet() = default;
  explicit ClearanceSet(std::vector<Clearance> all);

  bool empty() const { return index_.empty(); }
  const std::vector<Clearance>& all() const { return all_; }
  const Clearance* find(std::string_view id) const;
  // Is `traveller` (an identity) cleared against `entry_key` of `list` at `now`?
  bool covers(std::string_view list, std::string_view entry_key, std::string_view traveller,
              EpochMs now) const;

 private:
  std::vector<Clearance> all_;
  // list \x1f entry key \x1f traveller -> latest `until` of the unrevoked clearances.
  std::unordered_map<std::string, EpochMs> index_;
};

}  // namespace bw::watchlist
