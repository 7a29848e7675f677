#include "transport/socket.h"

#include <zmq.hpp>

namespace bw::transport {

struct Context::Impl {
  zmq::context_t ctx{1};
};

Context::Context() : impl_(std::make_unique<Impl>()) {}
Context::~Context() = default;

namespace {

zmq::socket_type to_zmq(SocketType t) {
  switch (t) {
    case SocketType::kRouter:
      return zmq::socket_type::router;
    case SocketType::kDealer:
      return zmq::socket_type::dealer;
    case SocketType::kPub:
      return zmq::socket_type::pub;
    case SocketType::kSub:
      return zmq::socket_type::sub;
    case SocketType::kPush:
      return zmq::socket_type::push;
    case SocketType::kPull:
      return zmq::socket_type::pull;
    case SocketType::kReq:
      return zmq::socket_type::req;
    case SocketType::kRep:
      return zmq::socket_type::rep;
    case SocketType::kPair:
      return zmq::socket_type::pair;
  }
  return zmq::socket_type::pair;
}

}  // namespace

struct Socket::Impl {
  zmq::socket_t sock;
};

Socket::Socket(Context& context, SocketType type, const SocketOptions& o)
    : impl_(std::make_unique<Impl>()) {
  impl_->sock = zmq::socket_t(context.impl_->ctx, to_zmq(type));
  auto& s = impl_->sock;
  s.set(zmq::sockopt::linger, o.linger_ms);
  s.set(zmq::sockopt::sndhwm, o.send_hwm);
  s.set(zmq::sockopt::rcvhwm, o.recv_hwm);
  s.set(zmq::sockopt::maxmsgsize, o.max_message_size);
  s.set(zmq::sockopt::sndtimeo, o.send_timeout_ms);
  s.set(zmq::sockopt::rcvtimeo, o.recv_timeout_ms);
  if (o.router_mandatory) s.set(zmq::sockopt::router_mandatory, 1);
  if (!o.identity.empty()) s.set(zmq::sockopt::routing_id, o.identity);
  for (const auto& topic : o.subscriptions) s.set(zmq::sockopt::subscribe, topic);
}

Socket::~Socket() = default;
Socket::Socket(Socket&&) noexcept = default;
Socket& Socket::operator=(Socket&&) noexcept = default;

Status Socket::bind(const std::string& endpoint) {
  try {
    impl_->sock.bind(endpoint);
  } catch (const zmq::error_t& e) {
    return Error{"cannot bind " + endpoint + ": " + e.what()};
  }
  return ok_status();
}

Status Socket::connect(const std::string& endpoint) {
  try {
    impl_->sock.connect(endpoint);
  } catch (const zmq::error_t& e) {
    return Error{"cannot connect to " + endpoint + ": " + e.what()};
  }
  return ok_status();
}

std::string Socket::last_endpoint() const {
  return impl_->sock.get(zmq::sockopt::last_endpoint);
}

bool Socket::send(const Frames& frames, bool dont_wait) {
  try {
    for (size_t i = 0; i < frames.size(); ++i) {
      auto flags = dont_wait ? zmq::send_flags::dontwait : zmq::send_flags::none;
      if (i + 1 < frames.size()) flags = flags | zmq::send_flags::sndmore;
      // Only the first frame can fail with EAGAIN: ZeroMQ queues multipart messages atomically.
      if (!impl_->sock.send(zmq::buffer(frames[i].data(), frames[i].size()), flags)) return false;
    }
  } catch (const zmq::error_t&) {
    return false;  // EHOSTUNREACH (router_mandatory), ETERM
  }
  return true;
}

bool Socket::send(std::string_view frame, bool dont_wait) {
  try {
    auto flags = dont_wait ? zmq::send_flags::dontwait : zmq::send_flags::none;
    return impl_->sock.send(zmq::buffer(frame.data(), frame.size()), flags).has_value();
  } catch (const zmq::error_t&) {
    return false;
  }
}

std::optional<Frames> Socket::recv(bool dont_wait) {
  Frames frames;
  try {
    const auto flags = dont_wait ? zmq::recv_flags::dontwait : zmq::recv_flags::none;
    zmq::message_t msg;
    if (!impl_->sock.recv(msg, flags)) return std::nullopt;
    frames.reserve(2);  // a ROUTER's [peer, body]: one allocation, not a second to grow
    frames.emplace_back(msg.to_string());
    while (msg.more()) {
      // The rest of a multipart message is already here: ZeroMQ delivers it atomically.
      if (!impl_->sock.recv(msg, zmq::recv_flags::none)) break;
      frames.emplace_back(msg.to_string());
    }
  } catch (const zmq::error_t&) {
    return std::nullopt;
  }
  return frames;
}

std::optional<Frames> Socket::recv(bool dont_wait, std::string* user_id) {
  Frames frames;
  user_id->clear();
  try {
    const auto flags = dont_wait ? zmq::recv_flags::dontwait : zmq::recv_flags::none;
    zmq::message_t msg;
    if (!impl_->sock.recv(msg, flags)) return std::nullopt;
    frames.reserve(2);  // a ROUTER's [peer, body]: one allocation, not a second to grow
    frames.emplace_back(msg.to_string());
    while (msg.more()) {
      if (!impl_->sock.recv(msg, zmq::recv_flags::none)) break;
      frames.emplace_back(msg.to_string());
    }
    // From the last frame: a ROUTER's routing-id frame carries no connection metadata.
    // (cppzmq's gets() throws when the property is missing: no CURVE or no ZAP handler.)
    const char* id = zmq_msg_gets(msg.handle(), "User-Id");
    if (id != nullptr) *user_id = id;
  } catch (const zmq::error_t&) {
    return std::nullopt;
  }
  return frames;
}

Status Socket::make_curve_server(const std::string& secret_key) {
  try {
    impl_->sock.set(zmq::sockopt::curve_server, 1);
    impl_->sock.set(zmq::sockopt::curve_secretkey, secret_key);
    impl_->sock.set(zmq::sockopt::zap_domain, std::string("borderwatch"));
  } catch (const zmq::error_t& e) {
    return Error{std::string("curve server: ") + e.what()};
  }
  return ok_status();
}

Status Socket::make_curve_client(const std::string& server_public_key,
                                 const std::string& public_key, const std::string& secret_key) {
  try {
    impl_->sock.set(zmq::sockopt::curve_serverkey, server_public_key);
    impl_->sock.set(zmq::sockopt::curve_publickey, public_key);
    impl_->sock.set(zmq::sockopt::curve_secretkey, secret_key);
  } catch (const zmq::error_t& e) {
    return Error{std::string("curve client: ") + e.what()};
  }
  return ok_status();
}

std::vector<bool> poll_readable(const std::vector<Socket*>& sockets,
                                std::chrono::milliseconds timeout) {
  std::vector<zmq::pollitem_t> items;
  items.reserve(sockets.size());
  for (auto* s : sockets) items.push_back({s->impl_->sock.handle(), 0, ZMQ_POLLIN, 0});
  std::vector<bool> ready(sockets.size(), false);
  try {
    zmq::poll(items.data(), items.size(), timeout);
  } catch (const zmq::error_t&) {
    return ready;  // EINTR: a signal; the caller loops
  }
  for (size_t i = 0; i < items.size(); ++i) ready[i] = (items[i].revents & ZMQ_POLLIN) != 0;
  return ready;
}

}  // namespace bw::transport
