#include "auth/security.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "transport/curve.h"

namespace bw::auth {

bool is_read_command(std::string_view cmd) {
  static const char* const kReads[] = {
      "status",         "alerts.since",   "alerts.show",         "alerts.list",
      "rules.list",     "rules.history",  "rules.diff",          "rules.shadow_report",
      "watchlist.list", "audit.list",     "alerts.silence.list", "watchlist.clearance.list",
      "watchlist.show", "watchlist.diff", "watchlist.export"};
  for (const char* r : kReads) {
    if (cmd == r) return true;
  }
  return false;
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

Result<std::string> read_key_file(const std::string& path, bool secret) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{path + ": cannot read key file"};
  if (secret && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Error{path + ": secret key file is readable by group or others (chmod 600 it)"};
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  const auto first = key.find_first_not_of(" \t\r\n");
  const auto last = key.find_last_not_of(" \t\r\n");
  key = first == std::string::npos ? std::string() : key.substr(first, last - first + 1);
  if (!transport::is_z85_key(key)) return Error{path + ": not a 40-character Z85 CURVE key"};
  return key;
}

Status write_key_file(const std::string& path, const std::string& key, bool secret) {
  const int fd_mode = secret ? 0600 : 0644;
  std::FILE* f = nullptr;
  // O_EXCL through "x": never overwrite an existing key.
  const mode_t old = ::umask(secret ? 077 : 022);
  f = std::fopen(path.c_str(), "wx");
  ::umask(old);
  if (f == nullptr) return Error{path + ": cannot create (does it exist already?)"};
  const bool ok = std::fputs((key + "\n").c_str(), f) >= 0;
  std::fclose(f);
  if (!ok || ::chmod(path.c_str(), fd_mode) != 0) return Error{path + ": cannot write"};
  return ok_status();
}

bool is_network_endpoint(const std::string& endpoint) {
  if (!starts_with(endpoint, "tcp://")) return false;
  std::string host = endpoint.substr(6, endpoint.rfind(':') - 6);
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  return !(starts_with(host, "127.") || host == "::1" || host == "localhost");
}

bool role_allows(std::string_view role, std::string_view cmd) {
  if (role != "viewer" && role != "officer" && role != "operator") return false;
  if (is_read_command(cmd)) return true;
  // Clearing a watchlist hit is the duty officer's judgement about a traveller, not list
  // maintenance: officers only (operators maintain the lists they would be clearing).
  const bool clearance = starts_with(cmd, "watchlist.clearance.");
  if (role == "officer") return starts_with(cmd, "alerts.") || clearance;
  if (role == "operator") {
    return starts_with(cmd, "rules.") || (starts_with(cmd, "watchlist.") && !clearance);
  }
  return false;
}

Result<std::unique_ptr<Security>> Security::load(const config::Config& config) {
  const auto& sc = config.security;
  auto s = std::make_unique<Security>();
  s->curve_ = sc.curve;
  if (!sc.curve) {
    for (const auto* ep : {&config.ingest.endpoint, &config.control.endpoint}) {
      if (!is_network_endpoint(*ep)) continue;
      if (!sc.insecure) {
        return Error{"security: " + *ep +
                     " is reachable from the network but security.curve is false; enable "
                     "CURVE or set security.insecure: true"};
      }
      spdlog::warn(
          "security: INSECURE: {} accepts unauthenticated, unencrypted traffic from "
          "the network (security.insecure: true)",
          *ep);
    }
    return s;
  }
  if (!transport::curve_available()) return Error{"security: libzmq was built without CURVE"};
  auto secret = read_key_file(sc.server_secret_key_file, /*secret=*/true);
  if (!secret) return Error{"security.server_secret_key_file: " + secret.error().message};
  s->secret_key_ = *secret;
  for (const auto& c : sc.clients) {
    if (!transport::is_z85_key(c.public_key)) {
      return Error{"security.clients: " + c.name + ": public_key is not a Z85 CURVE key"};
    }
    if (!s->by_name_.emplace(c.name, c).second) {
      return Error{"security.clients: duplicate name \"" + c.name + "\""};
    }
  }
  for (const auto& [name, c] : s->by_name_) {
    if (!s->by_key_.emplace(c.public_key, &c).second) {
      return Error{"security.clients: " + name + ": public key listed twice"};
    }
  }
  return s;
}

Status Security::secure(transport::Socket& socket) const {
  if (!curve_) return ok_status();
  return socket.make_curve_server(secret_key_);
}

std::optional<std::string> Security::admit(const std::string& public_key) const {
  auto it = by_key_.find(public_key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second->name;
}

Status Security::check_checkpoint(std::string_view user, std::string_view checkpoint) const {
  if (!curve_) return ok_status();
  auto it = by_name_.find(user);
  if (it != by_name_.end() && it->second.role == "checkpoint") {
    for (const auto& id : it->second.checkpoints) {
      if (id == checkpoint) return ok_status();
    }
  }
  return Error{"checkpoint: key \"" + std::string(user) + "\" may not report for checkpoint \"" +
               std::string(checkpoint) + "\""};
}

Status Security::check_command(std::string_view user, std::string_view cmd) const {
  if (!curve_) return ok_status();
  auto it = by_name_.find(user);
  const std::string role = it == by_name_.end() ? "none" : it->second.role;
  if (role_allows(role, cmd)) return ok_status();
  return Error{"refused: \"" + std::string(user) + "\" (role " + role + ") may not run " +
               std::string(cmd)};
}

}  // namespace bw::auth
