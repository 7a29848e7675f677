// KeyFilter: a small, conservative "may this key be in the set" test to put in front of a
// large hash table.
//
// Most per-event lookups in a watchlist miss (a few travellers in a hundred thousand are
// listed), yet each probes a random slot of a table too large to stay in cache beside a large
// rule set: in bwbench rules, that cache miss was most of a watchlist lookup at 1,000 rules.
// This filter keeps about 12 bits per key (a 10,000-key list: 16 KiB, one cache line per
// lookup) and rejects about 98 % of absent keys; the table then answers the rest.
//
// A blocked Bloom filter: one hash picks a 64-bit word and two bits in it; a key may be in the
// set only if both are set. Never rejects a key that was added (no false negatives); false
// positives only cost the table lookup the filter would have saved.
//
// Build with add() then use. A default-constructed filter (sized for 0 keys) passes every key,
// so it is safe in front of any table; a filter sized for N keys rejects every key not added.
// Thread safety: const methods may run concurrently; add() needs exclusive access. Not a
// security boundary: keys are not secret.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace bw {

class KeyFilter {
 public:
  // A filter sized for `keys` keys, holding none yet (it then rejects every key).
  explicit KeyFilter(size_t keys = 0) {
    if (keys == 0) return;
    size_t words = 1;
    while (words * 64 < keys * kBitsPerKey) words *= 2;
    words_.assign(words, 0);
  }

  // Sized at construction: adding more keys than that only raises the false positive rate.
  void add(std::string_view key) {
    if (words_.empty()) return;
    const uint64_t h = hash(key);
    words_[word_of(h)] |= bits_of(h);
  }

  // False only when `key` was never added.
  bool may_contain(std::string_view key) const {
    if (words_.empty()) return true;
    const uint64_t h = hash(key);
    const uint64_t bits = bits_of(h);
    return (words_[word_of(h)] & bits) == bits;
  }

  size_t bytes() const { return words_.size() * sizeof(uint64_t); }

 private:
  static constexpr size_t kBitsPerKey = 12;

  // Eight bytes per multiply, then a final mix (keys are short: document numbers, plates).
  static uint64_t hash(std::string_view s) {
    constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
    uint64_t h = (s.size() + 1) * kMul;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * kMul;
    }
    if (i < s.size()) {
      uint64_t w = 0;
      for (size_t b = 0; i + b < s.size(); ++b) {
        w |= uint64_t{static_cast<unsigned char>(s[i + b])} << (8 * b);
      }
      h = (h ^ w) * kMul;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 29);
  }
  // The word from the low bits, the two bit positions from the top twelve.
  size_t word_of(uint64_t h) const { return static_cast<size_t>(h & (words_.size() - 1)); }
  static uint64_t bits_of(uint64_t h) {
    return (uint64_t{1} << (h >> 58)) | (uint64_t{1} << ((h >> 52) & 63));
  }

  std::vector<uint64_t> words_;  // a power of two of them
};

}  // namespace bw
