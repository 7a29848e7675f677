// Shared fixtures for tests: a temporary directory that cleans up, and the standard config.
#pragma once

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "config/config.h"
#include "config/loader.h"

namespace bw::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("borderwatch-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A checkpoint open 08:00-16:00, for configs built in tests.
inline config::Checkpoint checkpoint(const char* id, const char* name, config::CheckpointType type,
                                     double km) {
  config::Checkpoint cp;
  cp.id = id;
  cp.name = name;
  cp.type = type;
  cp.km = km;
  cp.hours = {8 * 60, 16 * 60};
  return cp;
}

// The shipped config/borderwatch.yaml with every endpoint on a free loopback port.
inline config::Config test_config(const std::string& state_dir = "") {
  auto cfg = config::load_file(std::string(BW_SOURCE_DIR) + "/config/borderwatch.yaml");
  if (!cfg) throw std::runtime_error(cfg.error().message);
  cfg->ingest.endpoint = "tcp://127.0.0.1:*";
  cfg->alerts.endpoint = "tcp://127.0.0.1:*";
  cfg->control.endpoint = "tcp://127.0.0.1:*";
  cfg->rules_dir = std::string(BW_SOURCE_DIR) + "/rules";
  cfg->state_dir = state_dir;
  cfg->log.level = "warn";
  // Tests count alerts exactly; the ones about noise control turn folding back on.
  cfg->noise.fold_seconds = 0;
  return *cfg;
}

// True as soon as `holds()` is, polling every 10 ms; false once `timeout` has passed. For
// state another thread changes with no signal to wait on (a sink's retries, a test server).
template <typename Pred>
bool eventually(Pred holds, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!holds()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace bw::test
