// CURVE support: key pairs and the ZAP handler that decides which client keys get in.
//
// Why a ZAP handler at all: a CURVE server with no handler bound accepts every client that
// knows the server's public key. ZapHandler binds inproc://zeromq.zap.01 in the daemon's
// Context, which must happen before any CURVE socket binds, and answers each handshake with
// the policy's verdict; the name it returns becomes the connection's "User-Id" (see
// Socket::recv(dont_wait, user_id)). If its thread stops for any reason other than the
// destructor, the process aborts: running on without it would admit anyone.
//
// Thread safety: ZapHandler runs its own thread and calls `policy` there (the policy must be
// thread-safe). Destroy it before the Context. Key functions are pure.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "transport/socket.h"
#include "util/result.h"

namespace bw::transport {

struct CurveKeyPair {
  std::string public_key;  // 40 characters of Z85
  std::string secret_key;
};

bool curve_available();
Result<CurveKeyPair> generate_curve_keypair();
// True for 40 characters of valid Z85 (what zmq_z85_decode accepts as a 32-byte key).
bool is_z85_key(const std::string& key);

// A client's side of CURVE: empty server_public_key = plain (no CURVE).
struct CurveClientKeys {
  std::string server_public_key;
  std::string public_key;
  std::string secret_key;
  bool enabled() const { return !server_public_key.empty(); }
  // Makes `socket` a CURVE client when enabled(); call before connect.
  Status apply(Socket& socket) const {
    if (!enabled()) return ok_status();
    return socket.make_curve_client(server_public_key, public_key, secret_key);
  }
};

// Given a client's public key (Z85), the user id to admit it as, or nullopt to refuse it.
using ZapPolicy = std::function<std::optional<std::string>(const std::string& public_key)>;

class ZapHandler {
 public:
  // Binds the ZAP endpoint now (so later CURVE binds are covered) and starts the thread.
  static Result<std::unique_ptr<ZapHandler>> start(Context& context, ZapPolicy policy);
  ~ZapHandler();

 private:
  ZapHandler(Context& context, ZapPolicy policy);
  void run();
  void answer(const Frames& request);

  Socket socket_;
  ZapPolicy policy_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace bw::transport
