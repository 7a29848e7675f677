#include "commands.h"

#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "alert/alert_follower.h"
#include "alert_table.h"
#include "auth/client_keys.h"
#include "config/loader.h"
#include "control/control_client.h"
#include "format.h"
#include "import_upload.h"
#include "json/writer.h"
#include "rules/rule_set.h"
#include "rules/sources.h"

namespace bwctl {

namespace {

using bw::json::Value;

std::atomic<bool> interrupted{false};

}  // namespace

Endpoints endpoints(const Globals& g) {
  Endpoints e;
  if (std::filesystem::exists(g.config_path)) {
    if (auto cfg = bw::config::load_file(g.config_path)) {
      e.control = cfg->control.endpoint;
      e.alerts = cfg->alerts.endpoint;
    }
  }
  if (!g.control_endpoint.empty()) e.control = g.control_endpoint;
  if (!g.alerts_endpoint.empty()) e.alerts = g.alerts_endpoint;
  return e;
}

std::optional<OfflineRules> load_offline(const Globals& g, const std::vector<std::string>& paths) {
  auto cfg = bw::config::load_file(g.config_path);
  if (!cfg) {
    std::cerr << "bwctl: " << cfg.error().message << "\n";
    return std::nullopt;
  }
  OfflineRules out{std::move(*cfg), {}};
  for (const auto& p : paths) {
    auto s = bw::rules::read_rule_sources(p);
    if (!s) {
      std::cerr << "bwctl: " << s.error().message << "\n";
      return std::nullopt;
    }
    out.sources.insert(out.sources.end(), s->begin(), s->end());
  }
  return out;
}

std::string who() {
  const char* user = std::getenv("SUDO_USER");
  if (user == nullptr) {
    const passwd* pw = getpwuid(getuid());
    user = pw != nullptr ? pw->pw_name : std::getenv("USER");
  }
  return std::string("bwctl:") + (user != nullptr ? user : "unknown");
}

std::unique_ptr<bw::control::ControlClient> control_client(const Globals& g,
                                                           bw::transport::Context& ctx) {
  auto keys = bw::auth::load_client_keys(g.server_key, g.key);
  if (!keys) {
    std::cerr << "bwctl: " << keys.error().message << "\n";
    return nullptr;
  }
  auto client = std::make_unique<bw::control::ControlClient>(
      ctx, endpoints(g).control, std::chrono::milliseconds(g.timeout_ms));
  if (keys->enabled()) client->set_curve(*keys);
  return client;
}

int keys_generate(const std::string& base) {
  auto pub = bw::auth::generate_key_files(base);
  if (!pub) {
    std::cerr << "bwctl: " << pub.error().message << "\n";
    return 2;
  }
  std::cout << "wrote " << base << ".key (secret, 0600) and " << base << ".pub\n"
            << "public key: " << *pub << "\n";
  return 0;
}

namespace {

// Sends one request; prints transport errors and {"ok":false} replies. nullopt on failure.
std::optional<Value> call(const Globals& g, const Value& request) {
  bw::transport::Context ctx;
  auto client = control_client(g, ctx);
  if (!client) return std::nullopt;
  auto reply = client->request(request);
  if (!reply) {
    std::cerr << "bwctl: " << reply.error().message << "\n";
    return std::nullopt;
  }
  if (g.json) std::cout << bw::json::to_string(*reply) << "\n";
  return *reply;
}

bool ok(const Value& reply) {
  const Value* v = reply.find("ok");
  return v != nullptr && v->is_bool() && v->as_bool();
}

Value command(const char* cmd) {
  Value v;
  v.set("cmd", cmd);
  v.set("by", who());
  return v;
}

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

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int status(const Globals& g) {
  auto reply = call(g, command("status"));
  if (!reply) return 2;
  if (!g.json) std::cout << format_status(*reply);
  return ok(*reply) ? 0 : 1;
}

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

// A rules.load or rules.shadow request carrying every file under `path`.
std::optional<Value> files_request(const char* cmd, const std::string& path) {
  auto sources = bw::rules::read_rule_sources(path);
  if (!sources) {
    std::cerr << "bwctl: " << sources.error().message << "\n";
    return std::nullopt;
  }
  Value req = command(cmd);
  bw::json::Array files;
  for (const auto& s : *sources) {
    Value f;
    f.set("name", s.name);
    f.set("text", s.text);
    files.push_back(std::move(f));
  }
  req.set("files", std::move(files));
  return req;
}

int rules_load(const Globals& g, const std::string& path) {
  auto req = files_request("rules.load", path);
  if (!req) return 2;
  auto reply = call(g, *req);
  if (!reply) return 2;
  print_diagnostics(*reply);
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "rules load: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) {
    std::cout << "rules load: version " << static_cast<uint64_t>(reply->number_or("version", 0))
              << " active, " << static_cast<uint64_t>(reply->number_or("rules", 0)) << " rules\n";
    print_stateful_carry_over(*reply);
  }
  return 0;
}

int rules_shadow(const Globals& g, const std::string& path) {
  auto req = files_request("rules.shadow", path);
  if (!req) return 2;
  auto reply = call(g, *req);
  if (!reply) return 2;
  print_diagnostics(*reply);
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "rules shadow: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) {
    std::cout
        << "rules shadow: candidate with " << static_cast<uint64_t>(reply->number_or("rules", 0))
        << " rules now runs beside the active set (no alerts); see bwctl rules shadow-report\n";
  }
  return 0;
}

