#include "rules_commands.h"

#include <cstdio>
#include <iostream>

#include "control_request.h"
#include "rules/rule_set.h"
#include "rules/sources.h"

namespace bwctl {

namespace {

using bw::json::Value;

void print_diagnostics(const Value& reply) {
  if (const auto* d = reply.find("diagnostics"); d && d->is_array()) {
    for (const auto& line : d->as_array()) {
      if (line.is_string()) std::cerr << line.as_string() << "\n";
    }
  }
}

// Stateful rules whose state a load resets (new or changed) or keeps.
void print_stateful_carry_over(const Value& reply) {
  const Value* st = reply.find("stateful");
  if (st == nullptr) return;
  for (const char* what : {"fresh", "kept"}) {
    const Value* names = st->find(what);
    if (names == nullptr || !names->is_array() || names->as_array().empty()) continue;
    std::cout << (what == std::string("fresh") ? "  stateful rules starting with empty state:"
                                               : "  stateful rules keeping their state:");
    for (const auto& n : names->as_array()) {
      if (n.is_string()) std::cout << " " << n.as_string();
    }
    std::cout << "\n";
  }
}

// A rules.load or rules.shadow request body carrying every file under `path`.
std::optional<Value> files_request(const std::string& path) {
  auto sources = bw::rules::read_rule_sources(path);
  if (!sources) {
    std::cerr << "bwctl: " << sources.error().message << "\n";
    return std::nullopt;
  }
  bw::json::Array files;
  for (const auto& s : *sources) {
    Value f;
    f.set("name", s.name);
    f.set("text", s.text);
    files.push_back(std::move(f));
  }
  Value req;
  req.set("files", std::move(files));
  return req;
}

// Sends a request carrying rules (load, reload, rollback, shadow); prints the diagnostics
// the daemon found. nullopt: could not ask (exit 2); a reply that is not ok: exit 1.
std::optional<Value> activation_request(const Globals& g, const char* cmd, Value req,
                                        const char* what) {
  auto reply = control_request(g, cmd, std::move(req), what);
  if (reply) print_diagnostics(*reply);
  return reply;
}

uint64_t count_of(const Value& reply, const char* key) {
  return static_cast<uint64_t>(reply.number_or(key, 0));
}

// One table of the shadow report: per rule, fired only in the candidate, only in the active
// set, in both, with example events.
void print_shadow_table(const Value& reply, const char* key, const char* heading) {
  const auto* rows = reply.find(key);
  if (rows == nullptr || !rows->is_array() || rows->as_array().empty()) return;
  char line[256];
  std::snprintf(line, sizeof line, "  %-45s %14s %12s %8s\n", heading, "candidate only",
                "active only", "both");
  std::cout << line;
  for (const auto& r : rows->as_array()) {
    std::snprintf(line, sizeof line, "  %-45s %14llu %12llu %8llu\n", r.string_or("rule").c_str(),
                  static_cast<unsigned long long>(r.number_or("candidate_only", 0)),
                  static_cast<unsigned long long>(r.number_or("active_only", 0)),
                  static_cast<unsigned long long>(r.number_or("both", 0)));
    std::cout << line;
    for (const char* examples : {"examples_candidate_only", "examples_active_only"}) {
      const auto* ex = r.find(examples);
      if (ex == nullptr || !ex->is_array() || ex->as_array().empty()) continue;
      std::cout << "      " << examples << ":";
      for (const auto& e : ex->as_array())
        std::cout << " " << (e.is_string() ? e.as_string() : std::string("?"));
      std::cout << "\n";
    }
  }
}

}  // namespace

int rules_check(const Globals& g, const std::vector<std::string>& paths) {
  auto offline = load_offline(g, paths);
  if (!offline) return 2;
  const auto& sources = offline->sources;
  auto result = bw::rules::RuleSet::compile(sources, offline->config);
  for (const auto& d : result.diagnostics) std::cerr << d.to_string() << "\n";
  if (!result.ok()) {
    std::cerr << "rules check: FAILED (" << sources.size() << " files)\n";
    return 1;
  }
  std::cout << "rules check: OK, " << result.rule_set->rules().size() << " rules in "
            << sources.size() << " files\n";
  return 0;
}

int rules_load(const Globals& g, const std::string& path) {
  auto req = files_request(path);
  if (!req) return 2;
  auto reply = activation_request(g, "rules.load", std::move(*req), "rules load");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    std::cout << "rules load: version " << count_of(*reply, "version") << " active, "
              << count_of(*reply, "rules") << " rules\n";
    print_stateful_carry_over(*reply);
  }
  return 0;
}

