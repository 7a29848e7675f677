// rule_state keys (see engine.h):
//   k <key>                                    a record: the Groups of every rule keyed on the
//                                              key text <key> (they hold their deadlines too)
//   g <identity:8> <key>                       one rule's Group, as earlier releases stored it:
//                                              read, and migrated to records, by Engine::load
//   m                                          latest event time seen
//   s <identity:8>                             earliest event time a rule has seen (its history)
// and the engine's in-memory index of absence deadlines, rebuilt from the groups at load;
// big-endian times sort it by due time:
//   a <due:8> <identity:8> <key> \0 <event>    absence deadline of one trigger event
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bw::temporal {

inline constexpr std::string_view kWatermarkKey = "m";
// Not a stored key: an op "+<group key>" tells coalesce() that the group did not exist before
// this op, so its state ops cancel out when it ends deleted (see engine.h).
inline constexpr char kCreatedMark = '+';

std::string be64(uint64_t v);
void append_be64(std::string& out, uint64_t v);
uint64_t from_be64(std::string_view s);

std::string record_key(std::string_view key);
std::string group_key(uint64_t identity, std::string_view key);
std::string since_key(uint64_t identity);
std::string deadline_key(int64_t due, uint64_t identity, std::string_view key,
                         std::string_view event_key);

struct TimerKey {
  int64_t due = 0;
  uint64_t identity = 0;
  std::string key;
  std::string event_key;
  std::string group() const { return group_key(identity, key); }
};
std::optional<TimerKey> parse_timer(std::string_view k);

}  // namespace bw::temporal
