// FlatStringMap: a string-keyed hash map for lookups on the per-event hot path.
//
// std::unordered_map chases a pointer per bucket and another per key; the rule index looks
// up dozens of field values per event, so that chasing was most of its cost. Here the probe
// sequence is one contiguous array of (hash tag, index) pairs, the keys live in one vector
// and are compared only when the hash's position and 32-bit tag match.
//
// Insert-only (no erase), which is all the index needs: it is built once, then read.
// Pointers returned by find()/try_emplace() stay valid until the next insertion.
// Thread safety: const methods may run concurrently; insertion needs exclusive access.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/load_bytes.h"

namespace bw {

template <typename T>
class FlatStringMap {
 public:
  // The value for `key`, or nullptr.
  const T* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const uint64_t h = hash(key);
    const uint32_t tag = tag_of(h);
    for (size_t i = h & mask(); slots_[i].index != kEmpty; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.tag == tag && same(entries_[s.index].first, key)) return &entries_[s.index].second;
    }
    return nullptr;
  }
  T* find(std::string_view key) {
    return const_cast<T*>(static_cast<const FlatStringMap&>(*this).find(key));
  }

  // The value for `key`, default-constructed and inserted if absent; `true` when inserted.
  std::pair<T*, bool> try_emplace(std::string_view key) {
    if (T* existing = find(key)) return {existing, false};
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.emplace_back(std::string(key), T{});
    place(hash(key), static_cast<uint32_t>(entries_.size() - 1));
    return {&entries_.back().second, true};
  }

  // Room for `n` keys without rehashing.
  void reserve(size_t n) {
    entries_.reserve(n);
    if (n * 2 > slots_.size()) {
      size_t want = 16;
      while (want < n * 2) want *= 2;
      slots_.assign(want, Slot{});
      for (uint32_t i = 0; i < entries_.size(); ++i) place(hash(entries_[i].first), i);
    }
  }

  size_t size() const { return entries_.size(); }
  // In insertion order.
  const std::vector<std::pair<std::string, T>>& entries() const { return entries_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  // Eight bytes: the probe array of a 10,000-entry watchlist is 256 KiB rather than 512, which
  // keeps more of it in cache beside a large rule set. The slot's position already encodes
  // the hash's low bits, so the tag keeps the high ones: keys are compared only on a match.
  struct Slot {
    uint32_t tag = 0;
    uint32_t index = kEmpty;
  };
  static uint32_t tag_of(uint64_t h) { return static_cast<uint32_t>(h >> 32); }

  // Eight bytes per multiply, then a final mix. Keys are short (document numbers, codes,
  // categories); a byte-at-a-time hash (FNV-1a) is a chain of one dependent multiply per
  // byte, which made hashing most of a lookup's cost in bwbench rules.
  static uint64_t hash(std::string_view s) {
    constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
    uint64_t h = s.size() * kMul;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) h = (h ^ load(s.data() + i, 8)) * kMul;
    if (i < s.size()) h = (h ^ load(s.data() + i, s.size() - i)) * kMul;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
  }
  // Up to 8 bytes as a little-endian word; bytes past `n` are zero (the length is hashed).
  // Inline and without a loop (util/load_bytes.h): a memcpy of a variable length is a call.
  static uint64_t load(const char* p, size_t n) { return load_le(p, n); }
  // Equal hashes nearly always mean equal keys, and keys are short: comparing them a word at a
  // time inline is cheaper than the memcmp call `==` makes, which showed in bwbench profiles.
  static bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    size_t i = 0;
    for (; i + 8 <= a.size(); i += 8) {
      if (load(a.data() + i, 8) != load(b.data() + i, 8)) return false;
    }
    return i == a.size() || load(a.data() + i, a.size() - i) == load(b.data() + i, a.size() - i);
  }
  size_t mask() const { return slots_.size() - 1; }
  void place(uint64_t h, uint32_t index) {
    size_t i = h & mask();
    while (slots_[i].index != kEmpty) i = (i + 1) & mask();
    slots_[i] = Slot{tag_of(h), index};
  }
  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, Slot{});
    for (uint32_t i = 0; i < entries_.size(); ++i) place(hash(entries_[i].first), i);
  }

  std::vector<Slot> slots_;  // power-of-two size, at most half full
  std::vector<std::pair<std::string, T>> entries_;
};

}  // namespace bw
