#include "config/loader.h"

#include "util/time.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace bw::config {

namespace {

// Thrown inside the loader only, caught in load_text: it carries the position of the bad node.
struct ConfigError {
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& problem) const {
    const auto mark = node.Mark();
    throw ConfigError{name_ + ":" + std::to_string(mark.line + 1) + ":" +
                      std::to_string(mark.column + 1) + ": " + path + ": " + problem};
  }

  // Fails on keys outside `allowed`: a typo must not silently fall back to a default.
  void expect_keys(const YAML::Node& map, const std::string& path,
                   std::initializer_list<const char*> allowed) const {
    if (!map.IsMap()) fail(map, path, "must be a mapping");
    for (const auto& kv : map) {
      const std::string key = kv.first.as<std::string>();
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) fail(kv.first, join(path, key), "unknown key");
    }
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::string str(const YAML::Node& n, const std::string& path) const {
    if (!n.IsScalar()) fail(n, path, "must be a string");
    return n.Scalar();
  }

  long long integer(const YAML::Node& n, const std::string& path, long long lo,
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

  double number(const YAML::Node& n, const std::string& path, double lo, double hi) const {
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

  std::string one_of(const YAML::Node& n, const std::string& path,
                     std::initializer_list<const char*> values) const {
    const std::string s = str(n, path);
    std::string list;
    for (const char* v : values) {
      if (s == v) return s;
      list += list.empty() ? v : std::string(", ") + v;
    }
    fail(n, path, "must be one of " + list + " (got \"" + s + "\")");
  }

  std::string endpoint(const YAML::Node& n, const std::string& path) const {
    const std::string s = str(n, path);
    if (s.rfind("tcp://", 0) != 0 && s.rfind("ipc://", 0) != 0 && s.rfind("inproc://", 0) != 0) {
      fail(n, path, "must be a ZeroMQ endpoint tcp://HOST:PORT, ipc://PATH or inproc://NAME");
    }
    return s;
  }

  int offset_minutes(const YAML::Node& n, const std::string& path) const {
    const std::string s = str(n, path);
    // Exactly [+-]HH:MM with digits only (sscanf would accept "+-9:00" or "+ 7:00").
    const auto minutes = s.size() == 6 && (s[0] == '+' || s[0] == '-')
                             ? bw::parse_hhmm(std::string_view(s).substr(1))
                             : std::nullopt;
    if (minutes && *minutes <= 14 * 60) return *minutes * (s[0] == '-' ? -1 : 1);
    fail(n, path, "must be a UTC offset like +07:00 (got \"" + s + "\")");
  }

  int hhmm(const YAML::Node& n, const std::string& path) const {
    auto v = bw::parse_hhmm(str(n, path));
    if (!v) fail(n, path, "must be a time HH:MM (got \"" + n.Scalar() + "\")");
    return *v;
  }

 private:
  std::string name_;
};

void read_ingest(const Reader& r, const YAML::Node& n, IngestConfig& out) {
  r.expect_keys(n, "ingest", {"endpoint", "max_message_bytes", "max_batch", "min_free_disk_mb"});
  if (n["endpoint"]) out.endpoint = r.endpoint(n["endpoint"], "ingest.endpoint");
  if (n["max_message_bytes"]) {
    out.max_message_bytes =
        r.integer(n["max_message_bytes"], "ingest.max_message_bytes", 1024, 16 << 20);
  }
  if (n["max_batch"]) out.max_batch = r.integer(n["max_batch"], "ingest.max_batch", 1, 65536);
  if (n["min_free_disk_mb"]) {
    out.min_free_disk_mb = r.integer(n["min_free_disk_mb"], "ingest.min_free_disk_mb", 0, 1 << 20);
  }
}

// {critical: 5, high: 15}: minutes per priority, 0 = never.
void read_escalation(const Reader& r, const YAML::Node& n, const std::string& path,
                     std::array<int, 5>& out) {
  static const char* const kPriorities[] = {"info", "low", "medium", "high", "critical"};
  r.expect_keys(n, path, {"info", "low", "medium", "high", "critical"});
  for (int p = 0; p < 5; ++p) {
    if (n[kPriorities[p]]) {
      out[p] = static_cast<int>(
          r.integer(n[kPriorities[p]], path + "." + kPriorities[p], 0, 7 * 24 * 60));
    }
  }
}

void read_alerts(const Reader& r, const YAML::Node& n, AlertsConfig& out) {
  r.expect_keys(n, "alerts", {"endpoint", "send_high_water_mark", "escalate_after"});
  if (n["escalate_after"])
    read_escalation(r, n["escalate_after"], "alerts.escalate_after", out.escalate_after);
  if (n["endpoint"]) out.endpoint = r.endpoint(n["endpoint"], "alerts.endpoint");
  if (n["send_high_water_mark"]) {
    out.send_high_water_mark = static_cast<int>(
        r.integer(n["send_high_water_mark"], "alerts.send_high_water_mark", 1, 10'000'000));
  }
}

void read_control(const Reader& r, const YAML::Node& n, ControlConfig& out) {
  r.expect_keys(n, "control", {"endpoint", "max_request_bytes"});
  if (n["endpoint"]) out.endpoint = r.endpoint(n["endpoint"], "control.endpoint");
  if (n["max_request_bytes"]) {
    out.max_request_bytes =
        r.integer(n["max_request_bytes"], "control.max_request_bytes", 1024, 1LL << 31);
  }
}

void read_log(const Reader& r, const YAML::Node& n, LogConfig& out) {
  r.expect_keys(n, "log", {"level", "format"});
  if (n["level"]) {
    out.level = r.one_of(n["level"], "log.level", {"trace", "debug", "info", "warn", "error"});
  }
  if (n["format"]) out.format = r.one_of(n["format"], "log.format", {"text", "json"});
}

SinkConfig read_sink(const Reader& r, const YAML::Node& n, const std::string& path) {
  r.expect_keys(n, path,
                {"name", "type", "path", "rotate_bytes", "keep", "url", "timeout_ms", "identifier",
                 "retry_initial_ms", "retry_max_ms"});
  SinkConfig s;
  if (!n["name"]) r.fail(n, path + ".name", "is required");
  s.name = r.str(n["name"], path + ".name");
  if (s.name.empty() || s.name.size() > 64 || s.name.find('/') != std::string::npos) {
    r.fail(n["name"], path + ".name", "must be 1 to 64 characters without '/'");
  }
  if (!n["type"]) r.fail(n, path + ".type", "is required");
  s.type = r.one_of(n["type"], path + ".type", {"jsonl", "journald", "webhook"});
  // Keys that belong to another type are refused: they would be silently ignored.
  const auto only_for = [&](const char* key, const char* type) {
    if (n[key] && s.type != type)
      r.fail(n[key], path + "." + key, std::string("only for type ") + type);
  };
  for (const char* key : {"path", "rotate_bytes", "keep"}) only_for(key, "jsonl");
  for (const char* key : {"url", "timeout_ms"}) only_for(key, "webhook");
  only_for("identifier", "journald");
  if (s.type == "jsonl") {
    if (!n["path"]) r.fail(n, path + ".path", "is required for type jsonl");
    s.path = r.str(n["path"], path + ".path");
  }
  if (n["rotate_bytes"]) {
    s.rotate_bytes = r.integer(n["rotate_bytes"], path + ".rotate_bytes", 4096, 1LL << 40);
  }
  if (n["keep"]) s.keep = static_cast<int>(r.integer(n["keep"], path + ".keep", 0, 1000));
  if (s.type == "webhook") {
    if (!n["url"]) r.fail(n, path + ".url", "is required for type webhook");
    s.url = r.str(n["url"], path + ".url");
    if (s.url.rfind("http://", 0) != 0 || s.url.size() <= 7) {
      r.fail(n["url"], path + ".url", "must be http://HOST[:PORT][/PATH]");
    }
  }
  if (n["timeout_ms"]) {
    s.timeout_ms = static_cast<int>(r.integer(n["timeout_ms"], path + ".timeout_ms", 10, 600000));
  }
  if (n["identifier"]) s.identifier = r.str(n["identifier"], path + ".identifier");
  if (n["retry_initial_ms"]) {
    s.retry_initial_ms =
        static_cast<int>(r.integer(n["retry_initial_ms"], path + ".retry_initial_ms", 1, 3600000));
  }
  if (n["retry_max_ms"]) {
    s.retry_max_ms =
        static_cast<int>(r.integer(n["retry_max_ms"], path + ".retry_max_ms", 1, 3600000));
  }
  if (s.retry_max_ms < s.retry_initial_ms) {
    r.fail(n, path + ".retry_max_ms", "must not be below retry_initial_ms");
  }
  return s;
}

void read_sinks(const Reader& r, const YAML::Node& n, std::vector<SinkConfig>& out) {
  if (!n.IsSequence()) r.fail(n, "sinks", "must be a list");
  std::set<std::string> names;
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string path = "sinks[" + std::to_string(i) + "]";
    out.push_back(read_sink(r, n[i], path));
    if (!names.insert(out.back().name).second) {
      r.fail(n[i]["name"], path + ".name", "duplicate sink name \"" + out.back().name + "\"");
    }
  }
}

void read_noise(const Reader& r, const YAML::Node& n, NoiseConfig& out) {
  r.expect_keys(
      n, "noise",
      {"fold_seconds", "fold_key_fields", "rule_rate_limit_per_minute", "rule_rate_factor"});
  if (n["fold_seconds"]) {
    out.fold_seconds =
        static_cast<int>(r.integer(n["fold_seconds"], "noise.fold_seconds", 0, 86400));
  }
  if (const auto& keys = n["fold_key_fields"]) {
    if (!keys.IsSequence()) r.fail(keys, "noise.fold_key_fields", "must be a list of field names");
    out.fold_key_fields.clear();
    for (size_t i = 0; i < keys.size(); ++i) {
      out.fold_key_fields.push_back(
          r.str(keys[i], "noise.fold_key_fields[" + std::to_string(i) + "]"));
    }
  }
  if (n["rule_rate_limit_per_minute"]) {
    out.rule_rate_limit_per_minute = static_cast<int>(r.integer(
        n["rule_rate_limit_per_minute"], "noise.rule_rate_limit_per_minute", 0, 10'000'000));
  }
  if (n["rule_rate_factor"]) {
    out.rule_rate_factor =
        static_cast<int>(r.integer(n["rule_rate_factor"], "noise.rule_rate_factor", 2, 1000));
  }
}

Checkpoint read_checkpoint(const Reader& r, const YAML::Node& n, const std::string& path) {
  r.expect_keys(n, path,
                {"id", "name", "district", "cambodian_side", "type", "status", "km", "latitude",
                 "longitude", "hours", "escalate_after"});
  Checkpoint c;
  if (!n["id"]) r.fail(n, path + ".id", "required key is missing");
  c.id = r.str(n["id"], path + ".id");
  if (c.id.empty()) r.fail(n["id"], path + ".id", "must not be empty");
  c.name = n["name"] ? r.str(n["name"], path + ".name") : c.id;
  if (n["district"]) c.district = r.str(n["district"], path + ".district");
  if (n["cambodian_side"]) c.cambodian_side = r.str(n["cambodian_side"], path + ".cambodian_side");
  if (n["type"]) {
    c.type = r.one_of(n["type"], path + ".type", {"permanent", "temporary"}) == "permanent"
                 ? CheckpointType::kPermanent
                 : CheckpointType::kTemporary;
  }
  if (n["status"]) {
    const auto s = r.one_of(n["status"], path + ".status", {"open", "closed", "restricted"});
    c.status = s == "open"     ? CheckpointStatus::kOpen
               : s == "closed" ? CheckpointStatus::kClosed
                               : CheckpointStatus::kRestricted;
  }
  if (n["km"]) c.km = r.number(n["km"], path + ".km", 0, 10000);
  if (n["latitude"]) c.latitude = r.number(n["latitude"], path + ".latitude", -90, 90);
  if (n["longitude"]) c.longitude = r.number(n["longitude"], path + ".longitude", -180, 180);
  if (n["escalate_after"]) {
    read_escalation(r, n["escalate_after"], path + ".escalate_after", c.escalate_after);
  }
  if (n["hours"]) {
    const auto& h = n["hours"];
    r.expect_keys(h, path + ".hours", {"open", "close"});
    if (h["open"]) c.hours.open_minute = r.hhmm(h["open"], path + ".hours.open");
    if (h["close"]) c.hours.close_minute = r.hhmm(h["close"], path + ".hours.close");
  }
  return c;
}

bool flag(const Reader& r, const YAML::Node& n, const std::string& path) {
  return r.one_of(n, path, {"true", "false"}) == "true";
}

SecurityClient read_client(const Reader& r, const YAML::Node& n, const std::string& path) {
  r.expect_keys(n, path, {"name", "public_key", "role", "checkpoints"});
  SecurityClient c;
  for (const char* key : {"name", "public_key", "role"}) {
    if (!n[key]) r.fail(n, path + "." + key, "required key is missing");
  }
  c.name = r.str(n["name"], path + ".name");
  if (c.name.empty()) r.fail(n["name"], path + ".name", "must not be empty");
  c.public_key = r.str(n["public_key"], path + ".public_key");
  if (c.public_key.size() != 40) {
    r.fail(n["public_key"], path + ".public_key",
           "must be a 40-character Z85 CURVE public key (bwctl keys generate)");
  }
  c.role = r.one_of(n["role"], path + ".role", {"checkpoint", "operator", "officer", "viewer"});
  if (const auto& cps = n["checkpoints"]) {
    if (!cps.IsSequence()) r.fail(cps, path + ".checkpoints", "must be a list of checkpoint ids");
    for (size_t i = 0; i < cps.size(); ++i) {
      c.checkpoints.push_back(r.str(cps[i], path + ".checkpoints[" + std::to_string(i) + "]"));
    }
  }
  if (c.role == "checkpoint" && c.checkpoints.empty()) {
    r.fail(n, path + ".checkpoints", "a checkpoint key needs the checkpoint ids it reports for");
  }
  return c;
}

void read_security(const Reader& r, const YAML::Node& n, SecurityConfig& out) {
  r.expect_keys(
      n, "security",
      {"curve", "server_secret_key_file", "server_public_key_file", "clients", "insecure"});
  if (n["curve"]) out.curve = flag(r, n["curve"], "security.curve");
  if (n["insecure"]) out.insecure = flag(r, n["insecure"], "security.insecure");
  if (n["server_secret_key_file"]) {
    out.server_secret_key_file =
        r.str(n["server_secret_key_file"], "security.server_secret_key_file");
  }
  if (n["server_public_key_file"]) {
    out.server_public_key_file =
        r.str(n["server_public_key_file"], "security.server_public_key_file");
  }
  if (const auto& clients = n["clients"]) {
    if (!clients.IsSequence()) r.fail(clients, "security.clients", "must be a list");
    for (size_t i = 0; i < clients.size(); ++i) {
      out.clients.push_back(
          read_client(r, clients[i], "security.clients[" + std::to_string(i) + "]"));
    }
  }
  if (out.curve && out.server_secret_key_file.empty()) {
    r.fail(n, "security.server_secret_key_file", "required when curve is true");
  }
}

Config read_config(const Reader& r, const YAML::Node& root) {
  Config cfg;
  if (!root || root.IsNull()) return cfg;
  r.expect_keys(root, "",
                {"state_dir", "rules_dir", "timezone", "ingest", "alerts", "control", "log",
                 "checkpoints", "stateful", "sinks", "noise", "security"});
  if (root["state_dir"]) cfg.state_dir = r.str(root["state_dir"], "state_dir");
  if (root["rules_dir"]) cfg.rules_dir = r.str(root["rules_dir"], "rules_dir");
  if (root["timezone"])
    cfg.timezone_offset_minutes = r.offset_minutes(root["timezone"], "timezone");
  if (root["ingest"]) read_ingest(r, root["ingest"], cfg.ingest);
  if (root["alerts"]) read_alerts(r, root["alerts"], cfg.alerts);
  if (root["control"]) read_control(r, root["control"], cfg.control);
  if (root["log"]) read_log(r, root["log"], cfg.log);
  if (const auto& st = root["stateful"]) {
    r.expect_keys(st, "stateful", {"allowed_lateness_minutes"});
    if (st["allowed_lateness_minutes"]) {
      cfg.stateful.allowed_lateness_minutes = static_cast<int>(r.integer(
          st["allowed_lateness_minutes"], "stateful.allowed_lateness_minutes", 0, 30 * 24 * 60));
    }
  }
  if (root["sinks"]) read_sinks(r, root["sinks"], cfg.sinks);
  if (root["noise"]) read_noise(r, root["noise"], cfg.noise);
  if (const auto& cps = root["checkpoints"]) {
    if (!cps.IsSequence()) r.fail(cps, "checkpoints", "must be a list");
    for (size_t i = 0; i < cps.size(); ++i) {
      cfg.checkpoints.push_back(
          read_checkpoint(r, cps[i], "checkpoints[" + std::to_string(i) + "]"));
    }
  }
  if (root["security"]) read_security(r, root["security"], cfg.security);
  return cfg;
}

}  // namespace

