// Typed reads of config YAML nodes for the config loader (private to daemon/config). Every
// failure throws ConfigError carrying "file:line:column: key.path: problem"; load_text() in
// loader.cc catches it, so nothing outside this component sees an exception.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>

namespace bw::config {

// Thrown by ConfigReader only, caught in load_text: it carries the position of the bad node.
struct ConfigError {
  std::string message;
};

// Stateless apart from the file name used in messages; safe to share across threads.
class ConfigReader {
 public:
  explicit ConfigReader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& problem) const;

  // Fails on keys outside `allowed`: a typo must not silently fall back to a default.
  void expect_keys(const YAML::Node& map, const std::string& path,
                   std::initializer_list<const char*> allowed) const;

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::string str(const YAML::Node& n, const std::string& path) const;
  // Whole-string decimal integer in [lo, hi].
  long long integer(const YAML::Node& n, const std::string& path, long long lo, long long hi) const;
  double number(const YAML::Node& n, const std::string& path, double lo, double hi) const;
  std::string one_of(const YAML::Node& n, const std::string& path,
                     std::initializer_list<const char*> values) const;
  bool flag(const YAML::Node& n, const std::string& path) const {
    return one_of(n, path, {"true", "false"}) == "true";
  }
  // tcp://, ipc:// or inproc://; whether it binds is found out at start-up.
  std::string endpoint(const YAML::Node& n, const std::string& path) const;
  // "+07:00" as minutes east of UTC.
  int offset_minutes(const YAML::Node& n, const std::string& path) const;
  // "HH:MM" as minutes after midnight.
  int hhmm(const YAML::Node& n, const std::string& path) const;

 private:
  std::string name_;
};

}  // namespace bw::config
