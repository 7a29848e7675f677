// RocksDB Store, the records kept for operators: rule-set versions, watchlists (written in
// generations, so an import is durable whole or not at all) and the audit log. See store.h.
#include <chrono>
#include <thread>

#include "store/rocks_store.h"

namespace bw::store {

namespace {

constexpr char kActiveRuleSet[] = "active";

// Watchlist keys: "e" name '\0' entry-key and "m" name. The NUL keeps "ab" and "abc" apart.
std::string entry_prefix(const std::string& name) {
  return "e" + name + '\0';
}
std::string meta_key(const std::string& name) {
  return "m" + name;
}
// A list imported since generations exist: "g" name = its generation (big-endian), entries at
// "f" name '\0' generation entry-key. Lists without a "g" key are still read from "e" keys.
std::string generation_key(const std::string& name) {
  return "g" + name;
}
std::string generation_prefix(const std::string& name, uint64_t generation) {
  return "f" + name + '\0' + be64(generation);
}
// One unsynced write of a list's entries: small enough that the ingest committer's synced
// writes, queued behind it, wait milliseconds rather than the whole import.
constexpr size_t kWatchlistChunkBytes = size_t{1} << 20;

}  // namespace

Result<uint64_t> RocksStore::add_rule_set(const std::string& json) {
  if (auto s = check_space(json.size()); !s) return s.error();
  std::lock_guard lock(rules_mu_);
  auto history = rule_set_history();
  if (!history) return history.error();
  const uint64_t version = history->empty() ? 1 : history->back().version + 1;
  rocksdb::WriteBatch wb;
  wb.Put(handles_[kRules], "v" + be64(version), json);
  wb.Put(handles_[kRules], kActiveRuleSet, be64(version));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Write(wo, &wb);
  if (!s.ok()) return io_error("store rule set", s);
  return version;
}

Status RocksStore::set_active_rule_set(uint64_t version) {
  auto existing = rule_set(version);
  if (!existing) return existing.error();
  if (!existing->has_value()) return Error{"no rule set version " + std::to_string(version)};
  if (auto s = check_space(64); !s) return s;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Put(wo, handles_[kRules], kActiveRuleSet, be64(version));
  if (!s.ok()) return io_error("activate rule set", s);
  return ok_status();
}

Result<std::optional<RuleSetRecord>> RocksStore::active_rule_set() {
  auto active = get(kRules, kActiveRuleSet);
  if (!active) return active.error();
  if (!active->has_value()) return std::optional<RuleSetRecord>();
  return rule_set(from_be64(**active));
}

Result<std::optional<RuleSetRecord>> RocksStore::rule_set(uint64_t version) {
  auto got = get(kRules, "v" + be64(version));
  if (!got) return got.error();
  if (!got->has_value()) return std::optional<RuleSetRecord>();
  return std::optional<RuleSetRecord>(RuleSetRecord{version, std::move(**got)});
}

Result<std::vector<RuleSetRecord>> RocksStore::rule_set_history() {
  std::vector<RuleSetRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kRules]));
  for (it->Seek("v"); it->Valid() && it->key().starts_with("v"); it->Next()) {
    out.push_back({from_be64(it->key().ToStringView().substr(1)), it->value().ToString()});
  }
  if (!it->status().ok()) return io_error("read rule sets", it->status());
  return out;
}

Status RocksStore::replace_watchlist(const WatchlistRecord& record) {
  size_t bytes = record.meta_json.size();
  for (const auto& [key, json] : record.entries) bytes += key.size() + json.size();
  if (auto s = check_space(bytes); !s) return s;
  auto current = get(kWatchlists, generation_key(record.name));
  if (!current) return current.error();
  const uint64_t generation = *current ? from_be64(**current) + 1 : 1;
  const std::string prefix = generation_prefix(record.name, generation);
  std::string names_end = "f" + record.name + '\x01';  // just past every generation of it
  rocksdb::WriteBatch wb;
  wb.DeleteRange(handles_[kWatchlists], prefix, names_end);
  for (const auto& [key, json] : record.entries) {
    wb.Put(handles_[kWatchlists], prefix + key, json);
    if (wb.GetDataSize() < kWatchlistChunkBytes) continue;
    if (auto s = write_chunk(wb); !s) return s;
  }
  if (auto s = write_chunk(wb); !s) return s;
  std::string legacy_end = entry_prefix(record.name);
  legacy_end.back() = '\x01';
  wb.DeleteRange(handles_[kWatchlists], entry_prefix(record.name), legacy_end);
  wb.DeleteRange(handles_[kWatchlists], generation_prefix(record.name, 0), prefix);
  wb.Put(handles_[kWatchlists], generation_key(record.name), be64(generation));
  wb.Put(handles_[kWatchlists], meta_key(record.name), record.meta_json);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Write(wo, &wb);
  if (!s.ok()) return io_error("store watchlist", s);
  return ok_status();
}

Result<std::vector<WatchlistRecord>> RocksStore::load_watchlists() {
  std::vector<WatchlistRecord> out;
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kWatchlists]));
  for (it->Seek("m"); it->Valid() && it->key().starts_with("m"); it->Next()) {
    WatchlistRecord rec;
    rec.name = it->key().ToString().substr(1);
    rec.meta_json = it->value().ToString();
    out.push_back(std::move(rec));
  }
  for (auto& rec : out) {
    auto generation = get(kWatchlists, generation_key(rec.name));
    if (!generation) return generation.error();
    const std::string prefix =
        *generation ? generation_prefix(rec.name, from_be64(**generation)) : entry_prefix(rec.name);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      rec.entries.emplace_back(it->key().ToString().substr(prefix.size()), it->value().ToString());
    }
  }
  if (!it->status().ok()) return io_error("read watchlists", it->status());
  return out;
}

Result<uint64_t> RocksStore::append_audit(const std::string& json) {
  if (auto s = check_space(json.size()); !s) return s.error();
  std::lock_guard lock(audit_mu_);
  uint64_t seq = 1;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kAudit]));
  it->SeekToLast();
  if (it->Valid()) seq = from_be64(it->key().ToStringView()) + 1;
  if (!it->status().ok()) return io_error("read audit", it->status());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Put(wo, handles_[kAudit], be64(seq), json);
  if (!s.ok()) return io_error("store audit record", s);
  return seq;
}

Result<std::vector<StoredAlert>> RocksStore::audit_since(uint64_t from, size_t limit) {
  std::vector<StoredAlert> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kAudit]));
  for (it->Seek(be64(from)); it->Valid() && out.size() < limit; it->Next()) {
    out.push_back({from_be64(it->key().ToStringView()), it->value().ToString()});
  }
  if (!it->status().ok()) return io_error("read audit", it->status());
  return out;
}

Status RocksStore::write_chunk(rocksdb::WriteBatch& wb) {
  for (int waited_ms = 0; waited_ms < 10'000; ++waited_ms) {
    uint64_t immutable = 0;
    db_->GetIntProperty(handles_[kWatchlists], "rocksdb.num-immutable-mem-table", &immutable);
    if (immutable == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto s = db_->Write(rocksdb::WriteOptions(), &wb);
  wb.Clear();
  if (!s.ok()) return io_error("store watchlist", s);
  return ok_status();
}

}  // namespace bw::store
