// bwctl watchlist clear|clearances|revoke: officers' clearances of watchlist hits
// (daemon/control/clearance_service.h). Exit codes as in commands.h.
#pragma once

#include <string>

#include "commands.h"

namespace bwctl {

struct ClearOptions {
  std::string list, entry;
  std::string document;    // "COUNTRY:NUMBER" as on the alert's traveller
  std::string name;        // instead of a document: the traveller's name...
  std::string birth_date;  // ...and birth date (YYYY-MM-DD)
  std::string duration;    // "30d" (at most 90d), or
  std::string until;       // an RFC 3339 end
  std::string reason;
};

int watchlist_clear(const Globals& g, const ClearOptions& o);
int watchlist_clearances(const Globals& g, bool all);
int watchlist_revoke(const Globals& g, const std::string& id, const std::string& reason);

}  // namespace bwctl
