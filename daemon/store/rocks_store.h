// The RocksDB Store (store.h), private to daemon/store: the column families, the key encoding
// shared by its two source files, and the class. rocksdb_store.cc holds opening, events,
// alerts, rule state and meta; rocksdb_records.cc the rule-set versions, watchlists and audit.
// Contract, thread safety and failures: as store.h.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace bw::store {

enum Family {
  kDefault,
  kEvents,
  kAlerts,
  kRules,
  kWatchlists,
  kMeta,
  kAlertState,
  kRuleState,
  kAudit,
  kFamilyCount
};

// Big-endian, so that keys sort in number order.
std::string be64(uint64_t v);
uint64_t from_be64(std::string_view s);
// "store: <what>: <RocksDB's message>".
Error io_error(const char* what, const rocksdb::Status& s);

class RocksStore final : public Store {
 public:
  ~RocksStore() override;
  // Opens (creating if missing, unless read_only) the database in `dir` with every family.
  Status init(const std::string& dir, const OpenOptions& options, bool read_only = false);

  // Events and alerts (rocksdb_store.cc).
  Result<bool> has_event(std::string_view key) override;
  Result<std::optional<std::string>> get_event(std::string_view key) override;
  Status commit(const CommitBatch& batch) override;
  uint64_t next_alert_seq() const override { return next_alert_seq_.load(); }
  uint64_t events_stored() const override { return events_stored_.load(); }
  Result<std::vector<StoredAlert>> alerts_since(uint64_t from, size_t limit) override;
  Result<std::vector<StoredAlert>> alerts_before(uint64_t before, size_t limit) override;
  Result<std::optional<StoredAlert>> alert(uint64_t seq) override;
  Status put_alert_state(uint64_t seq, const std::string& json) override;
  Result<std::optional<std::string>> alert_state(uint64_t seq) override;
  using ScanFn = std::function<bool(std::string_view, std::string_view)>;
  Status scan_events(const ScanFn& fn) override;

  // Records kept for operators: rule-set versions, watchlists, audit (rocksdb_records.cc).
  Result<uint64_t> add_rule_set(const std::string& json) override;
  Status set_active_rule_set(uint64_t version) override;
  Result<std::optional<RuleSetRecord>> active_rule_set() override;
  Result<std::optional<RuleSetRecord>> rule_set(uint64_t version) override;
  Result<std::vector<RuleSetRecord>> rule_set_history() override;
  // The entries go in chunks under a new generation that nothing reads yet; then one small
  // synced batch makes it the list's generation and drops the old one (and any left by an
  // import that crashed half-way). Syncing that batch syncs the WAL the chunks went to, so
  // the list is durable whole, or the previous list stays.
  Status replace_watchlist(const WatchlistRecord& record) override;
  Result<std::vector<WatchlistRecord>> load_watchlists() override;
  Result<uint64_t> append_audit(const std::string& json) override;
  Result<std::vector<StoredAlert>> audit_since(uint64_t from, size_t limit) override;

  // Rule state, meta records and sizes (rocksdb_store.cc).
  uint64_t disk_bytes() override;
  Status scan_rule_state(const ScanFn& fn) override;
  Status put_meta(std::string_view key, std::string_view value, bool sync) override;
  Result<std::optional<std::string>> get_meta(std::string_view key) override;
  Result<std::vector<std::pair<std::string, std::string>>> scan_meta(
      std::string_view prefix) override;

 private:
  // Writes `wb` unsynced and clears it. Waits first while the watchlists family has a
  // memtable waiting for its flush: piling more on would make RocksDB stall every write,
  // the ingest committer's included.
  Status write_chunk(rocksdb::WriteBatch& wb);
  static rocksdb::Slice to_slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
  Result<std::optional<std::string>> get(Family family, std::string_view key);
  // Calls `fn` on each record of `family` in key order until it returns false; a read error
  // is reported as `what` failed.
  Status scan_family(Family family, const char* what, const ScanFn& fn);
  // Refuses a write of `bytes` that would leave less than min_free_bytes_ free (see
  // OpenOptions). One statvfs per write: microseconds against a synced write's milliseconds.
  Status check_space(size_t bytes) const;
  Status load_counters();

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::atomic<uint64_t> next_alert_seq_{1};
  std::atomic<uint64_t> events_stored_{0};
  std::mutex rules_mu_;
  std::mutex audit_mu_;  // sequence numbers are assigned in append order
  std::string dir_;
  uint64_t min_free_bytes_ = 0;
  static constexpr size_t kKeptCommitBatchBytes = 16u << 20;
  std::mutex commit_wb_mu_;
  rocksdb::WriteBatch commit_wb_;  // commit()'s buffer, reused while under commit_wb_mu_
};

}  // namespace bw::store
