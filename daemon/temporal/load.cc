// Engine::load: the engine's memory rebuilt from the store's rule_state (see engine.h), and
// the migration of state stored by earlier releases, one value per rule and key, to records.
#include <absl/container/flat_hash_set.h>
#include <spdlog/spdlog.h>

#include "temporal/engine.h"
#include "temporal/keys.h"

namespace bw::temporal {

namespace {

// Keys moved per store batch: bounds the batch's memory on a large state.
constexpr size_t kMigrationChunk = 4096;

}  // namespace

Status Engine::load(store::Store& store) {
  groups_.clear();
  touched_.clear();
  group_count_ = 0;
  deadlines_.clear();
  expiries_.clear();
  since_.clear();
  max_event_ms_ = INT64_MIN;
  size_t corrupt = 0;
  absl::flat_hash_set<std::string> legacy;  // key texts with a value per rule
  auto keep = [&](uint64_t identity, std::string_view key, Group g) {
    index_timers(identity, key, g);
    make_group(identity, key) = std::move(g);
    find_key(key)->written = true;
  };
  auto s = store.scan_rule_state([&](std::string_view k, std::string_view v) {
    if (k == kWatermarkKey) {
      max_event_ms_ = static_cast<int64_t>(from_be64(v));
    } else if (k[0] == 's' && k.size() == 9 && v.size() == 8) {
      since_[from_be64(k.substr(1))] = static_cast<int64_t>(from_be64(v));
    } else if (k[0] == 'k' && k.size() >= 2) {
      auto record = decode_record(v);
      if (!record) {
        ++corrupt;
        return true;
      }
      for (KeyedGroup& kg : *record) keep(kg.identity, k.substr(1), std::move(kg.group));
    } else if (k[0] == 'g' && k.size() >= 9) {
      auto g = decode(v);
      if (!g) {
        ++corrupt;
        return true;
      }
      keep(from_be64(k.substr(1, 8)), k.substr(9), std::move(*g));
      legacy.emplace(k.substr(9));
    }
    return true;
  });
  if (!s) return s;
  if (corrupt > 0) spdlog::warn("rule state: {} unreadable groups ignored", corrupt);
  if (legacy.empty()) return ok_status();
  return migrate(store, std::vector<std::string>(legacy.begin(), legacy.end()));
}

// Each batch puts the records of whole keys and deletes their per-rule values, so every key is
// stored one way or the other whatever batch a crash stops at. ('g' keys sort before 'k': a
// record would win even if both were found.)
Status Engine::migrate(store::Store& store, const std::vector<std::string>& keys) {
  for (size_t from = 0; from < keys.size(); from += kMigrationChunk) {
    store::CommitBatch batch;
    const size_t to = std::min(keys.size(), from + kMigrationChunk);
    for (size_t i = from; i < to; ++i) {
      const KeyState& ks = groups_.find(keys[i])->second;
      for (const KeyedGroup& kg : ks.groups) del(batch.state_ops, group_key(kg.identity, keys[i]));
      put(batch.state_ops, record_key(keys[i]), encode_record(ks.groups));
    }
    if (auto s = store.commit(batch); !s) return s;
  }
  spdlog::info("rule state: {} keys moved to one record per key", keys.size());
  return ok_status();
}

// Deadlines and expiries are indexes of what the groups hold (Item::due_ms,
// Group::expiry_due_ms), kept in memory only: rebuilding them here saves a store write and a
// delete per timer, and they cannot disagree with the groups they index.
void Engine::index_timers(uint64_t identity, std::string_view key, const Group& g) {
  if (g.expiry_due_ms != 0)
    expiries_.push(ExpiryTimer{g.expiry_due_ms, identity, std::string(key)});
  for (const Item& i : g.items) {
    if (i.pending) {
      deadlines_.insert(deadline_key(i.due_ms, identity, key, i.checkpoint + '/' + i.event_id));
    }
  }
}

}  // namespace bw::temporal
