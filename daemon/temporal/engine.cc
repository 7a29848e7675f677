#include "temporal/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_set>

#include "temporal/alerts.h"
#include "temporal/keys.h"

namespace bw::temporal {

using rules::StatefulKind;
using rules::StatefulRule;

namespace {

bool is_aggregate(StatefulKind k) {
  return k == StatefulKind::kCount || k == StatefulKind::kDistinct || k == StatefulKind::kSum;
}

Item item_of(const event::Event& ev) {
  Item i;
  i.time_ms = ev.time.utc_ms;
  i.offset_minutes = ev.time.offset_minutes;
  i.event_id = ev.id;
  i.checkpoint = ev.checkpoint;
  i.exit = ev.direction == event::Direction::kExit;
  return i;
}

double aggregate_of(StatefulKind kind, std::vector<Item>::const_iterator b,
                    std::vector<Item>::const_iterator e) {
  if (kind == StatefulKind::kCount) return static_cast<double>(e - b);
  if (kind == StatefulKind::kSum) {
    double sum = 0;
    for (auto it = b; it != e; ++it) sum += std::strtod(it->value.c_str(), nullptr);
    return sum;
  }
  std::unordered_set<std::string_view> distinct;
  for (auto it = b; it != e; ++it) distinct.insert(it->value);
  return static_cast<double>(distinct.size());
}

}  // namespace

// One hash lookup per op (and one more per kept delete): this runs over every batch's ops,
// several per crossing, and a lookup per pass over them cost twice as much.
void coalesce(StateOps& ops) {
  struct Seen {
    size_t last = SIZE_MAX;  // the key's last put or delete so far
    bool born = false;       // its first op here is a creation mark
  };
  absl::flat_hash_map<std::string_view, Seen> seen;
  seen.reserve(ops.size());
  std::vector<bool> dropped(ops.size(), false);
  size_t drops = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    std::string_view k = ops[i].first;
    if (!k.empty() && k[0] == kCreatedMark) {
      k.remove_prefix(1);
      seen.try_emplace(k, Seen{SIZE_MAX, true});  // born only when nothing came before
      dropped[i] = true;
      ++drops;
      continue;
    }
    auto [it, fresh] = seen.try_emplace(k, Seen{i, false});
    if (fresh) continue;
    if (it->second.last != SIZE_MAX) {
      dropped[it->second.last] = true;
      ++drops;
    }
    it->second.last = i;
  }
  if (drops == 0) return;
  StateOps kept;
  kept.reserve(ops.size() - drops);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (dropped[i]) continue;
    if (!ops[i].second && seen.find(std::string_view(ops[i].first))->second.born) {
      continue;  // created and deleted here
    }
    kept.push_back(std::move(ops[i]));
  }
  ops = std::move(kept);
}

Engine::Engine(const config::Config& config, int64_t allowed_lateness_ms)
    : config_(config), lateness_ms_(allowed_lateness_ms), preparer_(config) {
  double lo = 0;
  double hi = 0;
  for (size_t i = 0; i < config.checkpoints.size(); ++i) {
    const double km = config.checkpoints[i].km;
    lo = i == 0 ? km : std::min(lo, km);
    hi = i == 0 ? km : std::max(hi, km);
  }
  travel_horizon_ms_per_kmh_ = static_cast<int64_t>(std::ceil((hi - lo) * 3'600'000.0));
}

int64_t Engine::watermark_ms() const {
  return max_event_ms_ == INT64_MIN ? INT64_MIN : max_event_ms_ - lateness_ms_;
}

// An awaited event of absent_after only answers triggers at or before it, and a trigger older
// than the watermark is late, so it is useless once the watermark passes it: every entry of
// every traveller need not be kept for the whole window.
// A counted sequence pairs an A with a B up to `within` later, then counts the A's in windows
// of `within`: an A is needed until 2 x `within` past it.
int64_t Engine::retention_of(const StatefulRule& r) const {
  if (r.kind == StatefulKind::kSequence && r.aggregated) return 2 * r.window_ms;
  return r.kind == StatefulKind::kAbsentAfter ? 0 : window_of(r);
}

