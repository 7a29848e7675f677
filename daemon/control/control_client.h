// Client side of the control protocol, for bwctl, the tools and tests.
//
// Each request() sends one JSON request and waits for its reply up to `timeout`. After a
// timeout the socket is replaced, so a late reply can never be mistaken for the next one.
// Thread safety: one thread at a time per client.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "json/value.h"
#include "transport/curve.h"
#include "transport/socket.h"
#include "util/result.h"

namespace bw::control {

class ControlClient {
 public:
  ControlClient(transport::Context& context, std::string endpoint,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // The reply object (which may itself say {"ok":false,...}); Error when the daemon did not
  // answer in time or the reply is not JSON.
  Result<json::Value> request(const json::Value& request);
  // Uses CURVE with these keys from now on (the daemon's security.curve is true).
  void set_curve(transport::CurveClientKeys keys);

 private:
  void reconnect();

  transport::Context& context_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<transport::Socket> socket_;
  transport::CurveClientKeys curve_;
};

}  // namespace bw::control
