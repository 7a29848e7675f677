#include "control/watchlist_commands.h"

#include "control/control_server.h"

namespace bw::control {

namespace {

json::Value reply(Result<json::Value> result, const std::string& cmd) {
  if (!result) return error_reply(cmd + ": " + result.error().message);
  json::Value v = std::move(*result);
  v.set("ok", true);
  return v;
}

}  // namespace

bool is_watchlist_version_command(const std::string& cmd) {
  return cmd == "watchlist.show" || cmd == "watchlist.diff" || cmd == "watchlist.rollback" ||
         cmd == "watchlist.export";
}

json::Value handle_watchlist_version_command(WatchlistService& watchlists, const std::string& cmd,
                                             const json::Value& req) {
  const std::string name = req.string_or("name");
  if (!WatchlistService::valid_name(name)) {
    return error_reply(cmd + ": \"name\" must be a watchlist name");
  }
  if (cmd == "watchlist.show") return reply(watchlists.show(name), cmd);
  if (cmd == "watchlist.diff") {
    const auto from = whole_number(req, "from"), to = whole_number(req, "to");
    if (!from || !to || *from < 1 || *to < 1) {
      return error_reply(cmd + ": \"from\" and \"to\" must be versions");
    }
    return reply(watchlists.diff(name, *from, *to), cmd);
  }
  if (cmd == "watchlist.rollback") {
    const auto version = whole_number(req, "version");
    if (!version || *version < 1) return error_reply(cmd + ": \"version\" must be a version");
    return watchlists.rollback(name, *version, req.string_or("by", "unknown").substr(0, 64))
        .to_json();
  }
  const auto version = req.find("version") ? whole_number(req, "version") : uint64_t{0};
  if (!version) return error_reply(cmd + ": \"version\" must be a version");
  return reply(watchlists.export_version(name, *version, req.string_or("format")), cmd);
}

}  // namespace bw::control
