// borderwatchd: parses arguments, loads the config, runs the daemon. Nothing else.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "config/loader.h"
#include "server/daemon.h"
#include "util/log.h"

int main(int argc, char** argv) {
  CLI::App app{"borderwatchd: real-time alerting daemon for border checkpoints"};
  std::string config_path = "/etc/borderwatch/borderwatch.yaml";
  std::string state_dir, rules_dir;
  bool load_rules = false, check_only = false;
  app.add_option("-c,--config", config_path, "configuration file")->capture_default_str();
  app.add_option("--state-dir", state_dir, "override state_dir from the config");
  app.add_option("--rules-dir", rules_dir, "override rules_dir from the config");
  app.add_flag("--load-rules", load_rules,
               "load rules_dir at start-up even if the store has an active rule set");
  app.add_flag("--check-config", check_only, "validate the configuration and exit");
  app.set_version_flag("--version", BW_VERSION);
  CLI11_PARSE(app, argc, argv);

  auto config = bw::config::load_file(config_path);
  if (!config) {
    std::cerr << "borderwatchd: " << config.error().message << "\n";
    return 2;
  }
  if (!state_dir.empty()) config->state_dir = state_dir;
  if (!rules_dir.empty()) config->rules_dir = rules_dir;
  if (check_only) {
    std::cout << config_path << ": OK (" << config->checkpoints.size() << " checkpoints)\n";
    return 0;
  }
  if (auto s = bw::setup_logging(config->log.level, config->log.format); !s) {
    std::cerr << "borderwatchd: " << s.error().message << "\n";
    return 2;
  }
  auto daemon = bw::server::Daemon::create({std::move(*config), bw::system_now, load_rules});
  if (!daemon) {
    spdlog::critical("cannot start: {}", daemon.error().message);
    return 1;
  }
  (*daemon)->run_until_signalled();
  return 0;
}
