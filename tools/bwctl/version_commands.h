// bwctl watchlist show|diff|rollback|export: a list's stored versions
// (daemon/control/watchlist_versions.h). Exit codes as in commands.h.
#pragma once

#include <cstdint>
#include <string>

#include "commands.h"

namespace bwctl {

int watchlist_show(const Globals& g, const std::string& name);
int watchlist_diff(const Globals& g, const std::string& name, uint64_t from, uint64_t to);
int watchlist_rollback(const Globals& g, const std::string& name, uint64_t version);
// Writes the list's text to stdout; version 0 = the one in force, format "" = as imported.
int watchlist_export(const Globals& g, const std::string& name, uint64_t version,
                     const std::string& format);

}  // namespace bwctl
