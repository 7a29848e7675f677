// Staged watchlist uploads: a large import arrives as numbered chunks in a session, bounded
// in size, and becomes the list only at commit, through the same atomic import as a single
// request, so no control request has to carry the whole file and screening never sees a
// partial list. Abandoned sessions are dropped after kSessionIdleMs.
//
// Limits: at most kMaxSessions open sessions and kMaxSessionBytes per session; chunks must
// arrive in order (seq 0, 1, 2...): a repeated or skipped chunk is an Error and the session
// stays as it was, so the client can resend.
// Thread safety: internally locked; callable from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "util/result.h"
#include "util/time.h"

namespace bw::control {

inline constexpr size_t kMaxSessions = 4;
inline constexpr size_t kMaxSessionBytes = size_t{2} << 30;
inline constexpr EpochMs kSessionIdleMs = 10 * 60'000;

struct ImportSession {
  std::string name, format, by;
  bool skip_bad = false;
  std::string text;
  uint64_t next_seq = 0;
  EpochMs touched_at = 0;
};

class ImportSessions {
 public:
  // A new session id.
  Result<std::string> begin(ImportSession session, EpochMs now);
  // Appends chunk `seq`; returns the bytes received so far.
  Result<uint64_t> append(const std::string& id, uint64_t seq, std::string_view text, EpochMs now);
  // Removes the session and hands it over (for commit).
  Result<ImportSession> take(const std::string& id);
  bool abort(const std::string& id);

 private:
  void expire(EpochMs now);

  std::mutex mu_;
  std::map<std::string, ImportSession> sessions_;
  uint64_t next_id_ = 1;
};

}  // namespace bw::control
