#include "control/record_commands.h"

#include "control/request_args.h"

namespace bw::control {

json::Value dispatch_record_command(const RecordCommands& commands, const std::string& cmd,
                                    const json::Value& request) {
  const std::string by = requester(request);
  Result<json::Value> result = Error{"unknown command"};
  if (cmd == commands.list_command) {
    const json::Value* all = request.find("all");
    result = commands.list(all != nullptr && all->is_bool() && all->as_bool());
  } else if (cmd == commands.add_command) {
    result = commands.add(request, by);
  } else if (cmd == commands.end_command) {
    result = commands.end(request.string_or("id"), by, request.string_or("reason"));
  }
  json::Value v;
  if (!result) {
    v.set("ok", false);
    v.set("error", cmd + ": " + result.error().message);
    return v;
  }
  v.set("ok", true);
  v.set(cmd == commands.list_command ? commands.plural : commands.singular, std::move(*result));
  return v;
}

}  // namespace bw::control