int64_t Engine::window_of(const StatefulRule& r) const {
  if (r.kind != StatefulKind::kImpossibleTravel) return r.window_ms;
  return travel_horizon_ms_per_kmh_ / std::max<int64_t>(1, std::llround(r.max_speed_kmh)) + 1;
}

void Engine::put(StateOps& ops, std::string key, std::string value) {
  ops.emplace_back(std::move(key), std::move(value));
}

void Engine::del(StateOps& ops, std::string key) {
  ops.emplace_back(std::move(key), std::nullopt);
}

void Engine::index_rules(const std::shared_ptr<const rules::RuleSet>& rules) {
  if (rules == indexed_) return;
  indexed_ = rules;
  by_identity_.clear();
  if (!rules) return;
  for (const auto& r : rules->stateful_rules()) by_identity_[r.identity] = &r;
}

Engine::Outcome Engine::on_event(const event::Event& ev,
                                 const std::shared_ptr<const rules::RuleSet>& rules,
                                 const watchlist::WatchlistSet* watchlists, EpochMs now,
                                 StateOps& ops, std::vector<alert::Alert>& alerts) {
  if (!rules || rules->stateful_rules().empty()) return Outcome::kNoStatefulRules;
  hits_.clear();
  preparer_.prepare(ev, *rules, watchlists, now, hits_);
  return on_prepared(ev, rules, watchlists, now, hits_, ops, alerts);
}

Engine::Outcome Engine::on_prepared(const event::Event& ev,
                                    const std::shared_ptr<const rules::RuleSet>& rules,
                                    const watchlist::WatchlistSet* watchlists, EpochMs now,
                                    std::span<PreparedHit> hits, StateOps& ops,
                                    std::vector<alert::Alert>& alerts) {
  if (!rules || rules->stateful_rules().empty()) return Outcome::kNoStatefulRules;
  index_rules(rules);
  const int64_t t = ev.time.utc_ms;
  if (max_event_ms_ != INT64_MIN && t < watermark_ms()) {
    ++late_events_;
    return Outcome::kLate;
  }
  if (t > max_event_ms_) {
    max_event_ms_ = t;
    put(ops, std::string(kWatermarkKey), be64(static_cast<uint64_t>(t)));
  }
  const auto& stateful = rules->stateful_rules();
  // Every rule's history first: apply() of a rule reads only its own.
  for (const StatefulRule& r : stateful) note_history(r.identity, t, ops);
  for (PreparedHit& hit : hits) apply(stateful[hit.rule], ev, hit, watchlists, now, alerts);
  flush(ops);
  return Outcome::kApplied;
}

void Engine::note_history(uint64_t identity, int64_t t, StateOps& ops) {
  auto [it, fresh] = since_.try_emplace(identity, t);
  if (!fresh && t >= it->second) return;
  it->second = t;
  put(ops, since_key(identity), be64(static_cast<uint64_t>(t)));
}

bool Engine::history_covers(const StatefulRule& r, int64_t window_start) const {
  auto it = since_.find(r.identity);
  return it != since_.end() && it->second <= window_start;
}

void Engine::apply(const StatefulRule& r, const event::Event& ev, PreparedHit& hit,
                   const watchlist::WatchlistSet* watchlists, EpochMs now,
                   std::vector<alert::Alert>& alerts) {
  const std::string& key = hit.key;
  Item item = item_of(ev);
  const KeyedRef ref = make_keyed_group(r.identity, key);
  Group& g = *ref.group;
  std::optional<Fire> fired;
  if (is_aggregate(r.kind)) {
    item.value = std::move(hit.trigger_value);
    fired = aggregate(r, g, std::move(item));
  } else if (r.kind == StatefulKind::kImpossibleTravel) {
    fired = travel(r, g, std::move(item));
  } else if (r.kind == StatefulKind::kSequence) {
    fired = sequence(r, g, std::move(item), hit);
  } else {
    absence(r, key, g, std::move(item), hit);
  }
  if (fired) {
    // Evaluated again here, not prepared: only an event that fires needs its output and
    // probes.
    const rules::EvalContext ctx{ev, config_.find_checkpoint(ev.checkpoint), watchlists,
                                 config_.timezone_offset_minutes, now};
    scratch_.reset();
    rules::EvalState st = rules::make_state(ctx, scratch_);
    alerts.push_back(event_alert(r, ev, st, key, fired->context, now));
  }
  persist_in(*ref.key_state, r, key, g);
}

