// Content hash for change detection (rule-set versions, watchlist imports). Not a security
// hash: it tells an operator "these two loads had the same text", nothing more.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bw {

inline uint64_t fnv1a64(std::string_view data, uint64_t h = 0xcbf29ce484222325ull) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

inline std::string hex64(uint64_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i) {
    s[i] = kDigits[v & 0xf];
    v >>= 4;
  }
  return s;
}

}  // namespace bw
