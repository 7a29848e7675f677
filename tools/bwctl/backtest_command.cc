#include "backtest_command.h"

#include <iostream>

#include "alert/alert.h"
#include "json/writer.h"
#include "rules/stateful.h"
#include "store/store.h"
#include "temporal/backtest.h"

namespace bwctl {

namespace {

void print_table(const bw::temporal::BacktestResult& r, const BacktestOptions& o) {
  std::cout << "backtest: " << r.events_replayed << " events from " << o.from << " to " << o.to;
  if (r.events_unreadable > 0) std::cout << " (" << r.events_unreadable << " unreadable skipped)";
  std::cout << "\n\n  alerts  rule\n";
  for (const auto& [rule, n] : r.fired) {
    std::cout << "  " << std::string(6 - std::min<size_t>(6, std::to_string(n).size()), ' ') << n
              << "  " << rule << "\n";
  }
  if (r.alerts.empty()) return;
  std::cout << "\n";
  for (const auto& a : r.alerts) {
    std::cout << bw::format_rfc3339(a.event_time.utc_ms, a.event_time.offset_minutes) << "  "
              << a.hits.front().rule << "  " << a.hits.front().output << "\n";
    for (const auto& c : a.context) {
      std::cout << "    " << bw::format_rfc3339(c.time.utc_ms, c.time.offset_minutes) << "  "
                << c.checkpoint << "/" << c.event_id << "\n";
    }
  }
}

void print_json(const bw::temporal::BacktestResult& r) {
  bw::json::Value v;
  v.set("ok", true);
  v.set("events", r.events_replayed);
  v.set("unreadable", r.events_unreadable);
  bw::json::Value fired = bw::json::Object{};
  for (const auto& [rule, n] : r.fired) fired.set(rule, n);
  v.set("fired", std::move(fired));
  bw::json::Array alerts;
  for (const auto& a : r.alerts) alerts.push_back(bw::alert::to_json_value(a));
  v.set("alerts", std::move(alerts));
  std::cout << bw::json::to_string(v) << "\n";
}

}  // namespace

int rules_backtest(const Globals& g, const BacktestOptions& o) {
  const auto from = bw::parse_rfc3339(o.from);
  const auto to = bw::parse_rfc3339(o.to);
  if (!from || !to || from->utc_ms >= to->utc_ms) {
    std::cerr << "rules backtest: --from and --to must be RFC 3339 times with an offset "
                 "(2025-06-01T00:00:00+07:00), --from before --to\n";
    return 2;
  }
  auto offline = load_offline(g, o.paths);
  if (!offline) return 2;
  auto compiled = bw::rules::RuleSet::compile(offline->sources, offline->config);
  for (const auto& d : compiled.diagnostics) std::cerr << d.to_string() << "\n";
  if (!compiled.ok()) {
    std::cerr << "rules backtest: the candidate rules do not compile\n";
    return 1;
  }
  const std::string dir = o.state_dir.empty() ? offline->config.state_dir : o.state_dir;
  auto store = bw::store::Store::open_read_only(dir);
  if (!store) {
    std::cerr << "rules backtest: " << store.error().message << "\n";
    return 2;
  }
  auto result = bw::temporal::backtest(**store, *compiled.rule_set, offline->config, from->utc_ms,
                                       to->utc_ms);
  if (!result) {
    std::cerr << "rules backtest: " << result.error().message << "\n";
    return 2;
  }
  if (g.json) {
    print_json(*result);
  } else {
    print_table(*result, o);
  }
  return 0;
}

}  // namespace bwctl
