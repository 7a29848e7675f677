// A Store decorator that fails writes on demand, for testing what the daemon does when the
// disk is full or a write fails: it must stop acknowledging (reply "retry"), keep answering
// reads, and resume once writes succeed again.
//
// Thread safety: as the wrapped Store; the switches are atomics, set from the test thread.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "store/store.h"

namespace bw::test {

class FaultyStore final : public store::Store {
 public:
  explicit FaultyStore(std::unique_ptr<store::Store> inner) : inner_(std::move(inner)) {}

  // While set, commit() fails the way RocksDB reports a full disk, writing nothing.
  std::atomic<bool> fail_commits{false};
  std::atomic<uint64_t> failed_commits{0};

  Result<bool> has_event(std::string_view key) override { return inner_->has_event(key); }
  Result<std::optional<std::string>> get_event(std::string_view key) override {
    return inner_->get_event(key);
  }
  // Each commit first sleeps this long: a slow disk, so the ingest loop meets back-pressure.
  std::atomic<int> commit_delay_ms{0};

  Status commit(const store::CommitBatch& batch) override {
    if (commit_delay_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(commit_delay_ms));
    if (fail_commits) {
      ++failed_commits;
      return Error{"store: commit: IO error: No space left on device (injected)"};
    }
    return inner_->commit(batch);
  }
  uint64_t next_alert_seq() const override { return inner_->next_alert_seq(); }
  uint64_t events_stored() const override { return inner_->events_stored(); }
  Result<std::vector<store::StoredAlert>> alerts_since(uint64_t from, size_t limit) override {
    return inner_->alerts_since(from, limit);
  }
  Result<std::vector<store::StoredAlert>> alerts_before(uint64_t before, size_t limit) override {
    return inner_->alerts_before(before, limit);
  }
  Result<std::optional<store::StoredAlert>> alert(uint64_t seq) override {
    return inner_->alert(seq);
  }
  Status put_alert_state(uint64_t seq, const std::string& json) override {
    return inner_->put_alert_state(seq, json);
  }
  Result<std::optional<std::string>> alert_state(uint64_t seq) override {
    return inner_->alert_state(seq);
  }
  Status scan_events(const std::function<bool(std::string_view, std::string_view)>& fn) override {
    return inner_->scan_events(fn);
  }
  Result<uint64_t> add_rule_set(const std::string& json) override {
    return inner_->add_rule_set(json);
  }
  Status set_active_rule_set(uint64_t version) override {
    return inner_->set_active_rule_set(version);
  }
  Result<std::optional<store::RuleSetRecord>> active_rule_set() override {
    return inner_->active_rule_set();
  }
  Result<std::optional<store::RuleSetRecord>> rule_set(uint64_t version) override {
    return inner_->rule_set(version);
  }
  Result<std::vector<store::RuleSetRecord>> rule_set_history() override {
    return inner_->rule_set_history();
  }
  Status replace_watchlist(const store::WatchlistRecord& record) override {
    return inner_->replace_watchlist(record);
  }
  Result<std::vector<store::WatchlistRecord>> load_watchlists() override {
    return inner_->load_watchlists();
  }
  // While set, reading the rule state back fails: the state engine cannot reload.
  std::atomic<bool> fail_state_scans{false};

  Status scan_rule_state(
      const std::function<bool(std::string_view, std::string_view)>& fn) override {
    if (fail_state_scans) return Error{"store: rule state: IO error (injected)"};
    return inner_->scan_rule_state(fn);
  }
  Status put_meta(std::string_view key, std::string_view value, bool sync) override {
    return inner_->put_meta(key, value, sync);
  }
  Result<std::optional<std::string>> get_meta(std::string_view key) override {
    return inner_->get_meta(key);
  }
  Result<std::vector<std::pair<std::string, std::string>>> scan_meta(
      std::string_view prefix) override {
    return inner_->scan_meta(prefix);
  }
  Result<uint64_t> append_audit(const std::string& json) override {
    return inner_->append_audit(json);
  }
  Result<std::vector<store::StoredAlert>> audit_since(uint64_t from, size_t limit) override {
    return inner_->audit_since(from, limit);
  }
  uint64_t disk_bytes() override { return inner_->disk_bytes(); }

 private:
  std::unique_ptr<store::Store> inner_;
};

}  // namespace bw::test
