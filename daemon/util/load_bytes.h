// Short byte strings as little-endian words, for inline hashing and comparing of the short
// keys and names on the per-event path (FlatStringMap, the rule index).
//
// Reads only the n bytes given, never past them. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bw {

// p[0 .. 8) as a little-endian word.
inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// p[0 .. n) as a little-endian word, bytes past n zero; n <= 8. Without a loop: a byte loop's
// exit branch is mispredicted whenever the length differs from the last one (names, document
// numbers), which made these loads a large part of a lookup in bwbench rules. Two overlapping
// loads give every byte at its own position, so OR-ing them is exact.
inline uint64_t load_le(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (uint64_t{hi} << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

}  // namespace bw
