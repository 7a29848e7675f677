// What every bwctl command shares: the global options, the endpoints and the control client.
// Each command (here and in *_commands.h) returns the process exit code: 0 success, 1 the
// daemon or the input said no (bad rules, bad rows), 2 usage or connection problems.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "control/control_client.h"
#include "rules/rule_set.h"

namespace bwctl {

struct Globals {
  std::string config_path = "/etc/borderwatch/borderwatch.yaml";
  std::string control_endpoint;  // empty: from the config, else tcp://127.0.0.1:7702
  std::string alerts_endpoint;   // empty: from the config, else tcp://127.0.0.1:7701
  bool json = false;             // machine-readable output
  int timeout_ms = 30000;
  std::string server_key;  // daemon's public key file: with `key`, connect with CURVE
  std::string key;         // own key pair BASE (BASE.pub, BASE.key)
};

// The daemon's control and alert endpoints: --control/--alerts, else the config, else the
// defaults.
struct Endpoints {
  std::string control = "tcp://127.0.0.1:7702";
  std::string alerts = "tcp://127.0.0.1:7701";
};
Endpoints endpoints(const Globals& g);

// For offline commands (rules check, rules test): the config's checkpoints and every rule file
// under `paths`. Prints what went wrong and returns nullopt on failure.
struct OfflineRules {
  bw::config::Config config;
  std::vector<bw::rules::RuleSource> sources;
};
std::optional<OfflineRules> load_offline(const Globals& g, const std::vector<std::string>& paths);

int status(const Globals& g);
// The audit log: who changed rules, watchlists and alert states, and when.
int audit_list(const Globals& g, uint64_t from, size_t limit);
// Writes BASE.key (0600) and BASE.pub; prints the public key for the daemon's config.
int keys_generate(const std::string& base);
// Who is asking ("bwctl:<user>"), as recorded in rule-set history, silences and the audit log.
std::string who();
// The control client for `g`, with CURVE keys when --server-key/--key are given; prints the
// problem and returns nullptr when the key files cannot be used.
std::unique_ptr<bw::control::ControlClient> control_client(const Globals& g,
                                                           bw::transport::Context& ctx);

}  // namespace bwctl
