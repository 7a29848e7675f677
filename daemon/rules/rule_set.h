// The compiled rule set: what the daemon evaluates every event against.
//
// Stages (after Falco's loader): read (YAML text -> documents with positions) -> collect
// (lists, macros, rules by name; later files may append to or override earlier ones) ->
// compile (conditions parsed, macros and lists resolved, fields checked against the event
// schema). A RuleSet exists only if every stage succeeded: a broken file never yields a
// half-loaded set.
//
// Ownership and threads: compile() returns a shared_ptr<const RuleSet>; a compiled set is
// immutable and evaluate() is safe from any number of threads at once. The daemon swaps the
// active set atomically between two events.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "event/event.h"
#include "util/result.h"
#include "watchlist/watchlist.h"

namespace bw::rules {

// The rule language version this engine implements; `- required_version: N` above it is an
// error.
inline constexpr int kEngineVersion = 1;

enum class Priority { kInfo, kLow, kMedium, kHigh, kCritical };
const char* to_string(Priority p);
bool parse_priority(std::string_view s, Priority& out);

// One rule file's text, named for diagnostics (usually its path).
struct RuleSource {
  std::string name;
  std::string text;
};

// A problem found while loading, at file:line:column (1-based; 0 when not applicable).
struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string to_string() const;  // "rules/x.yaml:12:7: error: unknown field 'travler.surname'"
};

// What a compiled rule exposes to the rest of the daemon.
struct RuleInfo {
  std::string name;
  std::string description;
  Priority priority = Priority::kMedium;
  std::vector<std::string> tags;
  bool enabled = true;
  std::string source;  // file the rule came from
  int line = 0;
};

// One rule that matched one event.
struct Match {
  const RuleInfo* rule = nullptr;  // owned by the RuleSet; valid while it is alive
  std::string output;              // rendered output template
  // field path -> value as text, for every event field the rule's condition referred to and
  // that the event has (what an officer needs to see why it fired).
  std::vector<std::pair<std::string, std::string>> fields;
};

// Everything evaluation may consult besides the event itself.
struct EvalContext {
  const event::Event& event;
  const config::Checkpoint* checkpoint = nullptr;       // the event's checkpoint (may be null)
  const watchlist::WatchlistSet* watchlists = nullptr;  // may be null: no list matches
  int timezone_offset_minutes = 7 * 60;                 // for opening hours
  // The daemon's clock when the event is checked: when officers' watchlist clearances expire
  // (never the event's own time, which a checkpoint could set to anything). 0 in tools that
  // check without clearances.
  EpochMs now = 0;
};

struct CompileResult;
struct StatefulRule;  // rules/stateful.h

class RuleSet {
 public:
  // Compiles the sources in order (later sources may append/override). `config` supplies
  // the checkpoint ids and the time zone that rules may refer to.
  static CompileResult compile(const std::vector<RuleSource>& sources,
                               const config::Config& config);

  virtual ~RuleSet() = default;

  // Appends one Match per enabled rule whose condition holds: every matching rule fires.
  // Never throws; missing fields make comparisons false, never errors.
  virtual void evaluate(const EvalContext& ctx, std::vector<Match>& out) const = 0;

  virtual const std::vector<RuleInfo>& rules() const = 0;

  // Enabled stateful rules, run by daemon/temporal rather than by evaluate().
  virtual const std::vector<StatefulRule>& stateful_rules() const = 0;
};

// All diagnostics, one per line, each formatted by Diagnostic::to_string, followed by a
// summary line ("2 errors, 1 warning"); "" when the list is empty.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

struct CompileResult {
  std::shared_ptr<const RuleSet> rule_set;  // null when any error diagnostic was produced
  std::vector<Diagnostic> diagnostics;      // errors and warnings, in source order
  bool ok() const { return rule_set != nullptr; }
};

}  // namespace bw::rules