int rules_shadow_stop(const Globals& g) {
  auto reply = call(g, command("rules.shadow_stop"));
  if (!reply) return 2;
  if (!g.json) std::cout << "rules shadow: stopped\n";
  return ok(*reply) ? 0 : 1;
}

namespace {

// One table of the shadow report: per rule, fired only in the candidate, only in the active
// set, in both, with example events.
void print_shadow_table(const bw::json::Value& reply, const char* key, const char* heading) {
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
      if (ex == nullptr || ex->as_array().empty()) continue;
      std::cout << "      " << examples << ":";
      for (const auto& e : ex->as_array()) std::cout << " " << e.as_string();
      std::cout << "\n";
    }
  }
}

}  // namespace

int rules_shadow_report(const Globals& g) {
  auto reply = call(g, command("rules.shadow_report"));
  if (!reply) return 2;
  if (g.json) return ok(*reply) ? 0 : 1;
  const bool active = reply->find("active") && reply->find("active")->as_bool();
  std::cout << "shadow mode " << (active ? "running" : "stopped");
  if (active) {
    std::cout << " since " << reply->string_or("started_at") << " (by "
              << reply->string_or("started_by") << ")";
  }
  std::cout << ": " << static_cast<uint64_t>(reply->number_or("events_compared", 0))
            << " events compared with active version "
            << static_cast<uint64_t>(reply->number_or("active_version", 0)) << "\n";
  print_shadow_table(*reply, "rules", "rule");
  print_shadow_table(*reply, "stateful_rules", "stateful rule (since the shadow run started)");
  return 0;
}

int rules_reload(const Globals& g) {
  auto reply = call(g, command("rules.reload"));
  if (!reply) return 2;
  print_diagnostics(*reply);
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "rules reload: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) {
    std::cout << "rules reload: version " << static_cast<uint64_t>(reply->number_or("version", 0))
              << " active\n";
    print_stateful_carry_over(*reply);
  }
  return 0;
}

int rules_list(const Globals& g) {
  auto reply = call(g, command("rules.list"));
  if (!reply) return 2;
  if (g.json) return ok(*reply) ? 0 : 1;
  std::cout << "rule set version " << static_cast<uint64_t>(reply->number_or("version", 0)) << "\n";
  if (const auto* rules = reply->find("rules"); rules && rules->is_array()) {
    for (const auto& r : rules->as_array()) {
      char line[256];
      std::snprintf(
          line, sizeof line, "  %-45s %-9s %-8s %s", r.string_or("name").c_str(),
          r.string_or("priority").c_str(),
          r.find("enabled") && r.find("enabled")->is_bool() && r.find("enabled")->as_bool()
              ? "enabled"
              : "disabled",
          r.string_or("source").c_str());
      std::cout << line << "\n";
    }
  }
  return 0;
}

int rules_history(const Globals& g) {
  auto reply = call(g, command("rules.history"));
  if (!reply) return 2;
  if (g.json) return ok(*reply) ? 0 : 1;
  if (const auto* versions = reply->find("versions"); versions && versions->is_array()) {
    for (const auto& v : versions->as_array()) {
      const bool active = v.find("active") && v.find("active")->as_bool();
      std::cout << (active ? "* " : "  ") << "v" << static_cast<uint64_t>(v.number_or("version", 0))
                << "  " << v.string_or("loaded_at") << "  " << v.string_or("loaded_by") << "  hash "
                << v.string_or("hash");
      if (v.find("rollback_of")) {
        std::cout << "  (rollback to v" << static_cast<uint64_t>(v.number_or("rollback_of", 0))
                  << ")";
      }
      std::cout << "\n";
    }
  }
  return 0;
}

