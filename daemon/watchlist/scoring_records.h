// ScoringRecords: what scoring a candidate reads of a listed person, packed in one place.
//
// Scored through the list's own tables, a candidate costs a chain of dependent cache misses
// scattered over a gigabyte: the entry (three lines of strings and vectors), its names, their
// token ids, then every token's text and weight. A query scores dozens of candidates, so that
// chain was a third of its time. A record holds the same values (whether the sex is known and
// its letter; for every name in order, its listed namesakes and its tokens' folded text and
// rarity weight, in order) in a few dozen contiguous bytes: one or two cache lines, reached
// through one offset, both prefetched for all candidates before scoring starts.
//
// Build: for every entry in index order begin_entry(), then for each of its names begin_name()
// and add_token() for each token; then finish(). Afterwards immutable and thread-safe to read.
// finish() throws std::length_error when the records exceed 4 GiB (offsets are 32-bit: about
// 70 million entries); nothing else fails.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "util/huge_page_allocator.h"
#include "watchlist/name_score.h"

namespace bw::watchlist {

class ScoringRecords {
 public:
  // `sex`: the entry's sex as listed ("" when unknown).
  // Optional, before the first begin_entry(): room for exactly this much, so the build does
  // not hold twice the records while a growing buffer is copied.
  void reserve(size_t entries, size_t names, size_t tokens, size_t text);
  void begin_entry(std::string_view sex);
  void begin_name(uint32_t namesakes);
  void add_token(std::string_view folded, float weight);
  void finish();

  size_t size() const { return starts_.empty() ? 0 : starts_.size() - 1; }
  size_t bytes() const { return data_.size() + starts_.size() * sizeof(uint64_t); }

  // Where entry e's record starts. Callers that keep it (Brief::record) read the record by it
  // (the *_at functions) without reading the offsets, a cache miss of their own.
  uint32_t offset(uint32_t e) const { return static_cast<uint32_t>(starts_[e]); }
  // The record at `offset`, as far as the lines of a record of one name reach (a longer one
  // misses on the rest).
  void prefetch_at(uint32_t offset) const {
    __builtin_prefetch(data_.data() + offset);
    __builtin_prefetch(data_.data() + std::min<size_t>(offset + 63, data_.size() - 1));
  }

  // Whether the entry's sex is listed, and its first letter.
  bool sex_known(uint32_t e) const { return sex_known_at(offset(e)); }
  char sex(uint32_t e) const { return sex_at(offset(e)); }
  bool sex_known_at(uint32_t offset) const { return data_[offset] != 0; }
  char sex_at(uint32_t offset) const { return data_[offset + 1]; }

  // Calls fn(name index within the entry, listed namesakes, total weight, tokens) for each of
  // entry e's names in order. `tokens` (the caller's scratch) holds the name's tokens, their
  // text pointing into the records; the total weight sums them in order, as a double.
  template <typename Fn>
  void for_each_name(uint32_t e, std::vector<WeightedToken>& tokens, Fn&& fn) const {
    for_each_name_at(offset(e), tokens, fn);
  }
  // The same for the record at `offset`.
  template <typename Fn>
  void for_each_name_at(uint32_t offset, std::vector<WeightedToken>& tokens, Fn&& fn) const {
    const char* p = data_.data() + offset + 2;
    const uint32_t names = read_u32(p);
    for (uint32_t n = 0; n < names; ++n) {
      const uint32_t namesakes = read_u32(p);
      const uint32_t count = read_u32(p);
      tokens.clear();
      double weight = 0;
      for (uint32_t t = 0; t < count; ++t) {
        float w;
        std::memcpy(&w, p, sizeof w);
        p += sizeof w;
        const uint32_t len = read_u32(p);
        tokens.push_back({std::string_view(p, len), w});
        p += len;
        weight += w;
      }
      fn(n, namesakes, weight, tokens);
    }
  }

 private:
  static uint32_t read_u32(const char*& p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  }
  void append_u32(uint32_t v);

  // Entry e: [sex known (0/1)] [sex letter] [u32 names], then per name [u32 namesakes]
  // [u32 tokens] and per token [f32 weight] [u32 length] [folded text]; unaligned, read with
  // memcpy.
  // Read at random, a miss a candidate: on huge pages (huge_page_allocator.h), so the miss is
  // not a page walk too.
  std::vector<char, HugePageAllocator<char>> data_;
  std::vector<uint64_t, HugePageAllocator<uint64_t>>
      starts_;            // entry e: [starts_[e], starts_[e + 1])
  size_t names_at_ = 0;   // while building: where the current entry counts its names
  size_t tokens_at_ = 0;  // and the current name its tokens
};

}  // namespace bw::watchlist
