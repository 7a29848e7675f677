// Shadow mode: a candidate rule set evaluated beside the active one on live events, raising
// no alert, so an operator sees what a change would do before making it active.
//
// ShadowComparison accumulates, per rule name, how often it fired only in the candidate,
// only in the active set, or in both, with a few example event keys. Per-event rules compare
// event by event; stateful rules (ingest/shadow_stateful.h) by the set of events that made
// each side fire, one key kept per stateful alert.
// Thread safety: record() is called by the ingest thread, report()/reset() by the control
// thread; an internal mutex serialises them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "event/event.h"
#include "json/value.h"
#include "rules/rule_set.h"
#include "util/time.h"

namespace bw::ingest {

// The candidate set and who started it. Immutable once published.
struct ShadowRun {
  std::shared_ptr<const rules::RuleSet> rules;
  std::string started_by;
  EpochMs started_at = 0;
};

class ShadowComparison {
 public:
  static constexpr size_t kExamplesPerRule = 5;

  void record(const event::Event& event, const std::vector<rules::Match>& active,
              const std::vector<rules::Match>& candidate);
  // Alerts of the two shadow state engines since the last call (either may be empty).
  void record_stateful(const std::vector<alert::Alert>& active,
                       const std::vector<alert::Alert>& candidate);
  void reset();
  // {"events_compared":N, "rules":[R...], "stateful_rules":[R...]}, each R
  //   {"rule","candidate_only","active_only","both",
  //    "examples_candidate_only":[...], "examples_active_only":[...]}
  json::Value report() const;

 private:
  struct RuleCounts {
    uint64_t candidate_only = 0, active_only = 0, both = 0;
    std::vector<std::string> examples_candidate_only, examples_active_only;
  };

  // Per stateful rule, the "checkpoint/event_id" of each event it fired on, per side.
  struct StatefulFired {
    std::set<std::string> active, candidate;
  };

  mutable std::mutex mu_;
  uint64_t events_compared_ = 0;
  std::map<std::string, RuleCounts> rules_;
  std::map<std::string, StatefulFired> stateful_;
};

}  // namespace bw::ingest