int rules_diff(const Globals& g, uint64_t from, uint64_t to) {
  Value req = command("rules.diff");
  req.set("from", from);
  req.set("to", to);
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "rules diff: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (g.json) return 0;
  for (const auto& f : reply->find("files")->as_array()) {
    const std::string status = f.string_or("status");
    std::cout << "=== " << f.string_or("name") << " (" << status << ")\n";
    if (status != "unchanged") std::cout << f.string_or("diff");
  }
  return 0;
}

int rules_rollback(const Globals& g, uint64_t version) {
  Value req = command("rules.rollback");
  req.set("version", version);
  auto reply = call(g, req);
  if (!reply) return 2;
  print_diagnostics(*reply);
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "rules rollback: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) {
    std::cout << "rules rollback: version " << version << " is active again as version "
              << static_cast<uint64_t>(reply->number_or("version", 0)) << "\n";
  }
  return 0;
}

// The import format follows the file name: .jsonl/.ndjson JSON Lines, .xml an OFAC sdnList,
// anything else CSV.
static std::string watchlist_format_of(const std::string& file) {
  const auto ends = [&](std::string_view ext) {
    return file.size() >= ext.size() &&
           file.compare(file.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".jsonl") || ends(".ndjson")) return "jsonl";
  if (ends(".xml")) return "ofac";
  return "csv";
}

int watchlist_import(const Globals& g, const std::string& name, const std::string& file,
                     bool skip_bad) {
  auto text = read_file(file);
  if (!text) {
    std::cerr << "bwctl: cannot read " << file << "\n";
    return 2;
  }
  Value req = command("watchlist.import");
  req.set("name", name);
  req.set("text", std::move(*text));
  req.set("skip_bad", skip_bad);
  req.set("format", watchlist_format_of(file));
  // A large file goes as a staged upload: no single request has to carry all of it.
  const std::string& body = req.find("text")->as_string();
  auto reply =
      body.size() > kUploadChunkBytes
          ? upload_in_chunks(g, name, body, watchlist_format_of(file), skip_bad, kUploadChunkBytes)
          : call(g, req);
  if (reply && g.json && body.size() > kUploadChunkBytes) {
    std::cout << bw::json::to_string(*reply) << "\n";
  }
  if (!reply) return 2;
  if (g.json) return ok(*reply) ? 0 : 1;
  if (const auto* p = reply->find("problems"); p && p->is_array()) {
    for (const auto& line : p->as_array()) std::cerr << file << ": " << line.as_string() << "\n";
  }
  if (!ok(*reply)) {
    std::cerr << "watchlist import: " << reply->string_or("error") << "\n";
    return 1;
  }
  std::cout << "watchlist " << name << ": "
            << static_cast<uint64_t>(reply->number_or("imported", 0)) << " "
            << reply->string_or("kind") << " entries imported";
  const auto skipped = static_cast<uint64_t>(reply->number_or("problem_count", 0));
  if (skipped > 0) std::cout << ", " << skipped << " bad rows skipped";
  std::cout << "\n";
  return 0;
}

int watchlist_list(const Globals& g) {
  auto reply = call(g, command("watchlist.list"));
  if (!reply) return 2;
  if (g.json) return ok(*reply) ? 0 : 1;
  if (const auto* lists = reply->find("watchlists"); lists && lists->is_array()) {
    for (const auto& l : lists->as_array()) {
      std::cout << l.string_or("name") << "  " << l.string_or("kind") << "  "
                << static_cast<uint64_t>(l.number_or("count", 0)) << " entries  imported "
                << l.string_or("imported_at") << " by " << l.string_or("imported_by") << "\n";
    }
  }
  return 0;
}

int alerts_since(const Globals& g, uint64_t seq, size_t limit) {
  Value req = command("alerts.since");
  req.set("from", seq);
  req.set("limit", limit);
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "alerts since: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (g.json) return 0;
  const bool colour = isatty(STDOUT_FILENO) != 0;
  if (const auto* alerts = reply->find("alerts"); alerts && alerts->is_array()) {
    for (const auto& a : alerts->as_array()) std::cout << format_alert(a, colour) << "\n";
  }
  return 0;
}

