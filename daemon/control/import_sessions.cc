#include "control/import_sessions.h"

namespace bw::control {

void ImportSessions::expire(EpochMs now) {
  std::erase_if(sessions_,
                [&](const auto& s) { return now - s.second.touched_at > kSessionIdleMs; });
}

Result<std::string> ImportSessions::begin(ImportSession session, EpochMs now) {
  std::lock_guard lock(mu_);
  expire(now);
  if (sessions_.size() >= kMaxSessions) {
    return Error{"too many open import sessions (" + std::to_string(kMaxSessions) +
                 "); commit or abort one"};
  }
  const std::string id = "u" + std::to_string(now) + "-" + std::to_string(next_id_++);
  session.touched_at = now;
  sessions_.emplace(id, std::move(session));
  return id;
}

Result<uint64_t> ImportSessions::append(const std::string& id, uint64_t seq, std::string_view text,
                                        EpochMs now) {
  std::lock_guard lock(mu_);
  expire(now);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return Error{"no import session " + id.substr(0, 64)};
  ImportSession& s = it->second;
  if (seq != s.next_seq) {
    return Error{"expected chunk " + std::to_string(s.next_seq) + ", got " + std::to_string(seq)};
  }
  if (s.text.size() + text.size() > kMaxSessionBytes) {
    sessions_.erase(it);
    return Error{"upload larger than " + std::to_string(kMaxSessionBytes >> 20) +
                 " MiB; session dropped"};
  }
  s.text.append(text);
  ++s.next_seq;
  s.touched_at = now;
  return static_cast<uint64_t>(s.text.size());
}

Result<ImportSession> ImportSessions::take(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return Error{"no import session " + id.substr(0, 64)};
  ImportSession s = std::move(it->second);
  sessions_.erase(it);
  return s;
}

bool ImportSessions::abort(const std::string& id) {
  std::lock_guard lock(mu_);
  return sessions_.erase(id) > 0;
}

}  // namespace bw::control
