// Control commands over watchlist versions: watchlist.show {name}, watchlist.diff {name, from,
// to}, watchlist.rollback {name, version}, watchlist.export {name, version?, format?};
// staged uploads: watchlist.upload.begin {name, format, skip_bad} -> {session},
// watchlist.upload.chunk {session, seq, text}, watchlist.upload.commit {session} (the import
// report, as watchlist.import), watchlist.upload.abort {session}.
// Untrusted requests get an error reply naming the bad argument, never a crash.
// Thread safety: as WatchlistService.
#pragma once

#include <string>

#include "control/watchlist_service.h"
#include "json/value.h"

namespace bw::control {

// True when `cmd` is one of the commands above.
bool is_watchlist_version_command(const std::string& cmd);
json::Value handle_watchlist_version_command(WatchlistService& watchlists, const std::string& cmd,
                                             const json::Value& request);

}  // namespace bw::control
