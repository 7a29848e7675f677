// AlertFollower: a duty-officer console's view of the alert stream, losing nothing.
//
// It subscribes to the PUB socket first, then fetches everything from `from_seq` out of the
// store through the control endpoint, then delivers live alerts; whenever a live alert's seq
// is not the next expected one (the console was slow, the PUB queue dropped, the daemon
// restarted), it fetches the gap from the store before going on. Each alert is delivered
// exactly once, in seq order (ZeroMQ guide's Clone pattern: snapshot + updates). When the
// stream is quiet for a second it also asks the store, so alerts published before the
// subscription took effect (ZeroMQ's slow joiner) or lost at the very end are still shown.
//
// Thread safety: one thread at a time. Failure: poll() returns Error when the control
// endpoint cannot be reached for a gap fill; the follower can be polled again afterwards.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "control/control_client.h"
#include "json/value.h"
#include "transport/curve.h"
#include "transport/socket.h"

namespace bw::alert {

class AlertFollower {
 public:
  using Handler = std::function<void(const json::Value& alert)>;

  // `topic_prefix` filters live alerts ("alert." = all; "alert.critical." = critical only);
  // alerts fetched from the store are filtered the same way. With `curve` enabled both the
  // subscription and the gap fills use CURVE (a daemon with security.curve admits nothing
  // else); a key the socket refuses makes every poll() fail with that error.
  AlertFollower(transport::Context& context, const std::string& alerts_endpoint,
                const std::string& control_endpoint, uint64_t from_seq,
                std::string topic_prefix = "alert.", const transport::CurveClientKeys& curve = {});

  // Delivers what is available (fetching from the store first on the first call) and
  // waits up to `wait` for live alerts. Returns how many alerts were delivered.
  Result<size_t> poll(const Handler& handler, std::chrono::milliseconds wait);

  uint64_t next_seq() const { return next_seq_; }

 private:
  Result<size_t> fill_from_store(uint64_t up_to, const Handler& handler);
  bool wanted(const json::Value& alert) const;
  size_t deliver(const json::Value& alert, const Handler& handler);

  transport::Socket sub_;
  control::ControlClient control_;
  std::string topic_prefix_;
  Status setup_ = ok_status();
  uint64_t next_seq_;
  bool caught_up_ = false;
  std::chrono::steady_clock::time_point last_sync_{};
};

}  // namespace bw::alert