Status validate(const Config& config) {
  if (config.checkpoints.empty()) return Error{"checkpoints: at least one checkpoint is required"};
  std::set<std::string> ids;
  for (const auto& c : config.checkpoints) {
    if (!ids.insert(c.id).second) return Error{"checkpoints: duplicate id \"" + c.id + "\""};
  }
  const std::string* eps[] = {&config.ingest.endpoint, &config.alerts.endpoint,
                              &config.control.endpoint};
  for (int i = 0; i < 3; ++i) {
    for (int j = i + 1; j < 3; ++j) {
      if (*eps[i] == *eps[j] && eps[i]->find(":*") == std::string::npos) {
        return Error{"endpoints: ingest, alerts and control must differ (\"" + *eps[i] +
                     "\" used twice)"};
      }
    }
  }
  if (config.state_dir.empty()) return Error{"state_dir: must not be empty"};
  return ok_status();
}

Result<Config> load_text(const std::string& text, const std::string& name) {
  try {
    Reader reader(name);
    Config cfg = read_config(reader, YAML::Load(text));
    if (auto s = validate(cfg); !s) return Error{name + ": " + s.error().message};
    return cfg;
  } catch (const ConfigError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{name + ":" + std::to_string(e.mark.line + 1) + ":" +
                 std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg};
  }
}

Result<Config> load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read config file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return load_text(ss.str(), path);
}

}  // namespace bw::config
