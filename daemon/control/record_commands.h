// The request shape shared by the control services that keep a set of officer-made records
// (silences, clearances): "<prefix>.list" (optional "all"), "<prefix>.add" and one command that
// ends a record ("<prefix>.expire", "<prefix>.revoke" with "id" and "reason"). Every reply is
// {ok: true, <plural or singular>: ...} or {ok: false, error: "<command>: <message>"}.
//
// Thread safety: as the handlers passed in; this adds no state.
#pragma once

#include <functional>
#include <string>

#include "json/value.h"
#include "util/result.h"

namespace bw::control {

struct RecordCommands {
  std::string list_command, add_command, end_command;  // full command names
  std::string plural, singular;                        // reply keys: "silences", "silence"
  std::function<Result<json::Value>(bool all)> list;
  // `by` is the request's "by", at most 64 characters ("unknown" when absent).
  std::function<Result<json::Value>(const json::Value& request, const std::string& by)> add;
  std::function<Result<json::Value>(const std::string& id, const std::string& by,
                                    const std::string& reason)>
      end;
};

// Runs `cmd` through `commands`; a command it does not name is an "unknown command" failure.
json::Value dispatch_record_command(const RecordCommands& commands, const std::string& cmd,
                                    const json::Value& request);

}  // namespace bw::control
