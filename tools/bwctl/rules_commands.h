// bwctl's `rules` commands: offline check, and the daemon's rule-set versions (load, reload,
// list, history, diff, rollback, shadow runs). Exit codes as in commands.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commands.h"

namespace bwctl {

// Compiles every rule file under `paths` against the config's checkpoints; no daemon needed.
int rules_check(const Globals& g, const std::vector<std::string>& paths);
// Sends every rule file under `path`; the daemon activates them as one new version or, on any
// error, keeps the active set and replies with file:line:column diagnostics (printed).
int rules_load(const Globals& g, const std::string& path);
int rules_reload(const Globals& g);
int rules_list(const Globals& g);
int rules_history(const Globals& g);
int rules_diff(const Globals& g, uint64_t from, uint64_t to);
int rules_rollback(const Globals& g, uint64_t version);
// Runs the files under `path` beside the active set without raising alerts.
int rules_shadow(const Globals& g, const std::string& path);
int rules_shadow_stop(const Globals& g);
int rules_shadow_report(const Globals& g);

}  // namespace bwctl
