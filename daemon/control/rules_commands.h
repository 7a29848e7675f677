// Control commands over rule sets: rules.load {files: [{name, text}]}, rules.reload (the
// config's rules_dir), rules.list, rules.history, rules.diff {from, to}, rules.rollback
// {version}, rules.shadow {files}, rules.shadow_stop, rules.shadow_report. Replies as in
// control_server.h; a load that fails keeps the active set and lists file:line:column
// diagnostics. Untrusted requests get an error reply naming the bad argument, never a crash.
// Thread safety: as RulesService (the control thread only).
#pragma once

#include <string>

#include "control/rules_service.h"
#include "json/value.h"

namespace bw::control {

// Any "rules.*" command; one this file does not list gets an "unknown cmd" error reply.
json::Value handle_rules_command(RulesService& rules, const std::string& rules_dir,
                                 const std::string& cmd, const json::Value& request);

}  // namespace bw::control
