// Security policy of the daemon: which CURVE client keys are admitted, which checkpoints a
// checkpoint key may report for, and which control commands each role may run.
//
// Roles: checkpoint (ingest only, for its listed checkpoints), viewer (control reads),
// officer (reads + alert work: ack, resolve, silence, watchlist clearances), operator (reads +
// rules and watchlists, but not clearances). With security.curve false every check passes (loopback
// demo), but a non-loopback ingest or control endpoint is refused unless security.insecure is true.
//
// Thread safety: immutable after load(); every method may be called from any thread.
// Failure: load() returns an Error naming the file or key that is wrong.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "transport/socket.h"
#include "util/result.h"

namespace bw::auth {

// Reads a Z85 key file (40 characters, surrounding whitespace ignored). A secret key file that
// is group- or world-readable is refused: anyone who can read it can impersonate its owner.
Result<std::string> read_key_file(const std::string& path, bool secret);
// Writes a key file (secret: mode 0600, public: 0644); refuses to overwrite.
Status write_key_file(const std::string& path, const std::string& key, bool secret);

// True for tcp:// endpoints whose host is not 127.x.x.x, ::1 or localhost; ipc/inproc are local.
bool is_network_endpoint(const std::string& endpoint);

class Security {
 public:
  static Result<std::unique_ptr<Security>> load(const config::Config& config);

  bool curve() const { return curve_; }
  // Makes `socket` a CURVE server with the daemon's key; no-op when curve is off.
  Status secure(transport::Socket& socket) const;
  // The ZAP policy: the client's name for an admitted public key.
  std::optional<std::string> admit(const std::string& public_key) const;
  // May the authenticated `user` (ZAP User-Id) send events for `checkpoint`?
  Status check_checkpoint(std::string_view user, std::string_view checkpoint) const;
  // May `user` run control command `cmd`?
  Status check_command(std::string_view user, std::string_view cmd) const;

 private:
  bool curve_ = false;
  std::string secret_key_;
  std::map<std::string, const config::SecurityClient*, std::less<>> by_key_;
  std::map<std::string, config::SecurityClient, std::less<>> by_name_;
};

// Control commands that change nothing (any role but checkpoint may run them).
bool is_read_command(std::string_view cmd);

// What a role may run; exposed for tests and bwctl's help.
bool role_allows(std::string_view role, std::string_view cmd);

}  // namespace bw::auth
