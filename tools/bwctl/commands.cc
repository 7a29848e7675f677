#include "commands.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "auth/client_keys.h"
#include "config/loader.h"
#include "control/control_client.h"
#include "control_request.h"
#include "format.h"
#include "json/writer.h"
#include "rules/sources.h"

namespace bwctl {

using bw::json::Value;

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

int status(const Globals& g) {
  auto reply = control_request(g, "status", Value(), "status");
  if (!reply) return 2;
  if (!g.json) std::cout << format_status(*reply);
  return reply_ok(*reply) ? 0 : 1;
}

namespace {

// An audit record's details as one line. Rule loads carry every file's text; the line names the
// files and their sizes instead (`bwctl rules diff` shows the text of any two versions).
std::string audit_details_line(const Value& details) {
  const Value* files = details.find("files");
  if (files == nullptr || !files->is_array()) return bw::json::to_string(details);
  Value brief = details;
  bw::json::Array names;
  for (const auto& f : files->as_array()) {
    const Value* text = f.find("text");
    const size_t bytes = text != nullptr && text->is_string() ? text->as_string().size() : 0;
    names.push_back(Value(f.string_or("name") + " (" + std::to_string(bytes) + " bytes)"));
  }
  brief.set("files", std::move(names));
  return bw::json::to_string(brief);
}

}  // namespace

int audit_list(const Globals& g, uint64_t from, size_t limit) {
  Value req;
  req.set("from", from);
  req.set("limit", static_cast<uint64_t>(limit));
  auto reply = control_request(g, "audit.list", std::move(req), "audit list");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  const Value* records = reply->find("records");
  if (records == nullptr || !records->is_array()) return 0;
  for (const auto& r : records->as_array()) {
    const Value* details = r.find("details");
    std::cout << "#" << static_cast<uint64_t>(r.number_or("seq", 0)) << "  " << r.string_or("time")
              << "  " << r.string_or("who") << "  " << r.string_or("action") << "  "
              << (details != nullptr ? audit_details_line(*details) : std::string()) << "\n";
  }
  return 0;
}

}  // namespace bwctl
