#include "config/yaml_reader.h"

#include "util/time.h"

namespace bw::config {

void ConfigReader::fail(const YAML::Node& node, const std::string& path,
                        const std::string& problem) const {
  const auto mark = node.Mark();
  throw ConfigError{name_ + ":" + std::to_string(mark.line + 1) + ":" +
                    std::to_string(mark.column + 1) + ": " + path + ": " + problem};
}

void ConfigReader::expect_keys(const YAML::Node& map, const std::string& path,
                               std::initializer_list<const char*> allowed) const {
  if (!map.IsMap()) fail(map, path, "must be a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) fail(kv.first, join(path, key), "unknown key");
  }
}

std::string ConfigReader::str(const YAML::Node& n, const std::string& path) const {
  if (!n.IsScalar()) fail(n, path, "must be a string");
  return n.Scalar();
}

long long ConfigReader::integer(const YAML::Node& n, const std::string& path, long long lo,
                                long long hi) const {
  const std::string s = str(n, path);
  size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(s, &used);
  } catch (...) {
    used = 0;
  }
  if (used != s.size() || s.empty() || v < lo || v > hi) {
    fail(n, path,
         "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi) +
             " (got \"" + s + "\")");
  }
  return v;
}

double ConfigReader::number(const YAML::Node& n, const std::string& path, double lo,
                            double hi) const {
  const std::string s = str(n, path);
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (...) {
    used = 0;
  }
  if (used != s.size() || s.empty() || v < lo || v > hi) {
    fail(n, path,
         "must be a number between " + std::to_string(lo) + " and " + std::to_string(hi) +
             " (got \"" + s + "\")");
  }
  return v;
}

std::string ConfigReader::one_of(const YAML::Node& n, const std::string& path,
                                 std::initializer_list<const char*> values) const {
  const std::string s = str(n, path);
  std::string list;
  for (const char* v : values) {
    if (s == v) return s;
    list += list.empty() ? v : std::string(", ") + v;
  }
  fail(n, path, "must be one of " + list + " (got \"" + s + "\")");
}

std::string ConfigReader::endpoint(const YAML::Node& n, const std::string& path) const {
  const std::string s = str(n, path);
  if (s.rfind("tcp://", 0) != 0 && s.rfind("ipc://", 0) != 0 && s.rfind("inproc://", 0) != 0) {
    fail(n, path, "must be a ZeroMQ endpoint tcp://HOST:PORT, ipc://PATH or inproc://NAME");
  }
  return s;
}

int ConfigReader::offset_minutes(const YAML::Node& n, const std::string& path) const {
  const std::string s = str(n, path);
  // Exactly [+-]HH:MM with digits only (sscanf would accept "+-9:00" or "+ 7:00").
  const auto minutes = s.size() == 6 && (s[0] == '+' || s[0] == '-')
                           ? bw::parse_hhmm(std::string_view(s).substr(1))
                           : std::nullopt;
  if (minutes && *minutes <= 14 * 60) return *minutes * (s[0] == '-' ? -1 : 1);
  fail(n, path, "must be a UTC offset like +07:00 (got \"" + s + "\")");
}

int ConfigReader::hhmm(const YAML::Node& n, const std::string& path) const {
  auto v = bw::parse_hhmm(str(n, path));
  if (!v) fail(n, path, "must be a time HH:MM (got \"" + n.Scalar() + "\")");
  return *v;
}

}  // namespace bw::config
