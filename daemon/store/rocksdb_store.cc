// RocksDB implementation of Store: opening, events, alerts, rule state and meta. See store.h
// for the contract and rocks_store.h for the layout.
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <filesystem>
#include <optional>

#include "store/rocks_store.h"

namespace bw::store {

namespace {

const char* const kFamilyNames[kFamilyCount] = {"default",     "events",     "alerts",
                                                "rules",       "watchlists", "meta",
                                                "alert_state", "rule_state", "audit"};

constexpr char kNextAlertSeq[] = "next_alert_seq";
constexpr char kEventsStored[] = "events_stored";

// An event's key is "<checkpoint>/<event id>", and a checkpoint's ids mostly grow (a device
// counter, or the simulator's sequence): as an insert hint, the checkpoint part lets the
// memtable put each event next to the previous one from the same checkpoint instead of
// searching its skip list from the top (a search per event was about a tenth of the committer
// thread's time in bwbench ingest). A hint only changes where an insert starts looking, never
// what is stored: a key that does not follow its checkpoint's last one is found as usual.
class CheckpointPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "borderwatch.CheckpointPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const std::string_view k(key.data(), key.size());
    return rocksdb::Slice(key.data(), k.find('/') + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::string_view(key.data(), key.size()).find('/') != std::string_view::npos;
  }
};

}  // namespace

std::string be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}

uint64_t from_be64(std::string_view s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

Error io_error(const char* what, const rocksdb::Status& s) {
  return Error{std::string("store: ") + what + ": " + s.ToString()};
}

RocksStore::~RocksStore() {
  if (!db_) return;
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

Status RocksStore::init(const std::string& dir, const OpenOptions& options, bool read_only) {
  dir_ = dir;
  min_free_bytes_ = options.min_free_bytes;
  std::error_code ec;
  if (read_only && !std::filesystem::is_directory(dir, ec)) {
    return Error{"store: no database at " + dir};
  }
  if (!read_only) std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"store: cannot create " + dir + ": " + ec.message()};

  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = true;
  db_opts.create_missing_column_families = true;
  db_opts.keep_log_file_num = 5;
  db_opts.max_background_jobs = 2;
  // The rule_state family's vector memtable (below) cannot take concurrent inserts.
  db_opts.allow_concurrent_memtable_write = false;

  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));  // fast "not seen" for dedup
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_opts.compression = rocksdb::kLZ4Compression;

  // Every event is first looked up to detect resends, and almost none is there: a memtable
  // bloom filter answers "absent" without walking the memtable's skip list.
  rocksdb::ColumnFamilyOptions event_opts = cf_opts;
  event_opts.memtable_prefix_bloom_size_ratio = 0.05;
  event_opts.memtable_whole_key_filtering = true;
  event_opts.memtable_insert_with_hint_prefix_extractor = std::make_shared<CheckpointPrefix>();

  // Rule state is written several times per event and read back only by scan_rule_state()
  // at start-up (the engine keeps its own copy in memory). A skip list paid a sorted insert
  // per write, the largest single cost of stateful rules in bwbench temporal; a vector
  // memtable appends and sorts once when it is flushed or scanned. Point lookups on it would
  // sort the whole memtable, so this family must never be read with get().
  rocksdb::ColumnFamilyOptions state_opts = cf_opts;
  state_opts.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int f = 0; f < kFamilyCount; ++f) {
    families.emplace_back(kFamilyNames[f], f == kEvents      ? event_opts
                                           : f == kRuleState ? state_opts
                                                             : cf_opts);
  }
  rocksdb::DB* raw = nullptr;
  auto s = read_only ? rocksdb::DB::OpenForReadOnly(db_opts, dir, families, &handles_, &raw)
                     : rocksdb::DB::Open(db_opts, dir, families, &handles_, &raw);
  if (!s.ok()) return io_error("open", s);
  db_.reset(raw);
  return load_counters();
}

Result<bool> RocksStore::has_event(std::string_view key) {
  std::string value;
  if (!db_->KeyMayExist(rocksdb::ReadOptions(), handles_[kEvents], to_slice(key), &value)) {
    return false;
  }
  auto got = get(kEvents, key);
  if (!got) return got.error();
  return got->has_value();
}

Result<std::optional<std::string>> RocksStore::get_event(std::string_view key) {
  return get(kEvents, key);
}

Status RocksStore::commit(const CommitBatch& batch) {
  size_t bytes = 64;
  for (const auto& [key, raw] : batch.events) bytes += key.size() + raw.size() + 16;
  for (const auto& alert : batch.alerts) bytes += alert.json.size() + 24;
  if (auto s = check_space(bytes); !s) return s;
  // One buffer kept across commits: a fresh one of a few hundred KB page-faulted on every
  // batch (4 % of the committer thread's time in bwbench ingest). Callers serialise commit();
  // should a second one come anyway, it builds its own batch rather than wait.
  std::unique_lock reuse(commit_wb_mu_, std::try_to_lock);
  std::optional<rocksdb::WriteBatch> own;
  if (!reuse.owns_lock()) own.emplace(bytes);  // one allocation instead of repeated growth
  rocksdb::WriteBatch& wb = reuse.owns_lock() ? commit_wb_ : *own;
  wb.Clear();  // what an earlier commit left, including one that returned early
  for (const auto& [key, raw] : batch.events) {
    wb.Put(handles_[kEvents], to_slice(key), to_slice(raw));
  }
  uint64_t next = next_alert_seq_.load();
  for (const auto& alert : batch.alerts) {
    if (alert.seq != next) return Error{"store: alert sequence out of order"};
    wb.Put(handles_[kAlerts], be64(alert.seq), alert.json);
    ++next;
  }
  for (const auto& [key, value] : batch.state_ops) {
    if (value) {
      wb.Put(handles_[kRuleState], key, *value);
    } else {
      wb.Delete(handles_[kRuleState], key);
    }
  }
  const uint64_t events = events_stored_.load() + batch.events.size();
  wb.Put(handles_[kMeta], kNextAlertSeq, be64(next));
  wb.Put(handles_[kMeta], kEventsStored, be64(events));
  for (const auto& [key, value] : batch.meta) wb.Put(handles_[kMeta], key, value);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Write(wo, &wb);
  // A rare huge batch must not pin its buffer for the life of the process.
  if (reuse.owns_lock() && wb.GetDataSize() > kKeptCommitBatchBytes) {
    commit_wb_ = rocksdb::WriteBatch();
  }
  if (!s.ok()) return io_error("commit", s);
  next_alert_seq_.store(next);
  events_stored_.store(events);
  return ok_status();
}

