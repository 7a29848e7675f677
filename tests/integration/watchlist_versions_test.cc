// Watchlist versions through the control endpoint: every import is a version; show, diff,
// rollback (itself a new version) and export, which imports back to the same entries.
#include <doctest/doctest.h>

#include "harness.h"

using namespace bw;

namespace {

json::Value cmd(const char* name, const std::string& list) {
  json::Value v;
  v.set("cmd", name);
  v.set("by", "operator-ploy");
  v.set("name", list);
  return v;
}

json::Value import_text(test::DaemonHarness& h, const std::string& list, const std::string& text,
                        const std::string& format = "csv") {
  json::Value req = cmd("watchlist.import", list);
  req.set("text", text);
  req.set("format", format);
  return h.control(req);
}

std::string exported(test::DaemonHarness& h, const std::string& list, uint64_t version,
                     const std::string& format) {
  json::Value req = cmd("watchlist.export", list);
  if (version != 0) req.set("version", version);
  if (!format.empty()) req.set("format", format);
  auto reply = h.control(req);
  REQUIRE(reply.string_or("error") == "");
  return reply.string_or("text");
}

std::vector<std::string> strings(const json::Value& reply, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : reply.find(key)->as_array()) out.push_back(v.as_string());
  return out;
}

}  // namespace

TEST_CASE("watchlist versions: show, diff, rollback, export round trip, restart") {
  test::DaemonHarness h;
  const std::string v1 =
      "number,country,type,reason\nLS100001,THA,passport,stolen\nLS100002,THA,passport,lost\n";
  const std::string v2 =
      "number,country,type,reason\nLS100002,THA,passport,\"stolen, then \"\"found\"\"\"\n"
      "LS100003,KHM,id_card,lost\n";
  REQUIRE(import_text(h, "docs", v1).string_or("error") == "");
  REQUIRE(import_text(h, "docs", v2).string_or("error") == "");

  auto shown = h.control(cmd("watchlist.show", "docs"));
  REQUIRE(shown.string_or("error") == "");
  CHECK(shown.number_or("active_version", 0) == 2);
  auto versions = shown.find("versions")->as_array();
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].number_or("version", 0) == 1);
  CHECK(versions[0].string_or("imported_by") == "operator-ploy");
  CHECK(versions[0].number_or("count", 0) == 2);
  CHECK(versions[0].string_or("hash") != versions[1].string_or("hash"));

  json::Value diff = cmd("watchlist.diff", "docs");
  diff.set("from", 1);
  diff.set("to", 2);
  auto d = h.control(diff);
  REQUIRE(d.string_or("error") == "");
  CHECK(strings(d, "added") == std::vector<std::string>{"LS100003"});
  CHECK(strings(d, "removed") == std::vector<std::string>{"LS100001"});
  CHECK(strings(d, "changed") == std::vector<std::string>{"LS100002"});
  diff.set("to", 9);
  CHECK(h.control(diff).string_or("error").find("has no version 9") != std::string::npos);

  // Export converts and imports back to the same entries (quotes and commas survive).
  for (const std::string format : {"csv", "jsonl"}) {
    const std::string text = exported(h, "docs", 2, format);
    REQUIRE(import_text(h, "copy_" + format, text, format).string_or("error") == "");
    CHECK(exported(h, "copy_" + format, 0, "csv") == exported(h, "docs", 2, "csv"));
  }
  CHECK(exported(h, "docs", 1, "") == v1);  // as imported

  json::Value rollback = cmd("watchlist.rollback", "docs");
  rollback.set("version", 1);
  REQUIRE(h.control(rollback).string_or("error") == "");
  h.restart();
  shown = h.control(cmd("watchlist.show", "docs"));
  CHECK(shown.number_or("active_version", 0) == 3);
  versions = shown.find("versions")->as_array();
  REQUIRE(versions.size() == 3);
  CHECK(versions[2].number_or("rollback_of", 0) == 1);
  CHECK(exported(h, "docs", 0, "") == v1);
  auto lists = h.control(cmd("watchlist.list", "")).find("watchlists")->as_array();
  for (const auto& l : lists) {
    if (l.string_or("name") == "docs") CHECK(l.number_or("count", 0) == 2);
  }
  rollback.set("version", 7);
  CHECK(h.control(rollback).string_or("error").find("has no version 7") != std::string::npos);
}
