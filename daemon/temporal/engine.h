// The state engine for stateful rules (rules/stateful.h): windows, absences and impossible
// travel over event time, with every change written through to the store's rule_state
// column family in the same synced batch as the event that caused it.
//
// Event time: the watermark is the latest event time seen minus the allowed lateness. An
// event older than the watermark is late: the caller still stores it, but it changes no
// state (counted by late_events()). Absence deadlines fire when the watermark passes them,
// or when the wall clock minus the allowed lateness does (advance()), so they fire even when
// no further event arrives. Expired state is removed by an expiry deadline per key.
//
// Memory mirrors the store: on_event()/advance() change memory and append the same changes
// to `ops`, which the caller must commit with the event (or timer alerts). When that commit
// fails the caller calls load() again, so memory never runs ahead of disk. The groups of all
// rules keyed on one key text are one store record (keys.h), written once per call that
// changed any of them. One exception keeps writes down: pruning expired items writes nothing
// unless it empties the key's record (the record is rewritten, pruned, when its key is next
// touched, and deleted when all its groups are gone). The stale items left on disk
// can no longer be in any window, so a restart loads them, prunes them at its first advance()
// and behaves the same.
//
// The part of an event's evaluation that needs no state (which rules look at it, its keys and
// values: prepare.h) can be done beforehand on another thread and handed to on_prepared().
//
// Threads: one thread owns an Engine (the daemon's committer thread, through
// ingest/stateful_stage.h); nothing here is thread-safe.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alert/alert.h"
#include "config/config.h"
#include "event/event.h"
#include "rules/eval.h"
#include "rules/stateful.h"
#include "store/store.h"
#include "temporal/expiry_queue.h"
#include "temporal/group.h"
#include "temporal/prepare.h"

namespace bw::temporal {

using StateOps = std::vector<std::pair<std::string, std::optional<std::string>>>;

inline constexpr int64_t kDefaultAllowedLatenessMs = 3'600'000;  // 1 h

// Keeps only the last write of each key (a batch rewrites the watermark and busy keys many
// times), and drops every op of a group created and deleted within the ops (most windows are
// shorter than a batch's span of event time): same end state, fewer store writes. The ops of
// on_event()/advance() must pass through it before they reach the store, in the order they
// were emitted, with earlier ops committed first: it also removes the engine's creation marks
// (keys.h kCreatedMark). Any thread; the ops are not shared.
void coalesce(StateOps& ops);

class Engine {
 public:
  // `config` (checkpoint positions, time zone) must outlive the engine.
  Engine(const config::Config& config, int64_t allowed_lateness_ms);

  // Replaces memory with the store's rule_state: at start-up and after a failed commit.
  // State stored by earlier releases (a value per rule and key) is rewritten as records in
  // the same pass, in batches that each move whole keys, so a crash midway loses nothing.
  // Fails on a store read or write error.
  Status load(store::Store& store);

  enum class Outcome { kNoStatefulRules, kApplied, kLate };
  // A new (never stored) event. Appends state writes to `ops` and fired alerts to `alerts`.
  // The same as prepare() then on_prepared().
  Outcome on_event(const event::Event& ev, const std::shared_ptr<const rules::RuleSet>& rules,
                   const watchlist::WatchlistSet* watchlists, EpochMs now, StateOps& ops,
                   std::vector<alert::Alert>& alerts);
  // on_event() for an event whose `hits` a Preparer made from the same `ev`, `rules`,
  // `watchlists` and `now`; their strings are moved from. `ev` is still read for the items it
  // leaves in state, and evaluated again only to render the alerts it fires.
  Outcome on_prepared(const event::Event& ev, const std::shared_ptr<const rules::RuleSet>& rules,
                      const watchlist::WatchlistSet* watchlists, EpochMs now,
                      std::span<PreparedHit> hits, StateOps& ops,
                      std::vector<alert::Alert>& alerts);
  // A hint: starts loading the state `hits` will reach, so that on_prepared() of an event a
  // few ahead of it finds it in cache. Changes nothing.
  void prefetch(std::span<const PreparedHit> hits) const;

  // Fires absence deadlines at or before max(watermark, now - lateness) and removes expired
  // state. Does nothing while `rules` is null or has no stateful rule.
  void advance(const std::shared_ptr<const rules::RuleSet>& rules, EpochMs now, StateOps& ops,
               std::vector<alert::Alert>& alerts);

  int64_t watermark_ms() const;  // INT64_MIN before the first event
  int64_t allowed_lateness_ms() const { return lateness_ms_; }
  uint64_t late_events() const { return late_events_; }
  size_t group_count() const { return group_count_; }
  size_t pending_deadlines() const { return deadlines_.size(); }

