// Escalation: an alert still open (nobody acknowledged it) some minutes after it was raised
// is escalated once: published to supervisors as topic "escalation.<priority>.<checkpoint>"
// and noted in the alert's history. Delays come from config (per priority, per checkpoint).
//
// Driven by the injected clock, so tests can move time; tick() is called from the control
// thread's loop. It learns about new alerts from the store (not from the ingest thread), and
// after a restart it picks up alerts raised within the longest delay, skipping those whose
// history already says "escalated": an alert is escalated at most once, even across restarts.
// Thread safety: tick() from one thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "control/alert_service.h"
#include "server/shared_state.h"

namespace bw::control {

class Escalator {
 public:
  Escalator(server::SharedState& state, AlertService& alerts);

  // Checks at most once per second of the clock; cheap when nothing is due.
  void tick();

 private:
  struct Pending {
    uint64_t seq;
    EpochMs due;
  };

  void load_recent();
  void learn_new_alerts();
  void watch(uint64_t seq, const json::Value& alert);

  server::SharedState& state_;
  AlertService& alerts_;
  uint64_t next_seq_ = 0;  // 0 = not started
  EpochMs last_tick_ = 0;
  std::multimap<EpochMs, uint64_t> due_;  // due time -> alert seq
};

}  // namespace bw::control
