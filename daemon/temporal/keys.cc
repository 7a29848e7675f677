#include "temporal/keys.h"

namespace bw::temporal {

std::string be64(uint64_t v) {
  std::string s;
  append_be64(s, v);
  return s;
}

void append_be64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
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

std::string record_key(std::string_view key) {
  std::string k;
  k.reserve(1 + key.size());
  k.push_back('k');
  k.append(key);
  return k;
}

std::string group_key(uint64_t identity, std::string_view key) {
  std::string k;
  k.reserve(9 + key.size());
  k.push_back('g');
  append_be64(k, identity);
  k.append(key);
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

std::optional<TimerKey> parse_timer(std::string_view k) {
  if (k.size() < 17 || k[0] != 'a') return std::nullopt;
  TimerKey t;
  t.due = static_cast<int64_t>(from_be64(k.substr(1, 8)) ^ (1ULL << 63));
  t.identity = from_be64(k.substr(9, 8));
  std::string_view rest = k.substr(17);
  const auto nul = rest.rfind('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  t.key = rest.substr(0, nul);
  t.event_key = rest.substr(nul + 1);
  return t;
}

}  // namespace bw::temporal
