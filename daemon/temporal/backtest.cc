#include "temporal/backtest.h"

#include <algorithm>

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
  std::vector<event::Event> events;
  auto s = store.scan_events([&](std::string_view, std::string_view raw) {
    auto ev = decoder.decode(raw);
    if (!ev) {
      ++result.events_unreadable;
    } else if (ev->time.utc_ms >= from_ms && ev->time.utc_ms < to_ms) {
      events.push_back(std::move(*ev));
    }
    return true;
  });
  if (!s) return s.error();
  std::stable_sort(events.begin(), events.end(), [](const event::Event& a, const event::Event& b) {
    return a.time.utc_ms < b.time.utc_ms;
  });
  const int64_t lateness = static_cast<int64_t>(config.stateful.allowed_lateness_minutes) * 60'000;
  Engine engine(config, lateness);
  const auto set = borrowed(rules);
  StateOps ops;  // discarded: the state is private to this replay
  for (const auto& ev : events) {
    engine.on_event(ev, set, nullptr, ev.time.utc_ms, ops, result.alerts);
    engine.advance(set, INT64_MIN / 2, ops, result.alerts);
    ops.clear();
  }
  engine.advance(set, to_ms + lateness, ops, result.alerts);
  result.events_replayed = events.size();
  for (const auto& a : result.alerts) ++result.fired[a.hits.front().rule];
  return result;
}

}  // namespace bw::temporal