 private:
  struct Fire {
    std::vector<Item> context;  // the events that made the rule fire
  };
  void index_rules(const std::shared_ptr<const rules::RuleSet>& rules);
  void index_timers(uint64_t identity, std::string_view key, const Group& g);
  void apply(const rules::StatefulRule& r, const event::Event& ev, PreparedHit& hit,
             const watchlist::WatchlistSet* watchlists, EpochMs now,
             std::vector<alert::Alert>& alerts);
  std::optional<Fire> aggregate(const rules::StatefulRule& r, Group& g, Item item);
  void absence(const rules::StatefulRule& r, std::string_view key, Group& g, Item item,
               PreparedHit& hit);
  std::optional<Fire> travel(const rules::StatefulRule& r, Group& g, Item item);
  std::optional<Fire> sequence(const rules::StatefulRule& r, Group& g, Item item, PreparedHit& hit);
  std::optional<Fire> count_sequences(const rules::StatefulRule& r, Group& g, int64_t t);
  // The first window of `w` that holds the new event at `t` and reaches the threshold, among
  // `items` (sorted); updates `last_fired_ms` (see aggregate()).
  static std::optional<Fire> fire_window(rules::StatefulKind kind, double threshold, int64_t w,
                                         const std::vector<Item>& items, int64_t t,
                                         int64_t& last_fired_ms);
  // Schedules the expiry of `g` (rule `r`, key text `key`) and marks its record for writing
  // by flush(), or removes `g` when it holds nothing; `g` is invalid afterwards. `key` must
  // not view the map's own key.
  void persist(const rules::StatefulRule& r, std::string_view key, Group& g);
  void schedule_expiry(const rules::StatefulRule& r, std::string_view key, Group& g);
  void touch(std::string_view key);  // the key's record must be written by flush()
  // Appends a put of each touched key's record (a delete when it has no group left).
  void flush(StateOps& ops);
  Status migrate(store::Store& store, const std::vector<std::string>& keys);
  // The group of rule `identity` for key text `key`: null when there is none.
  Group* find_group(uint64_t identity, std::string_view key);
  Group& make_group(uint64_t identity, std::string_view key);  // finds or creates
  void erase_group(uint64_t identity, std::string_view key);   // see group_map.cc
  void fire_deadline(const std::string& timer, EpochMs now, std::vector<alert::Alert>& alerts);
  void expire(const ExpiryTimer& timer);
  int64_t window_of(const rules::StatefulRule& r) const;
  int64_t retention_of(const rules::StatefulRule& r) const;  // how long past the watermark
  void note_history(uint64_t identity, int64_t t, StateOps& ops);
  bool history_covers(const rules::StatefulRule& r, int64_t window_start) const;
  void put(StateOps& ops, std::string key, std::string value);
  void del(StateOps& ops, std::string key);

  const config::Config& config_;
  int64_t lateness_ms_;
  int64_t travel_horizon_ms_per_kmh_ = 0;  // longest distance between checkpoints, in ms at 1 km/h
  int64_t max_event_ms_ = INT64_MIN;
  uint64_t late_events_ = 0;
  // Per rule identity, the earliest event time it has seen: absent_before cannot claim "no
  // exit in 180 days" about days it never watched.
  absl::flat_hash_map<uint64_t, int64_t> since_;
  // The groups of one key text, one per rule whose `by` gave that text (few: rules keyed on
  // the same document number share it), stored as one record.
  struct KeyState {
    std::vector<KeyedGroup> groups;
    bool written = false;  // a put of its record has been emitted (or it was loaded)
    bool touched = false;  // in touched_
  };
  // By key text, not by store key: the rules keyed on the same expression (five of the
  // shipped seven on the document number) find their groups in one map slot, which an event
  // reaches with one cache miss instead of one per rule, and a new key costs one string and
  // slot instead of one per rule. Open addressing (a node-based map's bucket and node chasing
  // was the engine's largest cost in bwbench temporal). References into it are invalidated by
  // any insertion, so a Group& must not be held across one.
  KeyState* find_key(std::string_view key);  // null when the key has no entry
  // apply()'s path: the key's entry is found (or made) once for the event's group, its
  // removal and its touch, instead of once for each (the map's slots are cache misses).
  // Valid until the next insertion into groups_, like a Group&.
  struct KeyedRef {
    KeyState* key_state;
    Group* group;
  };
  KeyedRef make_keyed_group(uint64_t identity, std::string_view key);
  // persist() for a group of `ks`, the entry of key text `key`.
  void persist_in(KeyState& ks, const rules::StatefulRule& r, std::string_view key, Group& g);
  void erase_in(KeyState& ks, uint64_t identity);     // erase_group() on a found entry
  void touch_in(KeyState& ks, std::string_view key);  // touch() on a found entry
  // A KeyState with no group left is erased by flush(), which deletes its record.
  absl::flat_hash_map<std::string, KeyState> groups_;
  std::vector<std::string> touched_;  // key texts whose record flush() must write
  size_t group_count_ = 0;            // groups in groups_ (rule and key pairs)
  std::set<std::string> deadlines_;   // absence timers, by store key (due first)
  // Expiry timers. A timer is never removed early: one whose group is gone or has been
  // rescheduled (Group::expiry_due_ms differs) is skipped when it comes due. A tree of timer
  // keys, kept exact by erasing, cost more than the stale entries in bwbench temporal.
  ExpiryQueue expiries_;
  std::shared_ptr<const rules::RuleSet> indexed_;  // held so its address is not reused
  absl::flat_hash_map<uint64_t, const rules::StatefulRule*> by_identity_;
  rules::Scratch scratch_;  // rendering fired alerts
  Preparer preparer_;       // on_event()'s
  std::vector<PreparedHit> hits_;
};

}  // namespace bw::temporal