int alerts_list(const Globals& g, const AlertListOptions& o) {
  Value req = command("alerts.list");
  if (!o.state.empty()) req.set("state", o.state);
  if (!o.priority.empty()) req.set("priority", o.priority);
  if (!o.checkpoint.empty()) req.set("checkpoint", o.checkpoint);
  if (!o.rule.empty()) req.set("rule", o.rule);
  if (!o.since.empty()) req.set("since", o.since);
  if (!o.until.empty()) req.set("until", o.until);
  req.set("limit", o.limit);
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "alerts list: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (g.json) return 0;
  std::cout << format_alert_table(*reply->find("alerts"));
  return 0;
}

int alerts_show(const Globals& g, uint64_t seq) {
  Value req = command("alerts.show");
  req.set("seq", seq);
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    if (!g.json) std::cerr << "alerts show: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) std::cout << format_alert_details(*reply->find("alert"), isatty(STDOUT_FILENO) != 0);
  return 0;
}

namespace {

int alert_change(const Globals& g, Value req, const char* what) {
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    if (!g.json) std::cerr << what << ": " << reply->string_or("error") << "\n";
    return 1;
  }
  if (!g.json) {
    const auto& a = *reply->find("alert");
    std::cout << "alert #" << static_cast<uint64_t>(a.number_or("seq", 0)) << " is now "
              << a.find("work")->string_or("state") << "\n";
  }
  return 0;
}

}  // namespace

int alerts_ack(const Globals& g, uint64_t seq, const std::string& note) {
  Value req = command("alerts.ack");
  req.set("seq", seq);
  if (!note.empty()) req.set("note", note);
  return alert_change(g, std::move(req), "alerts ack");
}

int alerts_resolve(const Globals& g, uint64_t seq, const std::string& outcome,
                   const std::string& note) {
  Value req = command("alerts.resolve");
  req.set("seq", seq);
  req.set("outcome", outcome);
  if (!note.empty()) req.set("note", note);
  return alert_change(g, std::move(req), "alerts resolve");
}

int alerts_tail(const Globals& g, uint64_t from, const std::string& priority,
                const std::string& checkpoint, size_t max) {
  std::signal(SIGINT, [](int) { interrupted = true; });
  std::signal(SIGTERM, [](int) { interrupted = true; });
  const auto eps = endpoints(g);
  bw::transport::Context ctx;
  if (from == 0) {
    // Only new alerts: start at the store's next sequence number.
    Globals status_globals = g;
    status_globals.json = false;
    auto reply = call(status_globals, command("status"));
    if (!reply) return 2;
    from = static_cast<uint64_t>(reply->number_or("next_alert_seq", 1));
  }
  std::string prefix = "alert.";
  if (!priority.empty()) prefix += priority + ".";
  if (!priority.empty() && !checkpoint.empty()) prefix += checkpoint;
  auto keys = bw::auth::load_client_keys(g.server_key, g.key);
  if (!keys) {
    std::cerr << "bwctl: " << keys.error().message << "\n";
    return 2;
  }
  bw::alert::AlertFollower follower(ctx, eps.alerts, eps.control, from, prefix, *keys);
  const bool colour = isatty(STDOUT_FILENO) != 0;
  size_t shown = 0;
  while (!interrupted && (max == 0 || shown < max)) {
    auto n = follower.poll(
        [&](const Value& a) {
          if (!checkpoint.empty() && a.string_or("checkpoint") != checkpoint) return;
          if (max != 0 && shown >= max) return;
          ++shown;
          std::cout << (g.json ? bw::json::to_string(a) : format_alert(a, colour)) << std::endl;
        },
        std::chrono::milliseconds(200));
    if (!n) {
      std::cerr << "bwctl: " << n.error().message << " (retrying)\n";
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  return 0;
}

int audit_list(const Globals& g, uint64_t from, size_t limit) {
  Value req = command("audit.list");
  req.set("from", from);
  req.set("limit", static_cast<uint64_t>(limit));
  auto reply = call(g, req);
  if (!reply) return 2;
  if (!ok(*reply)) {
    std::cerr << "bwctl: " << reply->string_or("error") << "\n";
    return 1;
  }
  if (g.json) return 0;
  const Value* records = reply->find("records");
  if (records == nullptr || !records->is_array()) return 0;
  for (const auto& r : records->as_array()) {
    const Value* details = r.find("details");
    std::cout << "#" << static_cast<uint64_t>(r.number_or("seq", 0)) << "  " << r.string_or("time")
              << "  " << r.string_or("who") << "  " << r.string_or("action") << "  "
              << (details != nullptr ? bw::json::to_string(*details) : std::string()) << "\n";
  }
  return 0;
}

}  // namespace bwctl