Result<std::vector<StoredAlert>> RocksStore::alerts_since(uint64_t from, size_t limit) {
  std::vector<StoredAlert> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kAlerts]));
  for (it->Seek(be64(from)); it->Valid() && out.size() < limit; it->Next()) {
    out.push_back({from_be64(it->key().ToStringView()), it->value().ToString()});
  }
  if (!it->status().ok()) return io_error("read alerts", it->status());
  return out;
}

Result<std::vector<StoredAlert>> RocksStore::alerts_before(uint64_t before, size_t limit) {
  std::vector<StoredAlert> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kAlerts]));
  for (it->SeekForPrev(be64(before == 0 ? 0 : before - 1)); it->Valid() && out.size() < limit;
       it->Prev()) {
    out.push_back({from_be64(it->key().ToStringView()), it->value().ToString()});
  }
  if (!it->status().ok()) return io_error("read alerts", it->status());
  return out;
}

Result<std::optional<StoredAlert>> RocksStore::alert(uint64_t seq) {
  auto got = get(kAlerts, be64(seq));
  if (!got) return got.error();
  if (!got->has_value()) return std::optional<StoredAlert>();
  return std::optional<StoredAlert>(StoredAlert{seq, std::move(**got)});
}

Status RocksStore::put_alert_state(uint64_t seq, const std::string& json) {
  if (auto s = check_space(json.size()); !s) return s;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db_->Put(wo, handles_[kAlertState], be64(seq), json);
  if (!s.ok()) return io_error("store alert state", s);
  return ok_status();
}

Result<std::optional<std::string>> RocksStore::alert_state(uint64_t seq) {
  return get(kAlertState, be64(seq));
}

Status RocksStore::scan_family(Family family, const char* what, const ScanFn& fn) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[family]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  if (!it->status().ok()) return io_error(what, it->status());
  return ok_status();
}

Status RocksStore::scan_events(const ScanFn& fn) {
  return scan_family(kEvents, "scan events", fn);
}

uint64_t RocksStore::disk_bytes() {
  uint64_t total = 0;
  for (auto* h : handles_) {
    uint64_t v = 0;
    if (db_->GetIntProperty(h, rocksdb::DB::Properties::kTotalSstFilesSize, &v)) total += v;
  }
  return total;
}

Status RocksStore::scan_rule_state(const ScanFn& fn) {
  return scan_family(kRuleState, "read rule state", fn);
}

Status RocksStore::put_meta(std::string_view key, std::string_view value, bool sync) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  auto s = db_->Put(wo, handles_[kMeta], to_slice(key), to_slice(value));
  if (!s.ok()) return io_error("meta write", s);
  return ok_status();
}

Result<std::optional<std::string>> RocksStore::get_meta(std::string_view key) {
  return get(kMeta, key);
}

Result<std::vector<std::pair<std::string, std::string>>> RocksStore::scan_meta(
    std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMeta]));
  for (it->Seek(to_slice(prefix)); it->Valid() && it->key().starts_with(to_slice(prefix));
       it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return io_error("meta scan", it->status());
  return out;
}

Result<std::optional<std::string>> RocksStore::get(Family family, std::string_view key) {
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), handles_[family], to_slice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return io_error("read", s);
  return std::optional<std::string>(std::move(value));
}

Status RocksStore::check_space(size_t bytes) const {
  if (min_free_bytes_ == 0) return ok_status();
  std::error_code ec;
  const auto info = std::filesystem::space(dir_, ec);
  if (ec) return Error{"store: cannot check free space in " + dir_ + ": " + ec.message()};
  if (info.available >= min_free_bytes_ + bytes) return ok_status();
  return Error{"store: disk full: " + std::to_string(info.available >> 20) + " MiB free in " +
               dir_ + ", keeping at least " + std::to_string(min_free_bytes_ >> 20) +
               " MiB (ingest.min_free_disk_mb)"};
}

Status RocksStore::load_counters() {
  auto next = get(kMeta, kNextAlertSeq);
  if (!next) return next.error();
  next_alert_seq_ = next->has_value() ? from_be64(**next) : 1;
  auto events = get(kMeta, kEventsStored);
  if (!events) return events.error();
  events_stored_ = events->has_value() ? from_be64(**events) : 0;
  return ok_status();
}

Result<std::unique_ptr<Store>> Store::open_read_only(const std::string& dir) {
  auto store = std::make_unique<RocksStore>();
  if (auto s = store->init(dir, OpenOptions{}, /*read_only=*/true); !s) return s.error();
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> Store::open(const std::string& dir, const OpenOptions& options) {
  auto store = std::make_unique<RocksStore>();
  if (auto s = store->init(dir, options); !s) return s.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bw::store
