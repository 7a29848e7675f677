// Large watchlist files go to the daemon as a staged upload (daemon/control/import_sessions.h):
// begin, numbered chunks cut at line ends (so each chunk is whole UTF-8), commit. The reply is
// the commit's import report, shaped like a single watchlist.import reply.
#pragma once

#include <optional>
#include <string>

#include "commands.h"
#include "json/value.h"

namespace bwctl {

// Files above this go in chunks of about this size: far below the daemon's request limit.
inline constexpr size_t kUploadChunkBytes = 8u << 20;

// nullopt after printing a transport error; a failed step's {"ok":false} reply otherwise.
std::optional<bw::json::Value> upload_in_chunks(const Globals& g, const std::string& name,
                                                const std::string& text, const std::string& format,
                                                bool skip_bad, size_t chunk_bytes);

}  // namespace bwctl
