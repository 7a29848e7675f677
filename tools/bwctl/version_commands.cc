#include "version_commands.h"

#include <iostream>

#include "control/control_client.h"
#include "control_request.h"
#include "json/writer.h"

namespace bwctl {

namespace {

using bw::json::Value;

// The exit code of a command: 2 when the daemon could not be asked, 1 when it refused.
int finish(const std::optional<Value>& reply) {
  if (!reply) return 2;
  return reply_ok(*reply) ? 0 : 1;
}

void print_keys(const char* label, const Value& diff, const char* key) {
  const std::string count_key = std::string(key) + "_count";
  std::cout << label << " " << static_cast<uint64_t>(diff.number_or(count_key, 0)) << "\n";
  if (const Value* keys = diff.find(key); keys != nullptr && keys->is_array()) {
    for (const auto& k : keys->as_array())
      std::cout << "  " << label[0] << " " << k.as_string() << "\n";
  }
}

}  // namespace

int watchlist_show(const Globals& g, const std::string& name) {
  Value req;
  req.set("name", name);
  auto reply = control_request(g, "watchlist.show", std::move(req), "watchlist show");
  if (const int rc = finish(reply); rc != 0 || g.json) return rc;
  const auto active = static_cast<uint64_t>(reply->number_or("active_version", 0));
  std::cout << "watchlist " << name << ": version " << active << " in force\n";
  for (const auto& v : reply->find("versions")->as_array()) {
    const auto n = static_cast<uint64_t>(v.number_or("version", 0));
    std::cout << (n == active ? "* " : "  ") << n << "  " << v.string_or("imported_at") << "  "
              << v.string_or("imported_by") << "  "
              << static_cast<uint64_t>(v.number_or("count", 0)) << " " << v.string_or("kind")
              << "  " << v.string_or("format") << "  hash " << v.string_or("hash");
    if (v.find("rollback_of") != nullptr) {
      std::cout << "  (rollback to " << static_cast<uint64_t>(v.number_or("rollback_of", 0)) << ")";
    }
    std::cout << "\n";
  }
  return 0;
}

int watchlist_diff(const Globals& g, const std::string& name, uint64_t from, uint64_t to) {
  Value req;
  req.set("name", name);
  req.set("from", from);
  req.set("to", to);
  auto reply = control_request(g, "watchlist.diff", std::move(req), "watchlist diff");
  if (const int rc = finish(reply); rc != 0 || g.json) return rc;
  print_keys("added", *reply, "added");
  print_keys("removed", *reply, "removed");
  print_keys("changed", *reply, "changed");
  return 0;
}

int watchlist_rollback(const Globals& g, const std::string& name, uint64_t version) {
  Value req;
  req.set("name", name);
  req.set("version", version);
  auto reply = control_request(g, "watchlist.rollback", std::move(req), "watchlist rollback");
  if (const int rc = finish(reply); rc != 0 || g.json) return rc;
  std::cout << "watchlist " << name << ": version " << version << " is in force again ("
            << reply->number_or("imported", 0) << " entries)\n";
  return 0;
}

int watchlist_export(const Globals& g, const std::string& name, uint64_t version,
                     const std::string& format) {
  Value req;
  req.set("name", name);
  if (version != 0) req.set("version", version);
  if (!format.empty()) req.set("format", format);
  auto reply = control_request(g, "watchlist.export", std::move(req), "watchlist export");
  if (const int rc = finish(reply); rc != 0 || g.json) return rc;
  std::cout << reply->string_or("text");
  return 0;
}

}  // namespace bwctl
