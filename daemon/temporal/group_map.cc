// The engine's groups by key text, one per rule keyed on it (engine.h groups_).
#include <absl/strings/string_view.h>

#include "temporal/engine.h"

namespace bw::temporal {

// Debian's Abseil has its own string_view type, which alone gets the lookup without a copy.
static absl::string_view as_absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

Group* Engine::find_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it == groups_.end()) return nullptr;
  for (KeyedGroup& kg : it->second) {
    if (kg.identity == identity) return &kg.group;
  }
  return nullptr;
}

Group& Engine::make_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it == groups_.end()) {
    it = groups_.emplace(std::string(key), std::vector<KeyedGroup>()).first;
  }
  for (KeyedGroup& kg : it->second) {
    if (kg.identity == identity) return kg.group;
  }
  ++group_count_;
  return it->second.emplace_back(KeyedGroup{identity, Group{}}).group;
}

void Engine::erase_group(uint64_t identity, std::string_view key) {
  auto it = groups_.find(as_absl(key));
  if (it == groups_.end()) return;
  auto& kgs = it->second;
  for (auto kg = kgs.begin(); kg != kgs.end(); ++kg) {
    if (kg->identity != identity) continue;
    kgs.erase(kg);
    --group_count_;
    if (kgs.empty()) {
      groups_.erase(it);
    } else if (kgs.size() * 2 <= kgs.capacity()) {
      // Short windows (a day, an hour) empty most of a key's groups long before its longest
      // one: without this the live state kept their room for the whole year.
      kgs.shrink_to_fit();
    }
    return;
  }
}

}  // namespace bw::temporal