// Windows are inclusive: an event exactly `within` after another shares its window. Every
// window that holds the new event ends at an event in [t, t + within], so a late-arriving
// event can complete a window that ends after it. A key fires once, then stays quiet until a
// window that ends more than `within` from the last one that fired.
std::optional<Engine::Fire> Engine::aggregate(const StatefulRule& r, Group& g, Item item) {
  const int64_t t = item.time_ms;
  g.insert(std::move(item));
  return fire_window(r.kind, r.threshold, r.window_ms, g.items, t, g.last_fired_ms);
}

std::optional<Engine::Fire> Engine::fire_window(StatefulKind kind, double threshold, int64_t w,
                                                const std::vector<Item>& items, int64_t t,
                                                int64_t& last_fired_ms) {
  for (auto end = std::lower_bound(items.begin(), items.end(), t,
                                   [](const Item&i, int64_t v) { return i.time_ms < v; });
       end != items.end() && end->time_ms <= t + w; ++end) {
    const int64_t end_ms = end->time_ms;
    if (last_fired_ms != INT64_MIN && std::llabs(end_ms - last_fired_ms) <= w) continue;
    auto first = std::lower_bound(items.begin(), items.end(), end_ms - w,
                                  [](const Item& i, int64_t v) { return i.time_ms < v; });
    auto last = std::upper_bound(items.begin(), items.end(), end_ms,
                                 [](int64_t v, const Item& i) { return v < i.time_ms; });
    if (aggregate_of(kind, first, last) < threshold) continue;
    last_fired_ms = end_ms;
    return Fire{std::vector<Item>(first, last)};
  }
  return std::nullopt;
}

std::optional<Engine::Fire> Engine::travel(const StatefulRule& r, Group& g, Item item) {
  const config::Checkpoint* here = config_.find_checkpoint(item.checkpoint);
  std::optional<Fire> fired;
  for (const Item& seen : g.items) {
    const config::Checkpoint* there = config_.find_checkpoint(seen.checkpoint);
    if (here == nullptr || there == nullptr || seen.checkpoint == item.checkpoint) continue;
    const double needed_ms = std::fabs(here->km - there->km) * 3'600'000.0 / r.max_speed_kmh;
    if (static_cast<double>(std::llabs(item.time_ms - seen.time_ms)) >= needed_ms) continue;
    fired = Fire{{seen, item}};
    break;
  }
  if (fired)
    std::sort(fired->context.begin(), fired->context.end(),
              [](const Item& a, const Item& b) { return a.time_ms < b.time_ms; });
  g.insert(std::move(item));
  return fired;
}

void Engine::persist(const StatefulRule& r, std::string_view key, Group& g) {
  // `g` lives in the key's entry, so the entry exists.
  persist_in(*find_key(key), r, key, g);
}

void Engine::schedule_expiry(const StatefulRule& r, std::string_view key, Group& g) {
  if (g.expiry_due_ms != 0) return;
  // After every item could be pruned and every pending deadline has fired, and always after
  // the watermark, so an expiry never reschedules itself into the same pass.
  int64_t due = g.newest_ms() + retention_of(r) + 1;
  for (const Item& i : g.items) {
    if (i.pending) due = std::max(due, i.due_ms + 1);
  }
  if (max_event_ms_ != INT64_MIN) due = std::max(due, watermark_ms() + 1);
  g.expiry_due_ms = due;
  expiries_.push(ExpiryTimer{g.expiry_due_ms, r.identity, std::string(key)});
}

}  // namespace bw::temporal
