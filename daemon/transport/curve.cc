#include "transport/curve.h"

#include <spdlog/spdlog.h>
#include <zmq.h>

#include <cstdlib>

namespace bw::transport {

namespace {

constexpr char kZapEndpoint[] = "inproc://zeromq.zap.01";

std::string z85_of(const std::string& binary_key) {
  if (binary_key.size() != 32) return {};
  char text[41] = {};
  if (zmq_z85_encode(text, reinterpret_cast<const uint8_t*>(binary_key.data()), 32) == nullptr) {
    return {};
  }
  return text;
}

}  // namespace

bool curve_available() {
  return zmq_has("curve") == 1;
}

Result<CurveKeyPair> generate_curve_keypair() {
  char pub[41] = {}, sec[41] = {};
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Error{std::string("curve: cannot make a key pair: ") + zmq_strerror(zmq_errno())};
  }
  return CurveKeyPair{pub, sec};
}

bool is_z85_key(const std::string& key) {
  uint8_t out[32];
  return key.size() == 40 && zmq_z85_decode(out, key.c_str()) != nullptr;
}

ZapHandler::ZapHandler(Context& context, ZapPolicy policy)
    : socket_(context, SocketType::kRep, {.max_message_size = 4096}), policy_(std::move(policy)) {}

Result<std::unique_ptr<ZapHandler>> ZapHandler::start(Context& context, ZapPolicy policy) {
  std::unique_ptr<ZapHandler> h(new ZapHandler(context, std::move(policy)));
  if (auto s = h->socket_.bind(kZapEndpoint); !s) return Error{"zap handler: " + s.error().message};
  h->thread_ = std::thread([raw = h.get()] { raw->run(); });
  return h;
}

ZapHandler::~ZapHandler() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ZapHandler::run() {
  using namespace std::chrono_literals;
  while (!stopping_) {
    if (!poll_readable({&socket_}, 100ms)[0]) continue;
    auto request = socket_.recv(/*dont_wait=*/true);
    if (!request) continue;
    answer(*request);
  }
}

void ZapHandler::answer(const Frames& request) {
  // RFC 27: version, request id, domain, address, identity, mechanism, credentials...
  std::string request_id = request.size() > 1 ? request[1] : std::string();
  std::optional<std::string> user;
  std::string why = "bad ZAP request";
  if (request.size() >= 7 && request[0] == "1.0" && request[5] == "CURVE") {
    const std::string key = z85_of(request[6]);
    user = policy_(key);
    if (!user) {
      why = "unknown key";
      spdlog::warn("security: refused CURVE client key {} from {}", key, request[3]);
    }
  } else if (request.size() >= 6) {
    why = "mechanism " + request[5] + " not allowed";
  }
  Frames reply{"1.0", request_id, user ? "200" : "400", user ? "OK" : why, user.value_or(""), ""};
  if (!socket_.send(reply)) {
    // A REP socket that cannot answer is broken: without the handler everyone is let in.
    spdlog::critical("security: ZAP handler cannot reply; stopping the process");
    std::abort();
  }
}

}  // namespace bw::transport
