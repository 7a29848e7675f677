#include "config/loader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/section_readers.h"
#include "config/yaml_reader.h"

namespace bw::config {

namespace {

void read_ingest(const ConfigReader& r, const YAML::Node& n, IngestConfig& out) {
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
void read_escalation(const ConfigReader& r, const YAML::Node& n, const std::string& path,
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

void read_alerts(const ConfigReader& r, const YAML::Node& n, AlertsConfig& out) {
  r.expect_keys(n, "alerts", {"endpoint", "send_high_water_mark", "escalate_after"});
  if (n["escalate_after"])
    read_escalation(r, n["escalate_after"], "alerts.escalate_after", out.escalate_after);
  if (n["endpoint"]) out.endpoint = r.endpoint(n["endpoint"], "alerts.endpoint");
  if (n["send_high_water_mark"]) {
    out.send_high_water_mark = static_cast<int>(
        r.integer(n["send_high_water_mark"], "alerts.send_high_water_mark", 1, 10'000'000));
  }
}

void read_control(const ConfigReader& r, const YAML::Node& n, ControlConfig& out) {
  r.expect_keys(n, "control", {"endpoint", "max_request_bytes"});
  if (n["endpoint"]) out.endpoint = r.endpoint(n["endpoint"], "control.endpoint");
  if (n["max_request_bytes"]) {
    out.max_request_bytes =
        r.integer(n["max_request_bytes"], "control.max_request_bytes", 1024, 1LL << 31);
  }
}

void read_log(const ConfigReader& r, const YAML::Node& n, LogConfig& out) {
  r.expect_keys(n, "log", {"level", "format"});
  if (n["level"]) {
    out.level = r.one_of(n["level"], "log.level", {"trace", "debug", "info", "warn", "error"});
  }
  if (n["format"]) out.format = r.one_of(n["format"], "log.format", {"text", "json"});
}

Checkpoint read_checkpoint(const ConfigReader& r, const YAML::Node& n, const std::string& path) {
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

Config read_config(const ConfigReader& r, const YAML::Node& root) {
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
    ConfigReader reader(name);
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
