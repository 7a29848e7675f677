#include "raw_transport.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <future>
#include <thread>

#include "sim/push_client.h"
#include "transport/socket.h"

namespace bw::bench {

namespace {

using namespace std::chrono_literals;

// About the size of the daemon's {"event_id":"sim1-000000001","status":"accepted"}.
constexpr size_t kAckSize = 48;
constexpr int64_t kStallNs = 30'000'000'000;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Queues sized to the window on both sides: a ROUTER drops silently at its HWM, and the
// client would then wait forever for the dropped acks (see platform-facts).
transport::SocketOptions sized(size_t window) {
  const int hwm = static_cast<int>(window * 2 + 1000);
  return {.linger_ms = 0, .send_hwm = hwm, .recv_hwm = hwm};
}

// "sim1-000000001" from {"event_id":"sim1-000000001",...}; found by position, not parsed, so
// the echo costs next to nothing.
std::string_view event_id_in(std::string_view body) {
  constexpr std::string_view kKey = "\"event_id\":\"";
  const size_t start = body.find(kKey);
  if (start == std::string_view::npos) return {};
  const size_t end = body.find('"', start + kKey.size());
  if (end == std::string_view::npos) return {};
  return body.substr(start + kKey.size(), end - start - kKey.size());
}

enum class Echo { kRaw, kProtocol };

// The ROUTER side: every message is answered at once, with an ack carrying its first 8 bytes
// (kRaw) or the daemon's reply for its event_id (kProtocol).
void serve_acks(transport::Context& context, size_t window, Echo echo,
                std::promise<std::string> bound, const std::atomic<bool>& stop) {
  transport::Socket router(context, transport::SocketType::kRouter, sized(window));
  if (!router.bind(transport::any_loopback_port())) {
    bound.set_value("");
    return;
  }
  bound.set_value(router.last_endpoint());
  std::string ack(kAckSize, ' ');
  while (!stop.load()) {
    if (!transport::poll_readable({&router}, 50ms)[0]) continue;
    for (int i = 0; i < 1024; ++i) {
      auto frames = router.recv(/*dont_wait=*/true);
      if (!frames) break;
      if (frames->size() != 2 || (*frames)[1].size() < 8) continue;
      if (echo == Echo::kRaw) {
        std::memcpy(ack.data(), (*frames)[1].data(), 8);
      } else {
        ack = "{\"event_id\":\"";
        ack += event_id_in((*frames)[1]);
        ack += "\",\"status\":\"accepted\"}";
      }
      router.send(transport::Frames{std::move((*frames)[0]), ack}, /*dont_wait=*/true);
    }
  }
}

// Runs `fn(endpoint)` against an echo ROUTER on its own thread.
template <typename Fn>
Result<RawResult> with_echo_server(size_t window, Echo echo, Fn fn) {
  transport::Context context;
  std::atomic<bool> stop{false};
  std::promise<std::string> bound;
  auto endpoint = bound.get_future();
  std::thread server(serve_acks, std::ref(context), window, echo, std::move(bound),
                     std::cref(stop));
  const std::string ep = endpoint.get();
  Result<RawResult> result =
      ep.empty() ? Result<RawResult>(Error{"echo server: cannot bind"}) : fn(context, ep);
  stop = true;
  server.join();
  return result;
}

class Driver {
 public:
  Driver(transport::Context& context, size_t size, size_t window)
      : dealer_(context, transport::SocketType::kDealer, sized(window)),
        message_(std::max<size_t>(size, 8), 'x'),
        sent_at_(window),
        window_(window) {}

  Status connect(const std::string& endpoint) { return dealer_.connect(endpoint); }

  // Sends `count` messages keeping `window` in flight; returns once all are acknowledged.
  Status run(uint64_t count, RawResult* result) {
    const uint64_t target = sent_ + count;
    int64_t last_progress = now_ns();
    while (acked_ < target) {
      while (sent_ < target && sent_ - acked_ < window_) {
        std::memcpy(message_.data(), &sent_, 8);
        sent_at_[sent_ % window_] = now_ns();
        if (!dealer_.send(message_, /*dont_wait=*/true)) break;
        ++sent_;
      }
      if (transport::poll_readable({&dealer_}, 100ms)[0]) {
        last_progress = now_ns();
        receive(result);
      }
      if (now_ns() - last_progress > kStallNs) return Error{"raw transport: no ack for 30 s"};
    }
    return ok_status();
  }

 private:
  void receive(RawResult* result) {
    while (auto frames = dealer_.recv(/*dont_wait=*/true)) {
      if (frames->size() != 1 || frames->front().size() < 8) continue;
      uint64_t seq = 0;
      std::memcpy(&seq, frames->front().data(), 8);
      if (result != nullptr) result->latency.record(now_ns() - sent_at_[seq % window_]);
      ++acked_;
    }
  }

  transport::Socket dealer_;
  std::string message_;
  std::vector<int64_t> sent_at_;  // by sequence modulo window: at most `window` in flight
  size_t window_;
  uint64_t sent_ = 0;
  uint64_t acked_ = 0;
};

Result<RawResult> drive(transport::Context& context, const std::string& endpoint, size_t messages,
                        size_t size, size_t window) {
  Driver driver(context, size, window);
  if (auto s = driver.connect(endpoint); !s) return s.error();
  // Warm-up: connection set-up and first allocations are not what is being measured.
  if (auto s = driver.run(std::min<size_t>(messages / 10 + 1, 20'000), nullptr); !s) {
    return s.error();
  }
  RawResult r;
  const int64_t t0 = now_ns();
  if (auto s = driver.run(messages, &r); !s) return s.error();
  r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
  r.messages = messages;
  return r;
}

}  // namespace

Result<RawResult> run_raw_ack(size_t messages, size_t size, size_t window) {
  if (messages == 0 || window == 0) return Error{"raw transport: nothing to send"};
  return with_echo_server(window, Echo::kRaw, [&](transport::Context& c, const std::string& ep) {
    return drive(c, ep, messages, size, window);
  });
}

Result<RawResult> run_client_ack(const std::vector<std::string>& ids,
                                 const std::vector<std::string>& events, size_t window) {
  return with_echo_server(window, Echo::kProtocol,
                          [&](transport::Context& c, const std::string& ep) -> Result<RawResult> {
                            auto client =
                                sim::PushClient::connect(c, {.endpoint = ep, .window = window});
                            if (!client) return client.error();
                            RawResult r;
                            const int64_t t0 = now_ns();
                            for (size_t i = 0; i < ids.size(); ++i) {
                              if (!(*client)->wait_for_room(30s))
                                return Error{"client ceiling: no ack for 30 s"};
                              (*client)->submit(ids[i], events[i]);
                            }
                            if (!(*client)->drain(30s))
                              return Error{"client ceiling: unanswered events"};
                            r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
                            r.messages = ids.size();
                            r.latency = (*client)->ack_latency();
                            return r;
                          });
}

}  // namespace bw::bench
