// Atomic swap under concurrent screening: while imports replace a list, screening threads
// only ever see one whole version of it (every entry of one import, none of another).
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "control/watchlist_service.h"
#include "json/parse.h"
#include "test_support.h"
#include "watchlist/screening.h"

using namespace bw;

namespace {

// Version v: 1000 + v documents, every one's reason "v<v>", plus STABLE1 in every version.
std::string version_csv(int v) {
  std::string csv = "number,country,type,reason\nSTABLE1,THA,passport,v" + std::to_string(v) + "\n";
  for (int i = 0; i < 1000 + v; ++i) {
    csv += "D" + std::to_string(v) + "X" + std::to_string(i) + ",THA,passport,v" +
           std::to_string(v) + "\n";
  }
  return csv;
}

// "" when `list` is one whole version, else what is wrong.
std::string whole_version(const watchlist::Watchlist& list, int& version) {
  const std::string& reason = list.entries().front().reason;
  version = std::stoi(reason.substr(1));
  if (list.size() != static_cast<size_t>(1001 + version))
    return "size " + std::to_string(list.size());
  for (const auto& e : list.entries()) {
    if (e.reason != reason) return "mixed versions: " + reason + " and " + e.reason;
  }
  const std::string last = "D" + std::to_string(version) + "X" + std::to_string(999 + version);
  if (list.lookup(last) == nullptr) return "index misses " + last;
  return "";
}

}  // namespace

TEST_CASE("watchlist swap: screening threads never see half a list during imports") {
  test::TempDir dir;
  auto store = std::move(store::Store::open(dir.str()).value());
  const auto cfg = test::test_config(dir.str());
  server::SharedState state(cfg, *store, system_now);
  control::WatchlistService service(state);
  REQUIRE(service.import("docs", version_csv(0), "csv", false, "test").ok);

  auto traveller = json::parse(R"({"document":{"number":"STABLE1","country":"THA"}})");
  REQUIRE(traveller.ok());
  std::atomic<bool> done{false};
  std::atomic<uint64_t> reads{0};
  std::vector<std::string> problems[2];
  std::set<int> seen[2];
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&, t] {
      while (!done.load()) {
        auto set = state.watchlists.get();
        const watchlist::Watchlist* list = set->find("docs");
        int version = -1;
        std::string problem = list == nullptr ? "list missing" : whole_version(*list, version);
        if (problem.empty() && watchlist::screen(*list, *traveller).score != 1) {
          problem = "STABLE1 not found";
        }
        if (!problem.empty()) problems[t].push_back(problem);
        seen[t].insert(version);
        ++reads;
      }
    });
  }
  for (int v = 1; v <= 8; ++v)
    REQUIRE(service.import("docs", version_csv(v), "csv", false, "t").ok);
  done = true;
  for (auto& r : readers) r.join();
  CHECK(problems[0].empty());
  CHECK(problems[1].empty());
  CHECK(reads.load() > 0);
  int last = -1;
  CHECK(whole_version(*state.watchlists.get()->find("docs"), last).empty());
  CHECK(last == 8);
  MESSAGE("reads: " << reads.load() << ", versions seen: " << seen[0].size() << " and "
                    << seen[1].size());
}
