// Large watchlists are written in chunks (so ingest's writes are not queued behind one huge
// write) and must still read back whole: entries under a new generation, version texts in
// 1 MiB pieces.
#include <doctest/doctest.h>

#include "control/watchlist_versions.h"
#include "store/store.h"
#include "test_support.h"

using namespace bw;

TEST_CASE("store: a watchlist larger than a write chunk replaces and reloads whole") {
  bw::test::TempDir dir;
  auto store = store::Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  store::WatchlistRecord big{"big", "{\"v\":1}", {}};
  const std::string value(200, 'x');  // 20,000 entries of ~210 bytes: about 4 chunks
  for (int i = 0; i < 20'000; ++i)
    big.entries.emplace_back("K" + std::to_string(100000 + i), value);
  REQUIRE(s.replace_watchlist(big).ok());
  REQUIRE(s.replace_watchlist({"big", "{\"v\":2}", {{"K1", "1"}, {"K2", "2"}}}).ok());
  REQUIRE(s.replace_watchlist(big).ok());
  (*store).reset();  // reopen: what a restart reads
  store = store::Store::open(dir.str());
  REQUIRE(store.ok());
  auto lists = (*store)->load_watchlists();
  REQUIRE(lists.ok());
  REQUIRE(lists->size() == 1);
  CHECK((*lists)[0].meta_json == "{\"v\":1}");
  CHECK((*lists)[0].entries == big.entries);
}

TEST_CASE("watchlist versions: a text larger than a chunk is stored and read back whole") {
  bw::test::TempDir dir;
  auto store = store::Store::open(dir.str());
  REQUIRE(store.ok());
  std::string text;
  for (int i = 0; text.size() < 3 * (size_t{1} << 20); ++i) {
    text += "LS" + std::to_string(i) + ",THA,passport,stolen\n";
  }
  json::Value meta;
  meta.set("version", 1);
  REQUIRE(control::put_version(**store, "docs", meta, text).ok());
  meta.set("version", 2);
  REQUIRE(control::put_version(**store, "docs", meta, "number\nA1\n").ok());
  auto back = control::version_text(**store, "docs", 1);
  REQUIRE(back.ok());
  CHECK(back->size() == text.size());
  CHECK(*back == text);
  CHECK(control::version_text(**store, "docs", 2).value() == "number\nA1\n");
  CHECK(control::version_meta(**store, "docs", 1)->number_or("text_chunks", 0) == 4);
  CHECK_FALSE(control::version_text(**store, "docs", 3).ok());
}
