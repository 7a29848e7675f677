// NoiseFilter: decides, when an alert is raised, whether officers are pushed it.
//
//   silenced  an active silence matches: stored with "silenced_by", not published, no sink.
//   summary   rate protection: the rule passed noise.rule_rate_limit_per_minute this minute;
//             the first alert over the limit is pushed as a summary ("summary" says why) and
//             the rest of the minute folds into it.
//   folded    same rule and subject (noise.fold_key_fields) as an open alert seen within
//             noise.fold_seconds of its last repeat, and not of higher priority: stored with
//             "folded_into" (the open alert's id) and the running "fold_count", published as
//             update.folded.<checkpoint>, skipped by sinks. Never silent: every repeat is
//             stored, published as an update, counted.
//   pushed    anything else, including a repeat of higher priority (it breaks through and
//             becomes the alert later repeats fold into).
//
// Fold state is written as store meta records "fold/<head alert id>" in the same commit as
// the alert (decide() appends them to `meta`), and restore() rebuilds it after a restart.
// A folded alert is never folded into an alert an officer already resolved.
//
// Thread safety: none; owned and called by the ingest loop only.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alert/alert.h"
#include "config/config.h"
#include "noise/silence.h"
#include "store/store.h"

namespace bw::noise {

enum class Decision { kPushed, kSilenced, kFolded, kSummary };

class NoiseFilter {
 public:
  using MetaRecords = std::vector<std::pair<std::string, std::string>>;

  NoiseFilter(const config::NoiseConfig& config, store::Store& store)
      : config_(config), store_(store) {}

  // Loads fold records still inside the fold window. Fails only on a store read error.
  Status restore(EpochMs now);

  // Marks `alert` (silenced_by / folded_into / fold_count / fold_key / summary) and appends
  // the fold records to write with it to `meta`.
  Decision decide(alert::Alert& alert, const SilenceSet& silences, EpochMs now, MetaRecords& meta);

  // After a successful commit: the sequence numbers of alerts that head a fold group, so a
  // later repeat can check whether an officer resolved them.
  void committed(const alert::Alert& alert);
  // After a failed commit: forgets a fold group this alert started, so resent repeats are not
  // folded into an alert that was never stored.
  void not_committed(const alert::Alert& alert);

 private:
  struct Group {
    std::string head_id;
    uint64_t head_seq = 0;  // 0 until committed (or unknown after a restart)
    rules::Priority priority = rules::Priority::kInfo;
    EpochMs first_seen = 0;
    EpochMs last_seen = 0;
    uint64_t count = 0;
  };
  struct RuleRate {
    int64_t minute = -1;
    uint64_t count = 0;
    std::string summary_key;  // fold key of this minute's summary alert, once there is one
    bool limited = false;     // this minute went over the limit: not learned from
    double normal = 0;        // learned alerts per minute (see rate_limit())
  };

  bool rate_limited(alert::Alert& alert, EpochMs now, MetaRecords& meta);
  // Moves `rate` to `minute`, learning from the minutes that ended if they were not limited.
  void roll(RuleRate& rate, int64_t minute) const;
  uint64_t rate_limit(const RuleRate& rate) const;
  bool fold(alert::Alert& alert, const std::string& key, EpochMs now, MetaRecords& meta);
  void start_group(alert::Alert& alert, const std::string& key, EpochMs now, MetaRecords& meta);
  bool head_resolved(const Group& g);
  std::string subject(const alert::Alert& alert) const;
  void prune(EpochMs now);
  static std::string record(const std::string& key, const Group& g);

  const config::NoiseConfig& config_;
  store::Store& store_;
  std::unordered_map<std::string, Group> groups_;  // by fold key
  std::unordered_map<std::string, std::string> key_of_head_;
  std::unordered_map<std::string, RuleRate> rates_;  // by rule
  uint64_t decisions_ = 0;
};

}  // namespace bw::noise