int rules_reload(const Globals& g) {
  auto reply = activation_request(g, "rules.reload", Value(), "rules reload");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    std::cout << "rules reload: version " << count_of(*reply, "version") << " active\n";
    print_stateful_carry_over(*reply);
  }
  return 0;
}

int rules_rollback(const Globals& g, uint64_t version) {
  Value req;
  req.set("version", version);
  auto reply = activation_request(g, "rules.rollback", std::move(req), "rules rollback");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    std::cout << "rules rollback: version " << version << " is active again as version "
              << count_of(*reply, "version") << "\n";
  }
  return 0;
}

int rules_list(const Globals& g) {
  auto reply = control_request(g, "rules.list", Value(), "rules list");
  if (!reply) return 2;
  if (g.json || !reply_ok(*reply)) return reply_ok(*reply) ? 0 : 1;
  std::cout << "rule set version " << count_of(*reply, "version") << "\n";
  if (const auto* rules = reply->find("rules"); rules && rules->is_array()) {
    for (const auto& r : rules->as_array()) {
      const Value* enabled = r.find("enabled");
      const bool on = enabled != nullptr && enabled->is_bool() && enabled->as_bool();
      char line[256];
      std::snprintf(line, sizeof line, "  %-45s %-9s %-8s %s", r.string_or("name").c_str(),
                    r.string_or("priority").c_str(), on ? "enabled" : "disabled",
                    r.string_or("source").c_str());
      std::cout << line << "\n";
    }
  }
  return 0;
}

int rules_history(const Globals& g) {
  auto reply = control_request(g, "rules.history", Value(), "rules history");
  if (!reply) return 2;
  if (g.json || !reply_ok(*reply)) return reply_ok(*reply) ? 0 : 1;
  if (const auto* versions = reply->find("versions"); versions && versions->is_array()) {
    for (const auto& v : versions->as_array()) {
      const bool active = v.find("active") && v.find("active")->as_bool();
      std::cout << (active ? "* " : "  ") << "v" << count_of(v, "version") << "  "
                << v.string_or("loaded_at") << "  " << v.string_or("loaded_by") << "  hash "
                << v.string_or("hash");
      if (v.find("rollback_of"))
        std::cout << "  (rollback to v" << count_of(v, "rollback_of") << ")";
      std::cout << "\n";
    }
  }
  return 0;
}

int rules_diff(const Globals& g, uint64_t from, uint64_t to) {
  Value req;
  req.set("from", from);
  req.set("to", to);
  auto reply = control_request(g, "rules.diff", std::move(req), "rules diff");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  if (const auto* files = reply->find("files"); files && files->is_array()) {
    for (const auto& f : files->as_array()) {
      const std::string status = f.string_or("status");
      std::cout << "=== " << f.string_or("name") << " (" << status << ")\n";
      if (status != "unchanged") std::cout << f.string_or("diff");
    }
  }
  return 0;
}

int rules_shadow(const Globals& g, const std::string& path) {
  auto req = files_request(path);
  if (!req) return 2;
  auto reply = activation_request(g, "rules.shadow", std::move(*req), "rules shadow");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    std::cout << "rules shadow: candidate with " << count_of(*reply, "rules")
              << " rules now runs beside the active set (no alerts); see bwctl rules "
                 "shadow-report\n";
  }
  return 0;
}

int rules_shadow_stop(const Globals& g) {
  auto reply = control_request(g, "rules.shadow_stop", Value(), "rules shadow-stop");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) std::cout << "rules shadow: stopped\n";
  return 0;
}

int rules_shadow_report(const Globals& g) {
  auto reply = control_request(g, "rules.shadow_report", Value(), "rules shadow-report");
  if (!reply) return 2;
  if (g.json || !reply_ok(*reply)) return reply_ok(*reply) ? 0 : 1;
  const bool active = reply->find("active") && reply->find("active")->as_bool();
  std::cout << "shadow mode " << (active ? "running" : "stopped");
  if (active) {
    std::cout << " since " << reply->string_or("started_at") << " (by "
              << reply->string_or("started_by") << ")";
  }
  std::cout << ": " << count_of(*reply, "events_compared")
            << " events compared with active version " << count_of(*reply, "active_version")
            << "\n";
  print_shadow_table(*reply, "rules", "rule");
  print_shadow_table(*reply, "stateful_rules", "stateful rule (since the shadow run started)");
  return 0;
}

}  // namespace bwctl
