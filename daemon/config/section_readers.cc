#include "config/section_readers.h"

#include <set>

namespace bw::config {

namespace {

SinkConfig read_sink(const ConfigReader& r, const YAML::Node& n, const std::string& path) {
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

}  // namespace

void read_sinks(const ConfigReader& r, const YAML::Node& n, std::vector<SinkConfig>& out) {
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

void read_noise(const ConfigReader& r, const YAML::Node& n, NoiseConfig& out) {
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

namespace {

SecurityClient read_client(const ConfigReader& r, const YAML::Node& n, const std::string& path) {
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

}  // namespace

void read_security(const ConfigReader& r, const YAML::Node& n, SecurityConfig& out) {
  r.expect_keys(
      n, "security",
      {"curve", "server_secret_key_file", "server_public_key_file", "clients", "insecure"});
  if (n["curve"]) out.curve = r.flag(n["curve"], "security.curve");
  if (n["insecure"]) out.insecure = r.flag(n["insecure"], "security.insecure");
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

}  // namespace bw::config
