// Rule tests: test cases written in rule files next to the rules they check. This header is
// the read side (what a test item holds); ruletest/runner.h runs them.
//
//   - test: stolen passport at Ban Laem fires
//     rule: lost_or_stolen_document        # the rule under test
//     expect: fire                          # or no_fire
//     watchlists:                           # optional: the lists the test needs
//       lost_stolen_documents: [AA1234567]
//     site: {status: closed}                # optional: overrides of the checkpoint's config
//     event: {checkpoint: BAN_LAEM, time: "2025-06-01T09:00:00+07:00", direction: exit, ...}
//
// A test of a stateful rule gives several events instead of one, and may say when it ends:
//
//   - test: an escort with three parties in a week fires
//     rule: escort_repeat
//     expect: fire
//     events: [{...}, {...}, {...}]         # checked in order, as a stream
//     until: "2025-06-20T00:00:00+07:00"    # optional: absence deadlines due by then fire
//
// The daemon's loader reads test items like any other (their shape is checked: a malformed
// test is a load error) and then ignores them, so files with tests load unchanged.
//
// YAML to JSON: mappings are objects, sequences arrays; an unquoted scalar is a number when it
// reads as one (500, -1.5, 2e4), true/false a bool, null/~/empty null; anything else, and
// every quoted scalar, is a string. So digit-only text such as an id number must be quoted.
// A missing event_id defaults to "test-<line>" ("test-<line>-<n>" for the n-th of `events`).
//
// Thread safety: everything here is plain data or a pure function of its arguments.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "json/value.h"
#include "rules/rule_set.h"
#include "util/time.h"

namespace bw::rules {

// Where something is in a rule file (1-based; as in Diagnostic).
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "rules/documents.yaml:40"
};

struct RuleTest {
  std::string name;   // the value of `test:`
  SourcePosition at;  // of the name
  std::string rule;
  SourcePosition rule_at;  // of the rule's name
  bool expect_fire = true;
  // `event:` gives one event, `events:` several, checked in order (stateful rules see them
  // as a stream); each keeps the position of its mapping.
  struct Event {
    json::Value body;
    SourcePosition at;
  };
  std::vector<Event> events;
  // `until:`: the wall clock when the test ends, so absence deadlines due by then fire.
  std::optional<EpochMs> until;
  // Watchlist name -> entries as written (normalised like an import when the test runs).
  std::vector<std::pair<std::string, std::vector<std::string>>> watchlists;
  std::optional<config::CheckpointStatus> site_status;
  std::optional<config::CheckpointType> site_type;
};

// RuleSet::compile that also returns the test items of `sources` (in file order). A test
// item with errors is reported in the diagnostics and not returned.
CompileResult compile_with_tests(const std::vector<RuleSource>& sources,
                                 const config::Config& config, std::vector<RuleTest>& tests);

}  // namespace bw::rules
