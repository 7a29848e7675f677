// HashedLists: a frozen map from strings to lists of uint32 values, stored as an open-addressing
// table of 64-bit string hashes. The person index asks it dozens of times a query for one-letter
// deletions that mostly are not there; a std::unordered_map of strings costs two or three cache
// misses per probe (bucket, node, key), this table one (and one more for the values on a hit).
//
// A key with a single value (most of them) keeps it in its slot, so finding it costs no second
// miss on the values.
//
// Keys are identified by their 64-bit hash only: two different strings with the same hash
// (about one chance in 10^8 per query at the index's size) share a list. Callers that need
// exactness check the values (PersonList compares the token text).
// Build with add() then freeze(); afterwards immutable and thread-safe for concurrent find().
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "util/huge_page_allocator.h"

namespace bw::watchlist {

class HashedLists {
 public:
  // Appends `value` to the list of `key`. Only before freeze().
  void add(std::string_view key, uint32_t value);
  // Builds the table; values of one key keep the order they were added in.
  void freeze();
  // The list of `key`, empty when it has none.
  std::span<const uint32_t> find(std::string_view key) const { return find_hashed(hash_of(key)); }

  // The same in two steps, for callers with many keys to look up: hash every key and prefetch
  // its slot first, then find them all, so the cache misses overlap instead of queueing.
  static uint64_t hash_of(std::string_view key);
  void prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  std::span<const uint32_t> find_hashed(uint64_t hash) const;
  // False only when no key has this hash: a filter of a few bits a key, small enough to stay in
  // cache, that spares most lookups of absent keys the table's cache miss (a query's one-letter
  // deletions and split tokens mostly are absent). True for every hash before freeze().
  // may_contain's read, prefetched: callers with many keys prefetch every one's first.
  void prefetch_filter(uint64_t hash) const {
    if (!filter_.empty()) __builtin_prefetch(&filter_[(hash >> 20) & (filter_.size() - 1)]);
  }
  bool may_contain(uint64_t hash) const {
    if (filter_.empty()) return true;
    const uint64_t bits = (uint64_t{1} << (hash >> 58)) | (uint64_t{1} << ((hash >> 52) & 63));
    return (filter_[(hash >> 20) & (filter_.size() - 1)] & bits) == bits;
  }

 private:
  struct Slot {
    uint64_t hash = 0;              // 0: empty (a real hash of 0 is stored as 1)
    uint32_t begin = 0, count = 0;  // begin: the value itself when count == 1
  };
  static constexpr size_t kFilterBitsPerKey = 8;
  void build_filter(size_t distinct);
  std::vector<std::pair<uint64_t, uint32_t>> pending_;  // until freeze()
  // Read at random, a miss a probe: on huge pages (huge_page_allocator.h).
  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // power of two, at most half full
  std::vector<uint32_t, HugePageAllocator<uint32_t>> values_;
  std::vector<uint64_t> filter_;  // may_contain: a power of two of words, two bits a key
};

}  // namespace bw::watchlist
