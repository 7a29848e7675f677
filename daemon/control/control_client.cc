#include "control/control_client.h"

#include "json/parse.h"
#include "json/writer.h"

namespace bw::control {

ControlClient::ControlClient(transport::Context& context, std::string endpoint,
                             std::chrono::milliseconds timeout)
    : context_(context), endpoint_(std::move(endpoint)), timeout_(timeout) {
  reconnect();
}

void ControlClient::reconnect() {
  socket_ = std::make_unique<transport::Socket>(context_, transport::SocketType::kDealer);
  (void)curve_.apply(*socket_);       // bad keys show as timeouts, like a daemon that is down
  (void)socket_->connect(endpoint_);  // ZeroMQ connects lazily; failures show as timeouts
}

void ControlClient::set_curve(transport::CurveClientKeys keys) {
  curve_ = std::move(keys);
  reconnect();
}

Result<json::Value> ControlClient::request(const json::Value& request) {
  // DEALER sends an empty delimiter like REQ, so the server's envelope echo works for both.
  if (!socket_->send(transport::Frames{"", json::to_string(request)})) {
    reconnect();
    return Error{"cannot send to " + endpoint_};
  }
  if (!transport::poll_readable({socket_.get()}, timeout_)[0]) {
    reconnect();
    return Error{"no reply from borderwatchd at " + endpoint_ + " within " +
                 std::to_string(timeout_.count()) + " ms (is it running?)"};
  }
  auto frames = socket_->recv(/*dont_wait=*/true);
  if (!frames || frames->empty()) return Error{"empty reply from " + endpoint_};
  auto reply = json::parse(frames->back(), {.max_bytes = 1u << 30, .max_depth = 64});
  if (!reply) return Error{"reply is not JSON: " + reply.error().message};
  return reply;
}

}  // namespace bw::control
