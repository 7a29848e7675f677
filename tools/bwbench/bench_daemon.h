// What the benchmarks that run the daemon in-process share: a temporary state directory, a
// clock that follows the submitted events' times, and the configuration changes a bench run
// needs (loopback ports on port 0, no escalations).
#pragma once

#include <atomic>
#include <string>

#include "config/config.h"
#include "util/clock.h"
#include "util/result.h"

namespace bw::bench {

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

}  // namespace bw::bench
