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
// Nothing fails; sizes are limited only by memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

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

  // Two levels, as the caller batches them over its candidates: the offset, then the record.
  void prefetch_offset(uint32_t e) const { __builtin_prefetch(&starts_[e]); }
  void prefetch_record(uint32_t e) const {
    const char* p = data_.data() + starts_[e];
    const char* end = data_.data() + starts_[e + 1];
    for (; p < end; p += 64) __builtin_prefetch(p);
    __builtin_prefetch(end - 1);
  }

  // Whether the entry's sex is listed, and its first letter.
  bool sex_known(uint32_t e) const { return data_[starts_[e]] != 0; }
  char sex(uint32_t e) const { return data_[starts_[e] + 1]; }

  // Calls fn(name index within the entry, listed namesakes, total weight, tokens) for each of
  // entry e's names in order. `tokens` (the caller's scratch) holds the name's tokens, their
  // text pointing into the records; the total weight sums them in order, as a double.
  template <typename Fn>
  void for_each_name(uint32_t e, std::vector<WeightedToken>& tokens, Fn&& fn) const {
    const char* p = data_.data() + starts_[e] + 2;
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
  std::vector<char> data_;
  std::vector<uint64_t> starts_;  // entry e: [starts_[e], starts_[e + 1])
  size_t names_at_ = 0;           // while building: where the current entry counts its names
  size_t tokens_at_ = 0;          // and the current name its tokens
};

}  // namespace bw::watchlist
