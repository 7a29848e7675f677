// bwctl's `watchlist import` and `watchlist list`. Versions, exports and clearances are in
// version_commands.h and clearance_commands.h. Exit codes as in commands.h.
#pragma once

#include <string>

#include "commands.h"

namespace bwctl {

// Imports FILE as list NAME: CSV, JSON Lines (.jsonl/.ndjson) or an OFAC sdnList (.xml), by
// file name. Bad rows are printed as "FILE: line L:C: ..."; without `skip_bad` any bad row
// leaves the stored list unchanged. Large files go as a staged upload (import_upload.h).
int watchlist_import(const Globals& g, const std::string& name, const std::string& file,
                     bool skip_bad);
int watchlist_list(const Globals& g);

}  // namespace bwctl
