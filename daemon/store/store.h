// Durable state of the daemon in one embedded RocksDB database (the only component that
// includes RocksDB headers). Column families:
//   events      checkpoint/event_id -> event JSON exactly as received
//   alerts      big-endian sequence -> alert JSON (gap-free sequence from 1)
//   rules       rule-set versions and the active version
//   watchlists  entries and per-list metadata
//   meta        counters (next alert sequence, events accepted)
//   alert_state officers' work on each alert: state and history, by sequence
//   rule_state  stateful (temporal) rule state and timers, owned by daemon/temporal
//   audit       who changed what (audit/audit.h), by sequence
//
// Durability: commit() writes one atomic batch with a synced WAL, so when it returns OK the
// events and alerts survive a crash or power loss; ingest acknowledges only after that.
// Thread safety: all methods may be called concurrently (RocksDB is thread-safe); the caller
// serialises commit() calls, because alert sequence numbers must be assigned in commit order.
// Failure: I/O errors (disk full, read-only file system) come back as Errors, never throws.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bw::store {

struct StoredAlert {
  uint64_t seq = 0;
  std::string json;
};

// One group commit: everything in it becomes durable together or not at all.
struct CommitBatch {
  // key -> raw JSON; views into the caller's batch, which outlives commit()
  std::vector<std::pair<std::string_view, std::string_view>> events;
  std::vector<StoredAlert> alerts;  // consecutive seqs continuing next_alert_seq()
  // rule_state writes in order: a value puts the key, nullopt deletes it.
  std::vector<std::pair<std::string, std::optional<std::string>>> state_ops;
  // meta key -> value written in the same atomic batch (noise-control fold records)
  std::vector<std::pair<std::string, std::string>> meta;
};

struct RuleSetRecord {
  uint64_t version = 0;
  std::string json;  // files, author, time, hash: see control/rules_commands.cc
};

struct WatchlistRecord {
  std::string name;
  std::string meta_json;                                     // kind, count, who, when
  std::vector<std::pair<std::string, std::string>> entries;  // normalised key -> entry JSON
};

struct OpenOptions {
  // Every write first checks that the file system of `dir` keeps at least this much free
  // space after it, and fails with "store: disk full" otherwise. Why: RocksDB 7.8 aborts the
  // process on the write after a failed WAL write (facebook/rocksdb#12448), so a full disk
  // must be refused here, before RocksDB sees ENOSPC. 0 = no check.
  uint64_t min_free_bytes = 0;
};

class Store {
 public:
  // Opens or creates the database under `dir`. Fails if another process holds it.
  static Result<std::unique_ptr<Store>> open(const std::string& dir,
                                             const OpenOptions& options = {});
  // Opens an existing database read-only, beside a daemon that has it open (no lock is
  // taken; what it sees is the state at open). Writing methods fail. For offline tools such
  // as `bwctl rules backtest`.
  static Result<std::unique_ptr<Store>> open_read_only(const std::string& dir);
  virtual ~Store() = default;

  // --- events and alerts ---
  virtual Result<bool> has_event(std::string_view key) = 0;
  virtual Result<std::optional<std::string>> get_event(std::string_view key) = 0;
  // Precondition: batch.alerts seqs are next_alert_seq(), next_alert_seq()+1, ...
  virtual Status commit(const CommitBatch& batch) = 0;
  virtual uint64_t next_alert_seq() const = 0;
  virtual uint64_t events_stored() const = 0;
  // Alerts with seq >= from, ascending, at most `limit`.
  virtual Result<std::vector<StoredAlert>> alerts_since(uint64_t from, size_t limit) = 0;
  // Alerts with seq < before, descending (newest first), at most `limit`.
  virtual Result<std::vector<StoredAlert>> alerts_before(uint64_t before, size_t limit) = 0;
  virtual Result<std::optional<StoredAlert>> alert(uint64_t seq) = 0;
  // The officers' record of an alert (JSON), synced; nullopt while nobody has touched it.
  virtual Status put_alert_state(uint64_t seq, const std::string& json) = 0;
  virtual Result<std::optional<std::string>> alert_state(uint64_t seq) = 0;

  // Calls `fn(key, raw)` for every stored event in key order; stops when fn returns false.
  virtual Status scan_events(const std::function<bool(std::string_view, std::string_view)>& fn) = 0;

  // --- rule sets (versioned) ---
  // Stores `json` as the next version and makes it active, atomically. Returns the version.
  virtual Result<uint64_t> add_rule_set(const std::string& json) = 0;
  virtual Status set_active_rule_set(uint64_t version) = 0;
  virtual Result<std::optional<RuleSetRecord>> active_rule_set() = 0;
  virtual Result<std::optional<RuleSetRecord>> rule_set(uint64_t version) = 0;
  virtual Result<std::vector<RuleSetRecord>> rule_set_history() = 0;

  // --- watchlists ---
  // Replaces the whole list `record.name` atomically: readers and a crash see the old list or
  // the new one. A large list is written in chunks, so concurrent commit()s wait for one
  // chunk at most, not for the whole list.
  virtual Status replace_watchlist(const WatchlistRecord& record) = 0;
  virtual Result<std::vector<WatchlistRecord>> load_watchlists() = 0;

  // --- stateful rule state (written only through commit()) ---
  // Calls `fn(key, value)` for every rule_state entry in key order; stops when fn returns false.
  virtual Status scan_rule_state(
      const std::function<bool(std::string_view, std::string_view)>& fn) = 0;
  // --- small named records in the meta family (sink cursors, silences, fold records) ---
  // Keys are caller-chosen "prefix/name" strings; the store's own counters never contain '/'.
  // `sync` = false is for records whose loss at power failure only causes a redelivery.
  virtual Status put_meta(std::string_view key, std::string_view value, bool sync) = 0;
  virtual Result<std::optional<std::string>> get_meta(std::string_view key) = 0;
  // Every meta record whose key starts with `prefix`, in key order.
  virtual Result<std::vector<std::pair<std::string, std::string>>> scan_meta(
      std::string_view prefix) = 0;
  // --- audit log (column family "audit"): who changed rules, watchlists, alert states ---
  // Appends `json` under the next audit sequence number (from 1), synced. Returns the number.
  virtual Result<uint64_t> append_audit(const std::string& json) = 0;
  // Records with seq >= from, ascending, at most `limit`.
  virtual Result<std::vector<StoredAlert>> audit_since(uint64_t from, size_t limit) = 0;

  // Approximate bytes on disk (SST + WAL), for status and benchmarks.
  virtual uint64_t disk_bytes() = 0;
};

}  // namespace bw::store
