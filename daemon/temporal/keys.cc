#include "temporal/keys.h"

namespace bw::temporal {

std::string be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i) {
    s[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}

uint64_t from_be64(std::string_view s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

// Event times are after 1970, but a sign flip keeps any int64 in order anyway.
static uint64_t ordered(int64_t t) {
  return static_cast<uint64_t>(t) ^ (1ULL << 63);
}

std::string group_key(uint64_t identity, std::string_view key) {
  std::string k = "g" + be64(identity);
  k += key;
  return k;
}

std::string deadline_key(int64_t due, uint64_t identity, std::string_view key,
                         std::string_view event_key) {
  std::string k = "a" + be64(ordered(due)) + be64(identity);
  k += key;
  k += '\0';
  k += event_key;
  return k;
}

std::string since_key(uint64_t identity) {
  return "s" + be64(identity);
}

std::string expiry_key(int64_t due, uint64_t identity, std::string_view key) {
  std::string k = "x" + be64(ordered(due)) + be64(identity);
  k += key;
  return k;
}

std::optional<TimerKey> parse_timer(std::string_view k) {
  if (k.size() < 17 || (k[0] != 'a' && k[0] != 'x')) return std::nullopt;
  TimerKey t;
  t.due = static_cast<int64_t>(from_be64(k.substr(1, 8)) ^ (1ULL << 63));
  t.identity = from_be64(k.substr(9, 8));
  std::string_view rest = k.substr(17);
  if (k[0] == 'x') {
    t.key = rest;
    return t;
  }
  const auto nul = rest.rfind('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  t.key = rest.substr(0, nul);
  t.event_key = rest.substr(nul + 1);
  return t;
}

}  // namespace bw::temporal
