// Loading rule sets: compile, store as a new version, swap in. Shared by the control
// endpoint (`bwctl rules load`), SIGHUP reload and start-up.
//
// Contract: a load either fully succeeds (stored, then active for the next event) or changes
// nothing; the reply carries every diagnostic with file:line:column.
// Thread safety: loads are serialised internally; callable from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "json/value.h"
#include "rules/rule_set.h"
#include "server/shared_state.h"

namespace bw::control {

struct RulesLoadReport {
  bool ok = false;
  std::string error;  // summary when !ok
  uint64_t version = 0;
  size_t rule_count = 0;
  std::vector<rules::Diagnostic> diagnostics;
  // Stateful rules (daemon/temporal/carry_over.h): which keep their state, which start fresh.
  std::vector<std::string> stateful_kept;
  std::vector<std::string> stateful_fresh;
  json::Value to_json() const;
};

class RulesService {
 public:
  explicit RulesService(server::SharedState& state) : state_(state) {}

  RulesLoadReport load(const std::vector<rules::RuleSource>& sources, const std::string& by);
  // A rule file or a directory of *.yaml files (lexical order).
  RulesLoadReport load_path(const std::string& path, const std::string& by);

  // Start-up: activates the stored active version. Returns false (and no error) when the
  // store has none yet; Error when the stored set no longer compiles.
  Result<bool> restore();

  // Makes stored version `version` active again. Recorded as a new version (a copy of the
  // old one's files, noting what it rolled back to), so history only ever grows.
  RulesLoadReport rollback(uint64_t version, const std::string& by);

  // Shadow mode: compiles `sources` and evaluates them beside the active set on every event,
  // without alerting, until stopped or replaced. A set that does not compile changes nothing.
  RulesLoadReport shadow_start(const std::vector<rules::RuleSource>& sources,
                               const std::string& by);
  void shadow_stop();
  json::Value shadow_report() const;

  json::Value list_active() const;
  Result<json::Value> history();
  // Per-file line diff between two stored versions.
  Result<json::Value> diff(uint64_t from, uint64_t to);

 private:
  RulesLoadReport load_as(const std::vector<rules::RuleSource>& sources, const std::string& by,
                          uint64_t rollback_of);

  server::SharedState& state_;
  std::mutex mu_;
};

// Sources <-> stored record JSON ({"loaded_by","loaded_at","hash","files":[{name,text}]}).
std::string rule_set_record(const std::vector<rules::RuleSource>& sources, const std::string& by,
                            EpochMs at, uint64_t rollback_of = 0);
Result<std::vector<rules::RuleSource>> sources_from_record(const std::string& json);

}  // namespace bw::control
