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
         cmd == "watchlist.export" || cmd.rfind("watchlist.upload.", 0) == 0;
}

namespace {

json::Value upload_command(WatchlistService& watchlists, const std::string& cmd,
                           const json::Value& req) {
  const EpochMs now = watchlists.state().clock();
  const std::string id = req.string_or("session");
  if (cmd == "watchlist.upload.chunk") {
    const json::Value* text = req.find("text");
    const auto seq = whole_number(req, "seq");
    if (text == nullptr || !text->is_string() || !seq) {
      return error_reply(cmd + ": \"seq\" and \"text\" are required");
    }
    auto bytes = watchlists.sessions().append(id, *seq, text->as_string(), now);
    if (!bytes) return error_reply(cmd + ": " + bytes.error().message);
    json::Value v;
    v.set("ok", true);
    v.set("received_bytes", *bytes);
    return v;
  }
  if (cmd == "watchlist.upload.abort") {
    if (!watchlists.sessions().abort(id))
      return error_reply(cmd + ": no import session " + id.substr(0, 64));
    json::Value v;
    v.set("ok", true);
    return v;
  }
  if (cmd == "watchlist.upload.commit") {
    auto s = watchlists.sessions().take(id);
    if (!s) return error_reply(cmd + ": " + s.error().message);
    return watchlists.import(s->name, s->text, s->format, s->skip_bad, s->by).to_json();
  }
  return error_reply(cmd + ": unknown command");
}

}  // namespace

json::Value handle_watchlist_version_command(WatchlistService& watchlists, const std::string& cmd,
                                             const json::Value& req) {
  if (cmd != "watchlist.upload.begin" && cmd.rfind("watchlist.upload.", 0) == 0) {
    return upload_command(watchlists, cmd, req);
  }
  const std::string name = req.string_or("name");
  if (!WatchlistService::valid_name(name)) {
    return error_reply(cmd + ": \"name\" must be a watchlist name");
  }
  if (cmd == "watchlist.show") return reply(watchlists.show(name), cmd);
  if (cmd == "watchlist.upload.begin") {
    ImportSession s;
    s.name = name;
    s.format = req.string_or("format", "csv");
    const json::Value* skip = req.find("skip_bad");
    s.skip_bad = skip != nullptr && skip->is_bool() && skip->as_bool();
    s.by = requester(req);
    auto id = watchlists.sessions().begin(std::move(s), watchlists.state().clock());
    if (!id) return error_reply(cmd + ": " + id.error().message);
    json::Value v;
    v.set("ok", true);
    v.set("session", *id);
    return v;
  }
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
    return watchlists.rollback(name, *version, requester(req)).to_json();
  }
  const auto version = req.find("version") ? whole_number(req, "version") : uint64_t{0};
  if (!version) return error_reply(cmd + ": \"version\" must be a version");
  return reply(watchlists.export_version(name, *version, req.string_or("format")), cmd);
}

}  // namespace bw::control
