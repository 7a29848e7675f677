#include "temporal/backtest.h"

#include <algorithm>
#include <utility>

#include "event/decode.h"
#include "rules/stateful.h"
#include "temporal/engine.h"

namespace bw::temporal {

namespace {

// A non-owning deleter: the Engine API takes shared_ptr so it can hold live rule sets.
std::shared_ptr<const rules::RuleSet> borrowed(const rules::RuleSet& rules) {
  return std::shared_ptr<const rules::RuleSet>(&rules, [](const rules::RuleSet*) {});
}

}  // namespace

Result<BacktestResult> backtest(store::Store& store, const rules::RuleSet& rules,
                                const config::Config& config, EpochMs from_ms, EpochMs to_ms) {
  BacktestResult result;
  for (const auto& r : rules.stateful_rules()) result.fired[r.info.name] = 0;
  event::EventDecoder decoder(config, 16u << 20);
  // Only each event's time and key stay in memory while the period is sorted (tens of bytes
  // an event, not the decoded event): a month of a busy border fits.
  std::vector<std::pair<int64_t, std::string>> order;
  auto s = store.scan_events([&](std::string_view key, std::string_view raw) {
    auto ev = decoder.decode(raw);
    if (!ev) {
      ++result.events_unreadable;
    } else if (ev->time.utc_ms >= from_ms && ev->time.utc_ms < to_ms) {
      order.emplace_back(ev->time.utc_ms, std::string(key));
    }
    return true;
  });
  if (!s) return s.error();
  // Ties keep key order, as the scan gave them.
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  const int64_t lateness = static_cast<int64_t>(config.stateful.allowed_lateness_minutes) * 60'000;
  Engine engine(config, lateness);
  const auto set = borrowed(rules);
  StateOps ops;  // discarded: the state is private to this replay
  for (const auto& [time_ms, key] : order) {
    auto raw = store.get_event(key);
    if (!raw) return raw.error();
    if (!*raw) continue;  // events are never deleted; a view is fixed at open
    auto ev = decoder.decode(**raw);
    if (!ev) continue;  // it decoded in the scan above
    engine.on_event(*ev, set, nullptr, ev->time.utc_ms, ops, result.alerts);
    engine.advance(set, INT64_MIN / 2, ops, result.alerts);
    ops.clear();
    ++result.events_replayed;
  }
  engine.advance(set, to_ms + lateness, ops, result.alerts);
  for (const auto& a : result.alerts) ++result.fired[a.hits.front().rule];
  return result;
}

}  // namespace bw::temporal
