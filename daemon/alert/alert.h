// An alert: one per event that matched at least one rule. It names every rule that matched
// (not only the first), carries the highest priority among them, and the event fields that
// made them match. Plain value type; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event/event.h"
#include "json/value.h"
#include "rules/rule_set.h"

namespace bw::alert {

struct RuleHit {
  std::string rule;
  rules::Priority priority = rules::Priority::kMedium;
  std::string output;
  std::vector<std::string> tags;
};

// An event that made a stateful rule fire (README "Alerts": `context`).
struct ContextEvent {
  std::string event_id;
  std::string checkpoint;
  Timestamp time;
};

struct Alert {
  uint64_t seq = 0;  // gap-free, assigned when the alert is committed with its event
  std::string id;    // stable across redelivery: receivers drop repeats by it
  std::string event_id;
  std::string checkpoint;
  std::string direction;
  Timestamp event_time;
  EpochMs raised_at = 0;
  uint64_t rule_set_version = 0;                      // the stored rule-set version that raised it
  rules::Priority priority = rules::Priority::kInfo;  // highest of `hits`
  std::vector<RuleHit> hits;                          // highest priority first
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<ContextEvent> context;  // stateful rules only; empty for per-event rules

  // Noise control (daemon/noise/), decided when the alert is raised; empty/0 = not applied.
  std::string silenced_by;  // silence id: stored and counted, never pushed
  std::string folded_into;  // id of the open alert this repeats: published as an update only
  uint64_t fold_count = 0;  // with folded_into: repeats so far, the first alert included
  std::string fold_key;     // "rule|subject" it folds by, so fold state survives a restart
  std::string summary;      // rate protection: this alert stands for a broken rule's flood
};

// nullopt-equivalent: an Alert with no hits when `matches` is empty.
Alert make_alert(const event::Event& event, const std::vector<rules::Match>& matches,
                 EpochMs raised_at);

// Wire and storage form (one JSON object, documented in README.md "Alerts").
json::Value to_json_value(const Alert& alert);
std::string to_json(const Alert& alert);

// Where the alert goes on PUB: topic() for an alert that is pushed, "update.folded.<cp>" for
// a folded repeat, nothing for a silenced one.
std::optional<std::string> publish_topic(const Alert& alert);
// For consumers of stored alert JSON (sinks): whether officers are to be pushed this alert.
bool is_pushed(const json::Value& alert_json);

// PUB topic: "alert.<priority>.<checkpoint>", so subscribers can filter by prefix
// ("alert.critical." or "alert.high.BAN_LAEM").
std::string topic(rules::Priority priority, std::string_view checkpoint);

}  // namespace bw::alert
