// Absence rules and the deadlines that drive them (see engine.h).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "temporal/alerts.h"
#include "temporal/engine.h"
#include "temporal/keys.h"

namespace bw::temporal {

using rules::StatefulKind;
using rules::StatefulRule;

namespace {

// [lo, hi]: when an awaited event answers a trigger at `t`.
std::pair<int64_t, int64_t> answer_range(const StatefulRule& r, int64_t t) {
  if (r.kind == StatefulKind::kAbsentAfter) return {t, t + r.window_ms};
  return {t - r.window_ms, t};
}

std::string event_key(const Item& i) {
  return i.checkpoint + '/' + i.event_id;
}

}  // namespace

// absent_after: the deadline is the end of the window. absent_before: the window is already
// over when the trigger happens, but an awaited event from before may still arrive late, so
// the deadline is the trigger's own time (it fires once the watermark has passed it).
void Engine::absence(const StatefulRule& r, std::string_view key, Group& g, Item item,
                     PreparedHit& hit) {
  if (hit.awaited) {
    auto& items = g.items;
    for (auto it = items.begin(); it != items.end();) {
      const auto [lo, hi] = answer_range(r, it->time_ms);
      if (!it->pending || item.time_ms < lo || item.time_ms > hi) {
        ++it;
        continue;
      }
      const int64_t due = r.kind == StatefulKind::kAbsentAfter ? hi : it->time_ms;
      deadlines_.erase(deadline_key(due, r.identity, key, event_key(*it)));
      it = items.erase(it);
    }
    Item a = item;
    a.awaited = true;
    g.insert(std::move(a));
  }
  if (!hit.trigger) return;
  const auto [lo, hi] = answer_range(r, item.time_ms);
  // Before the rule has watched a whole window, "nothing before" only means "not recorded":
  // firing would flag every returning traveller of a new installation.
  if (r.kind == StatefulKind::kAbsentBefore && !history_covers(r, lo)) return;
  for (const Item& i : g.items) {
    if (i.awaited && i.time_ms >= lo && i.time_ms <= hi) return;  // already answered
  }
  const int64_t due = r.kind == StatefulKind::kAbsentAfter ? hi : item.time_ms;
  item.pending = true;
  item.value = std::move(hit.trigger_value);  // the rendered output
  item.due_ms = due;
  deadlines_.insert(deadline_key(due, r.identity, key, event_key(item)));
  g.insert(std::move(item));
}

void Engine::advance(const std::shared_ptr<const rules::RuleSet>& rules, EpochMs now, StateOps& ops,
                     std::vector<alert::Alert>& alerts) {
  // Without a rule set every rule would look removed and its state would be dropped.
  if (!rules || rules->stateful_rules().empty()) return;
  index_rules(rules);
  const int64_t wm = watermark_ms();
  const int64_t by_clock = now - lateness_ms_;
  const int64_t deadline_bound = std::max(wm, by_clock);
  while (!deadlines_.empty()) {
    const std::string d = *deadlines_.begin();
    auto t = parse_timer(d);
    if (t && t->due > deadline_bound) break;
    fire_deadline(d, now, alerts);
  }
  // Expiry follows the event-time watermark only: a clock ahead of the events must not drop
  // state that an on-time event may still need.
  // Expiring only reschedules past the watermark (persist()), so taking the due timers at once
  // misses none.
  for (const ExpiryTimer& x : expiries_.take_due(wm)) expire(x);
  flush(ops);
}

void Engine::fire_deadline(const std::string& d, EpochMs now, std::vector<alert::Alert>& alerts) {
  deadlines_.erase(d);
  auto t = parse_timer(d);
  if (!t) return;
  Group* g = find_group(t->identity, t->key);
  if (g == nullptr) return;
  auto& items = g->items;
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const Item& i) { return i.pending && event_key(i) == t->event_key; });
  if (it == items.end()) return;
  Item trigger = std::move(*it);
  items.erase(it);
  auto rule = by_identity_.find(t->identity);
  if (rule != by_identity_.end()) {
    alerts.push_back(deadline_alert(*rule->second, t->key, trigger, now));
    persist(*rule->second, t->key, *g);
  } else {
    // The rule was changed or removed: its state goes, nothing fires.
    if (items.empty()) erase_group(t->identity, t->key);
    touch(t->key);
  }
}

// Pruning is written only when it empties the key's record (engine.h).
void Engine::expire(const ExpiryTimer& x) {
  Group* g = find_group(x.identity, x.key);
  if (g == nullptr || g->expiry_due_ms != x.due) return;  // stale (engine.h)
  Group& group = *g;
  group.expiry_due_ms = 0;
  auto rule = by_identity_.find(x.identity);
  if (rule == by_identity_.end()) {
    // A rule no longer loaded: drop its state (its pending deadlines find no group).
    erase_group(x.identity, x.key);
    touch(x.key);
    return;
  }
  const int64_t horizon = watermark_ms() - retention_of(*rule->second);
  auto& items = group.items;
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const Item& i) { return !i.pending && i.time_ms < horizon; }),
              items.end());
  if (!items.empty()) {
    schedule_expiry(*rule->second, x.key, group);
    return;
  }
  erase_group(x.identity, x.key);
  if (find_key(x.key)->groups.empty()) touch(x.key);
}

}  // namespace bw::temporal
