// The engine's groups by key text, one per rule keyed on it, and the writes of their records
// (engine.h groups_).
#include <absl/strings/string_view.h>

#include "temporal/engine.h"
#include "temporal/keys.h"

namespace bw::temporal {

// Debian's Abseil has its own string_view type, which alone gets the lookup without a copy.
static absl::string_view as_absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

void Engine::prefetch(std::span<const PreparedHit> hits) const {
  std::string_view last;
  for (const PreparedHit& hit : hits) {
    if (hit.key == last) continue;  // most rules share the document number
    last = hit.key;
    groups_.prefetch(as_absl(last));
  }
}

Engine::KeyState* Engine::find_key(std::string_view key) {
  auto it = groups_.find(as_absl(key));
  return it == groups_.end() ? nullptr : &it->second;
}

Group* Engine::find_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it == groups_.end()) return nullptr;
  for (KeyedGroup& kg : it->second.groups) {
    if (kg.identity == identity) return &kg.group;
  }
  return nullptr;
}

Group& Engine::make_group(uint64_t identity, std::string_view key) {
  return *make_keyed_group(identity, key).group;
}

Engine::KeyedRef Engine::make_keyed_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it == groups_.end()) it = groups_.emplace(std::string(key), KeyState()).first;
  KeyState& ks = it->second;
  for (KeyedGroup& kg : ks.groups) {
    if (kg.identity == identity) return {&ks, &kg.group};
  }
  ++group_count_;
  return {&ks, &ks.groups.emplace_back(KeyedGroup{identity, Group{}}).group};
}

// Leaves the key's entry, even with no group left: flush() needs it to know whether there is
// a stored record to delete. Whoever empties it must touch() it.
void Engine::erase_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it != groups_.end()) erase_in(it->second, identity);
}

void Engine::erase_in(KeyState& ks, uint64_t identity) {
  auto& kgs = ks.groups;
  for (auto kg = kgs.begin(); kg != kgs.end(); ++kg) {
    if (kg->identity != identity) continue;
    kgs.erase(kg);
    --group_count_;
    if (kgs.empty()) {
      kgs = std::vector<KeyedGroup>();
    } else if (kgs.size() * 2 <= kgs.capacity()) {
      // Short windows (a day, an hour) empty most of a key's groups long before its longest
      // one: without this the live state kept their room for the whole year.
      kgs.shrink_to_fit();
    }
    return;
  }
}

void Engine::touch(std::string_view key) {
  if (KeyState* ks = find_key(key)) touch_in(*ks, key);
}

void Engine::touch_in(KeyState& ks, std::string_view key) {
  if (ks.touched) return;
  ks.touched = true;
  touched_.emplace_back(key);
}

void Engine::persist_in(KeyState& ks, const rules::StatefulRule& r, std::string_view key,
                        Group& g) {
  if (g.items.empty()) {
    erase_in(ks, r.identity);
  } else {
    schedule_expiry(r, key, g);
  }
  touch_in(ks, key);
}

void Engine::flush(StateOps& ops) {
  for (const std::string& key : touched_) {
    auto it = groups_.find(as_absl(key));
    if (it == groups_.end()) continue;
    KeyState& ks = it->second;
    ks.touched = false;
    if (ks.groups.empty()) {
      if (ks.written) del(ops, record_key(key));
      groups_.erase(it);
      continue;
    }
    std::string rk = record_key(key);
    if (!ks.written) {
      put(ops, kCreatedMark + rk, std::string());
      ks.written = true;
    }
    put(ops, std::move(rk), encode_record(ks.groups));
  }
  touched_.clear();
}

}  // namespace bw::temporal
