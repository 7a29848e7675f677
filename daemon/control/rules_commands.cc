#include "control/rules_commands.h"

#include <vector>

#include "control/request_args.h"

namespace bw::control {

namespace {

// The "files" argument of rules.load and rules.shadow.
Result<std::vector<rules::RuleSource>> files_argument(const json::Value& req,
                                                      const std::string& cmd) {
  const json::Value* files = req.find("files");
  if (files == nullptr || !files->is_array() || files->as_array().empty()) {
    return Error{cmd + ": \"files\" must be a non-empty array of {name, text}"};
  }
  std::vector<rules::RuleSource> sources;
  for (const auto& f : files->as_array()) {
    const json::Value* text = f.find("text");
    if (text == nullptr || !text->is_string()) {
      return Error{cmd + ": every file needs \"name\" and \"text\" strings"};
    }
    sources.push_back({f.string_or("name", "<request>"), text->as_string()});
  }
  return sources;
}

// {"ok": true} with `payload` under `key`, or an error reply carrying the failure.
json::Value ok_reply(Result<json::Value> payload, const char* key) {
  if (!payload) return error_reply(payload.error().message);
  json::Value v;
  v.set("ok", true);
  v.set(key, std::move(*payload));
  return v;
}

json::Value with_ok(json::Value v) {
  v.set("ok", true);
  return v;
}

json::Value rules_rollback(RulesService& rules, const json::Value& req) {
  const auto version = whole_number(req, "version");
  if (!version || *version < 1) {
    return error_reply("rules.rollback: \"version\" must be a stored version");
  }
  return rules.rollback(*version, requester(req)).to_json();
}

json::Value rules_diff(RulesService& rules, const json::Value& req) {
  const auto from = whole_number(req, "from"), to = whole_number(req, "to");
  if (!from || !to || *from < 1 || *to < 1) {
    return error_reply("rules.diff: \"from\" and \"to\" must be versions");
  }
  return ok_reply(rules.diff(*from, *to), "files");
}

}  // namespace

json::Value handle_rules_command(RulesService& rules, const std::string& rules_dir,
                                 const std::string& cmd, const json::Value& req) {
  if (cmd == "rules.load" || cmd == "rules.shadow") {
    auto sources = files_argument(req, cmd);
    if (!sources) return error_reply(sources.error().message);
    return (cmd == "rules.load" ? rules.load(*sources, requester(req))
                                : rules.shadow_start(*sources, requester(req)))
        .to_json();
  }
  if (cmd == "rules.reload") return rules.load_path(rules_dir, requester(req)).to_json();
  if (cmd == "rules.list") return with_ok(rules.list_active());
  if (cmd == "rules.history") return ok_reply(rules.history(), "versions");
  if (cmd == "rules.rollback") return rules_rollback(rules, req);
  if (cmd == "rules.diff") return rules_diff(rules, req);
  if (cmd == "rules.shadow_stop") {
    rules.shadow_stop();
    return with_ok(json::Value());
  }
  if (cmd == "rules.shadow_report") return with_ok(rules.shadow_report());
  return error_reply("request: unknown cmd \"" + cmd.substr(0, 64) + "\"");
}

}  // namespace bw::control
