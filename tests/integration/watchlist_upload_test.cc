// Staged uploads: a list sent as several chunks is in force only after commit, as one
// version; chunks out of order are refused without harm; aborted sessions leave nothing.
#include <doctest/doctest.h>

#include "harness.h"

using namespace bw;

namespace {

json::Value cmd(const char* name) {
  json::Value v;
  v.set("cmd", name);
  v.set("by", "operator-ploy");
  return v;
}

double listed(test::DaemonHarness& h, const std::string& name) {
  const json::Value reply = h.control(cmd("watchlist.list"));
  for (const auto& l : reply.find("watchlists")->as_array()) {
    if (l.string_or("name") == name) return l.number_or("count", 0);
  }
  return 0;
}

}  // namespace

TEST_CASE("watchlist upload: chunks, in force only at commit, order checked, abort") {
  test::DaemonHarness h;
  REQUIRE(h.import_documents({"OLD00001"}, "docs").string_or("error") == "");
  std::vector<std::string> chunks{"number,country,type,reason\n"};
  for (int c = 0; c < 5; ++c) {
    std::string text;
    for (int i = 0; i < 400; ++i)
      text += "C" + std::to_string(c) + "N" + std::to_string(i) + ",THA,passport,stolen\n";
    chunks.push_back(text);
  }
  json::Value begin = cmd("watchlist.upload.begin");
  begin.set("name", "docs");
  begin.set("format", "csv");
  auto started = h.control(begin);
  REQUIRE(started.string_or("error") == "");
  const std::string session = started.string_or("session");
  for (size_t i = 0; i < chunks.size(); ++i) {
    json::Value chunk = cmd("watchlist.upload.chunk");
    chunk.set("session", session);
    chunk.set("seq", i);
    chunk.set("text", chunks[i]);
    REQUIRE(h.control(chunk).string_or("error") == "");
    if (i == 2) {  // a resent chunk is refused and changes nothing
      CHECK(h.control(chunk).string_or("error").find("expected chunk 3, got 2") !=
            std::string::npos);
    }
    CHECK(listed(h, "docs") == 1);  // the old list stays in force until commit
  }
  json::Value commit = cmd("watchlist.upload.commit");
  commit.set("session", session);
  auto report = h.control(commit);
  REQUIRE(report.string_or("error") == "");
  CHECK(report.number_or("imported", 0) == 2000);
  CHECK(listed(h, "docs") == 2000);
  CHECK(h.control(commit).string_or("error").find("no import session") != std::string::npos);
  json::Value show = cmd("watchlist.show");
  show.set("name", "docs");
  CHECK(h.control(show).find("versions")->as_array().size() == 2);

  auto second = h.control(begin);
  json::Value abort = cmd("watchlist.upload.abort");
  abort.set("session", second.string_or("session"));
  CHECK(h.control(abort).string_or("error") == "");
  commit.set("session", second.string_or("session"));
  CHECK(h.control(commit).string_or("error").find("no import session") != std::string::npos);
  CHECK(listed(h, "docs") == 2000);
}
