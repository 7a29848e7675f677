// HashedLists' filter in front of its table (may_contain) and the huge-page allocator its
// tables use: what the person index relies on to skip probes without missing a key.
#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "util/huge_page_allocator.h"
#include "watchlist/hashed_lists.h"

using bw::watchlist::HashedLists;

TEST_CASE("watchlist hashed lists: the filter passes every key's hash and rejects most others") {
  HashedLists lists;
  // Before freeze() there is no filter: every hash may be in the table.
  CHECK(lists.may_contain(HashedLists::hash_of("sok")));
  std::set<std::string> added;
  for (uint32_t i = 0; i < 50'000; ++i) {
    std::string key = "tok" + std::to_string(i * 7919 % 100'003);
    lists.add(key, i);
    added.insert(std::move(key));
  }
  lists.freeze();
  for (const std::string& key : added) {
    REQUIRE(lists.may_contain(HashedLists::hash_of(key)));
    REQUIRE(!lists.find(key).empty());
  }
  size_t absent = 0, passed = 0;
  for (uint32_t i = 0; i < 50'000; ++i) {
    const std::string key = "abs" + std::to_string(i);
    ++absent;
    passed += lists.may_contain(HashedLists::hash_of(key)) ? 1 : 0;
    CHECK(lists.find(key).empty());
  }
  // About eight bits a key, two of them set: a few percent pass (bound with room to spare).
  CHECK(passed * 10 < absent);
  CHECK(passed > 0);  // a filter, not an exact set: some absent hashes do pass
}

TEST_CASE("watchlist hashed lists: an empty frozen table's filter rejects every hash") {
  HashedLists lists;
  lists.freeze();
  for (const char* key : {"", "sok", "nguyen"}) {
    CHECK(!lists.may_contain(HashedLists::hash_of(key)));
    CHECK(lists.find(key).empty());
  }
}

TEST_CASE("huge page allocator: large blocks are 2 MiB aligned, contents survive growth") {
  std::vector<uint64_t, bw::HugePageAllocator<uint64_t>> v;
  // Grown one value at a time from a few bytes (operator new) past kMinBytes (mapped), so
  // reallocation copies across both kinds of block.
  const size_t n = 3 * bw::huge_pages::kMinBytes / sizeof(uint64_t);
  for (uint64_t i = 0; i < n; ++i) v.push_back(i * 2654435761u);
  REQUIRE(v.size() == n);
  CHECK(reinterpret_cast<uintptr_t>(v.data()) % bw::huge_pages::kPage == 0);
  bool intact = true;
  for (uint64_t i = 0; i < n; ++i) intact = intact && v[i] == i * 2654435761u;
  CHECK(intact);
  // A small block works as with std::allocator.
  std::vector<uint32_t, bw::HugePageAllocator<uint32_t>> small(10, 7);
  CHECK(small[9] == 7);
}
