// Shadow mode: a candidate rule set evaluated beside the active one on live events, raising
// no alert, so an operator sees what a change would do before making it active.
//
// ShadowComparison accumulates, per rule name, how often it fired only in the candidate,
// only in the active set, or in both, with a few example event keys.
// Thread safety: record() is called by the ingest thread, report()/reset() by the control
// thread; an internal mutex serialises them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  void reset();
  // {"events_compared":N, "rules":[{"rule","candidate_only","active_only","both",
  //   "examples_candidate_only":[...], "examples_active_only":[...]}]}
  json::Value report() const;

 private:
  struct RuleCounts {
    uint64_t candidate_only = 0, active_only = 0, both = 0;
    std::vector<std::string> examples_candidate_only, examples_active_only;
  };

  mutable std::mutex mu_;
  uint64_t events_compared_ = 0;
  std::map<std::string, RuleCounts> rules_;
};

}  // namespace bw::ingest
