#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "sim/watchlist_data.h"
#include "util/key_filter.h"
#include "watchlist/normalize.h"
#include "watchlist/watchlist.h"

namespace bw {

namespace {

// Keys of every length from 0 to 40, so the word loop and the tail bytes both vary.
std::vector<std::string> varied_keys(size_t n, const std::string& prefix) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < n; ++i) {
    std::string k = prefix + std::to_string(i * 7919);
    k.resize(i % 41, static_cast<char>('A' + i % 26));
    keys.push_back(std::move(k));
  }
  return keys;
}

}  // namespace

TEST_CASE("KeyFilter passes every added key and rejects most others") {
  const std::vector<std::string> added = varied_keys(5000, "N");
  KeyFilter filter(added.size());
  for (const std::string& k : added) filter.add(k);
  for (const std::string& k : added) REQUIRE(filter.may_contain(k));

  const std::set<std::string> in(added.begin(), added.end());
  size_t absent = 0, passed = 0;
  for (int i = 0; i < 50000; ++i) {
    const std::string k = "X" + std::to_string(i) + "Q" + std::to_string(i * 31);
    if (in.count(k) != 0) continue;
    ++absent;
    if (filter.may_contain(k)) ++passed;
  }
  // About 13 bits per key and two bits per key: some 2 % pass; 6 % would mean a broken hash.
  CHECK(passed * 100 < absent * 6);
  CHECK(filter.bytes() <= added.size() * 24 / 8 + 8);
}

TEST_CASE("KeyFilter: unsized passes everything, sized and empty passes nothing") {
  const KeyFilter unsized;
  CHECK(unsized.may_contain(""));
  CHECK(unsized.may_contain("AB123456"));
  const KeyFilter sized(100);
  size_t passed = 0;
  for (const std::string& k : varied_keys(1000, "P")) passed += sized.may_contain(k) ? 1 : 0;
  CHECK(passed == 0);
}

// The filter in front of the watchlist table must not lose a listed document or plate: every
// one of a bench-sized list is found, and numbers one character off are not.
TEST_CASE("watchlist: lookup behind the key filter finds every listed key of a large list") {
  const auto docs = sim::make_listed_documents(42, 10'000);
  std::vector<watchlist::Entry> entries;
  for (const auto& d : docs) {
    watchlist::Entry e;
    e.display = d.number;
    e.key = watchlist::normalise_document_number(d.number);
    e.line = entries.size() + 2;
    entries.push_back(std::move(e));
  }
  const watchlist::Watchlist list("lost", watchlist::Kind::kDocuments, entries);
  std::set<std::string> keys;
  for (const auto& e : entries) keys.insert(e.key);
  for (const auto& e : entries) {
    const watchlist::Entry* found = list.lookup(e.display);
    REQUIRE(found != nullptr);
    CHECK(found->key == e.key);
  }
  size_t misses = 0;
  for (const auto& e : entries) {
    std::string other = e.key + "9";
    if (keys.count(other) != 0) continue;
    misses += list.lookup(other) == nullptr ? 1 : 0;
    CHECK(list.lookup(other) == nullptr);
  }
  CHECK(misses > 9'000);
}

}  // namespace bw
