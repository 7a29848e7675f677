// What the benchmarks that run the daemon in-process share: a temporary state directory, a
// clock that follows the submitted events' times, the configuration changes a bench run
// needs (loopback ports on port 0, no escalations), and the daemon started on all three.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "config/config.h"
#include "server/daemon.h"
#include "util/clock.h"
#include "util/result.h"

namespace bw::bench {

// Monotonic nanoseconds: the clock sim::PushClient stamps sends and acknowledgements with.
inline int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The daemon's clock in a bench: the time of the newest event submitted so far. The
// workloads' events carry simulated times (a fixed morning, so runs repeat); under the wall
// clock every absence deadline (e.g. border_pass_overstay) would already have passed, and the
// bench would measure a flood of timer alerts no real deployment sees. Thread-safe.
class EventClock {
 public:
  explicit EventClock(EpochMs start) : now_(start) {}
  void advance_to(EpochMs t) {
    EpochMs cur = now_.load(std::memory_order_relaxed);
    while (t > cur && !now_.compare_exchange_weak(cur, t, std::memory_order_relaxed)) {
    }
  }
  // Valid while this EventClock lives.
  Clock clock() {
    return [this] { return now_.load(std::memory_order_relaxed); };
  }

 private:
  std::atomic<EpochMs> now_;
};

// Removed with everything in it on destruction unless `keep`.
struct TempDir {
  std::string path;
  bool keep = false;
  ~TempDir();
};

Result<std::string> make_temp_dir();

// `base` with its state in `state_dir`, rules from `rules_dir`, every endpoint on a loopback
// port 0, and no escalation: the clock runs at event time, hours of crossings in seconds, so
// every unacknowledged alert would escalate within the run (work real time spreads over hours).
config::Config bench_daemon_config(const config::Config& base, const std::string& state_dir,
                                   const std::string& rules_dir);

// An in-process daemon for one bench run: bench_daemon_config() on a new temporary state
// directory, its clock an EventClock starting at `clock_start`, the rules directory loaded at
// start-up. start() fails when the directory cannot be made or the daemon cannot be created
// (the directory is then removed as below). Destruction stops the daemon, then removes the state
// directory unless `keep_state`. Not copyable or movable: the daemon holds the clock.
class BenchDaemon {
 public:
  static Result<std::unique_ptr<BenchDaemon>> start(const config::Config& base,
                                                    const std::string& rules_dir,
                                                    EpochMs clock_start, bool keep_state = false);
  BenchDaemon(const BenchDaemon&) = delete;
  BenchDaemon& operator=(const BenchDaemon&) = delete;
  ~BenchDaemon() { stop(); }

  // Drains in-flight events and joins the daemon's threads; idempotent.
  void stop() {
    if (daemon_) daemon_->stop();
  }

  server::Daemon& daemon() { return *daemon_; }
  const config::Config& config() const { return config_; }
  EventClock& clock() { return clock_; }
  const std::string& state_dir() const { return state_.path; }

 private:
  BenchDaemon(std::string state_dir, bool keep_state, EpochMs clock_start)
      : state_{std::move(state_dir), keep_state}, clock_(clock_start) {}

  TempDir state_;  // first: removed after the daemon has stopped
  config::Config config_;
  EventClock clock_;
  std::unique_ptr<server::Daemon> daemon_;
};

}  // namespace bw::bench
