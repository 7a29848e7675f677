// Message transport: a thin facade over ZeroMQ (the only component that includes it), so the
// rest of the daemon and the tools speak in frames and endpoints, not in libzmq calls.
//
// Thread safety: like ZeroMQ sockets, a Socket must be used by one thread at a time (it may
// be handed from the thread that made it to another). A Context is thread-safe.
// Failure: bind/connect/option errors return Status; send/recv never throw.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bw::transport {

using Frames = std::vector<std::string>;

enum class SocketType { kRouter, kDealer, kPub, kSub, kPush, kPull, kReq, kRep, kPair };

class Context {
 public:
  Context();
  ~Context();  // sockets must be closed first; they are created with a bounded linger
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

 private:
  friend class Socket;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct SocketOptions {
  int linger_ms = 0;    // never block context termination (libzmq default is forever)
  int send_hwm = 1000;  // messages queued per peer before drop (PUB/ROUTER) or block
  int recv_hwm = 1000;
  int64_t max_message_size = -1;           // -1 unlimited; set it on sockets facing untrusted peers
  bool router_mandatory = false;           // ROUTER: fail instead of silently dropping unroutable
  std::string identity;                    // DEALER/REQ: routing id seen by the ROUTER
  std::vector<std::string> subscriptions;  // SUB: topic prefixes ("" = everything)
  int send_timeout_ms = -1;                // -1 block
  int recv_timeout_ms = -1;
};

class Socket {
 public:
  friend std::vector<bool> poll_readable(const std::vector<Socket*>&, std::chrono::milliseconds);
  Socket(Context& context, SocketType type, const SocketOptions& options = {});
  ~Socket();
  Socket(Socket&&) noexcept;
  Socket& operator=(Socket&&) noexcept;

  Status bind(const std::string& endpoint);
  Status connect(const std::string& endpoint);
  // The endpoint actually bound (resolves "tcp://127.0.0.1:*" to the chosen port).
  std::string last_endpoint() const;

  // Sends a multipart message. false when it would block (dont_wait) or the peer is gone.
  bool send(const Frames& frames, bool dont_wait = false);
  bool send(std::string_view frame, bool dont_wait = false);
  // Receives one whole multipart message; nullopt on timeout, would-block or shutdown.
  std::optional<Frames> recv(bool dont_wait = false);
  // The same, and sets `*user_id` to the peer's authenticated identity: the "User-Id" the ZAP
  // handler (transport/curve.h) returned for its key; "" on a socket without CURVE.
  std::optional<Frames> recv(bool dont_wait, std::string* user_id);

  // CURVE (transport/curve.h). Call before bind/connect. Keys are 40-character Z85 text.
  // Server: encrypts and requires every peer to prove a key the ZAP handler admits.
  Status make_curve_server(const std::string& secret_key);
  // Client: authenticates with its key pair and accepts only the server's public key.
  Status make_curve_client(const std::string& server_public_key, const std::string& public_key,
                           const std::string& secret_key);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks until at least one socket is readable or `timeout` passes (negative: forever).
// Returns one flag per socket. Interrupted waits return all false.
std::vector<bool> poll_readable(const std::vector<Socket*>& sockets,
                                std::chrono::milliseconds timeout);

// A loopback endpoint with a port chosen by the OS when bound: for tests and benchmarks.
inline std::string any_loopback_port() {
  return "tcp://127.0.0.1:*";
}

}  // namespace bw::transport
