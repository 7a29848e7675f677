// bwbench temporal: the shipped rule pack over a month of generated crossings, once with the
// per-event rules only and once with the stateful rules too. The serial passes do on one thread
// what the daemon's two threads do (evaluate, run the state engine, then one synced store batch
// of events, alerts and rule state per 4,096 events): what the engine itself costs. Reports
// events/s of each pass (generation excluded), rule state size, peak memory and the time to
// reopen the store and reload the state; then the daemon passes (temporal_daemon.h) push the
// same crossings through an in-process daemon: what the stateful rules cost a deployment.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <unordered_set>

#include "bench.h"
#include "config/loader.h"
#include "event/decode.h"
#include "json/writer.h"
#include "rules/rule_set.h"
#include "rules/sources.h"
#include "rules/stateful.h"
#include "sim/crossing_generator.h"
#include "store/store.h"
#include "temporal/engine.h"
#include "temporal/keys.h"
#include "temporal_daemon.h"
#include "util/log.h"

namespace bw::bench {

namespace {

struct TemporalOptions {
  size_t events = 1'000'000;
  double days = 30;
  uint64_t seed = 7;
  std::string config_path = "config/borderwatch.yaml";
  std::string rules_dir = "rules";
  std::string work_dir = "/tmp/bwbench-temporal";
  bool skip_daemon = false;
};

using SteadyClock = std::chrono::steady_clock;
constexpr size_t kBatch = 4096;

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

// CPU time of the calling thread: on a shared machine the wall-clock rates move with the
// other jobs' load, this much less (the synced writes' waits are not in it).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Peak resident memory of this process so far (VmHWM), in MiB.
double peak_rss_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

struct Pass {
  double seconds = 0;         // evaluating and committing, generation excluded
  double commit_seconds = 0;  // of which in the synced store write
  double engine_seconds = 0;  // of which in Engine::on_event and advance
  double cpu_seconds = 0;     // this thread's CPU time in `seconds`
  size_t state_writes = 0;    // rule_state puts and deletes committed
  size_t record_puts = 0;     // of which puts of a key's record
  size_t record_deletes = 0;  // and deletes of one
  size_t stateful_alerts = 0;
  std::map<std::string, size_t> per_rule;
  size_t alerts = 0;
  size_t late = 0;
  size_t documents = 0;
  uint64_t state_bytes = 0;  // rule_state keys + values
  uint64_t disk_bytes = 0;
  size_t groups = 0;
  double peak_mib = 0;
};

Result<Pass> run_pass(const TemporalOptions& o, const config::Config& config,
                      const std::shared_ptr<const rules::RuleSet>& set, bool stateful,
                      const std::string& dir) {
  std::filesystem::remove_all(dir);
  auto store = store::Store::open(dir);
  if (!store) return store.error();
  sim::GeneratorOptions g;
  g.seed = o.seed;
  g.start = parse_rfc3339("2025-06-01T00:00:00+07:00")->utc_ms;
  g.events_per_second_simulated = static_cast<double>(o.events) / (o.days * 86400.0);
  g.follow_opening_hours = false;
  auto gen = sim::CrossingGenerator::create(config, g);
  if (!gen) return gen.error();
  temporal::Engine engine(config, int64_t{config.stateful.allowed_lateness_minutes} * 60'000);
  Pass p;
  std::unordered_set<std::string> documents;
  std::vector<event::Event> batch;
  std::vector<std::string> keys;
  std::vector<rules::Match> matches;
  std::vector<alert::Alert> alerts;
  temporal::StateOps ops;
  for (size_t done = 0; done < o.events;) {
    batch.clear();
    keys.clear();
    for (; batch.size() < kBatch && done < o.events; ++done) {
      auto body = gen->next();
      std::string raw = json::to_string(body);
      auto ev = event::validate(std::move(body), config);
      if (!ev) return Error{"generated event invalid: " + ev.error().message};
      ev->raw = std::move(raw);
      keys.push_back(ev->key());
      if (const auto* d = ev->body.find("traveller")) {
        if (const auto* doc = d->find("document")) documents.insert(doc->string_or("number"));
      }
      batch.push_back(std::move(*ev));
    }
    const auto t0 = SteadyClock::now();
    const double cpu0 = thread_cpu_seconds();
    store::CommitBatch cb;
    for (size_t i = 0; i < batch.size(); ++i) {
      const auto& ev = batch[i];
      matches.clear();
      set->evaluate(rules::EvalContext{ev, config.find_checkpoint(ev.checkpoint), nullptr,
                                       config.timezone_offset_minutes},
                    matches);
      p.alerts += matches.empty() ? 0 : 1;
      if (stateful) {
        const auto e0 = SteadyClock::now();
        engine.on_event(ev, set, nullptr, ev.time.utc_ms, ops, alerts);
        p.engine_seconds += seconds_since(e0);
      }
      cb.events.emplace_back(keys[i], ev.raw);
    }
    if (stateful) {
      const auto e0 = SteadyClock::now();
      engine.advance(set, INT64_MIN / 2, ops, alerts);
      p.engine_seconds += seconds_since(e0);
    }
    temporal::coalesce(ops);  // as the committer does
    p.state_writes += ops.size();
    for (const auto& op : ops) {
      if (op.first.empty() || op.first[0] != 'k') continue;
      ++(op.second ? p.record_puts : p.record_deletes);
    }
    cb.state_ops = std::move(ops);
    ops.clear();
    // Counted, not kept: a month of alerts held in memory would be the bench's, not the engine's.
    for (const auto& a : alerts) ++p.per_rule[a.hits.front().rule];
    p.stateful_alerts += alerts.size();
    alerts.clear();
    const auto c0 = SteadyClock::now();
    if (auto s = (*store)->commit(cb); !s) return s.error();
    p.commit_seconds += seconds_since(c0);
    p.seconds += seconds_since(t0);
    p.cpu_seconds += thread_cpu_seconds() - cpu0;
  }
  p.alerts += p.stateful_alerts;
  p.late = engine.late_events();
  p.groups = engine.group_count();
  p.documents = documents.size();
  (void)(*store)->scan_rule_state([&](std::string_view k, std::string_view v) {
    p.state_bytes += k.size() + v.size();
    return true;
  });
  p.disk_bytes = (*store)->disk_bytes();
  p.peak_mib = peak_rss_mib();
  return p;
}

std::string daemon_row(const DaemonResult& r) {
  return thousands(r.rate()) + " events/s, ack p50 " +
         sim::format_duration_ns(r.ack.percentile(50)) + " p99 " +
         sim::format_duration_ns(r.ack.percentile(99)) + ", " + thousands(double(r.alerts)) +
         " alerts, " + thousands(double(r.accepted)) + " accepted";
}

int report_daemon_passes(const TemporalOptions& o, const config::Config& config,
                         const rules::RuleSet& set) {
  TemporalDaemonOptions d{o.events, o.days, o.seed, o.rules_dir, {}};
  for (const auto& r : set.stateful_rules()) d.stateful_rules.push_back(r.info.name);
  auto r = run_temporal_daemon(config, d);
  if (!r) {
    std::cerr << r.error().message << "\n";
    return 1;
  }
  std::cout << "  daemon over loopback ZeroMQ (window 1,000, the engine on the committer thread)\n"
            << "    stateful rules disabled " << daemon_row(r->stateless) << "\n"
            << "    with stateful rules     " << daemon_row(r->stateful) << "\n"
            << "    slowdown                " << (r->stateless.rate() / r->stateful.rate())
            << "x\n";
  // Against the serial pass's per-rule counts: the same crossings should raise the same alerts.
  for (const auto& [rule, n] : r->stateful.alerts_by_rule) {
    if (std::find(d.stateful_rules.begin(), d.stateful_rules.end(), rule) == d.stateful_rules.end())
      continue;
    std::cout << "    " << rule << ": " << thousands(double(n)) << " alerts\n";
  }
  const auto incomplete = [&](const DaemonResult& p) { return p.accepted != o.events; };
  return incomplete(r->stateless) || incomplete(r->stateful) ? 1 : 0;
}

int run_temporal(const TemporalOptions& o) {
  (void)setup_logging("warn", "text");
  auto config = config::load_file(o.config_path);
  if (!config) {
    std::cerr << config.error().message << "\n";
    return 2;
  }
  auto sources = rules::read_rule_sources(o.rules_dir);
  if (!sources) {
    std::cerr << sources.error().message << "\n";
    return 2;
  }
  auto compiled = rules::RuleSet::compile(*sources, *config);
  if (!compiled.ok()) {
    std::cerr << rules::format_diagnostics(compiled.diagnostics);
    return 2;
  }
  const auto& set = compiled.rule_set;
  std::cout << "bwbench temporal: " << thousands(double(o.events)) << " events over " << o.days
            << " simulated days, " << set->rules().size() << " rules ("
            << set->stateful_rules().size() << " stateful)\n";
  auto stateless = run_pass(o, *config, set, false, o.work_dir + "/stateless");
  auto with_state = stateless ? run_pass(o, *config, set, true, o.work_dir + "/stateful")
                              : Result<Pass>(stateless.error());
  if (!with_state) {
    std::cerr << with_state.error().message << "\n";
    return 2;
  }
  const auto t0 = SteadyClock::now();
  auto reopened = store::Store::open(o.work_dir + "/stateful");
  if (!reopened) return 2;
  const double open_s = seconds_since(t0);
  temporal::Engine engine(*config, int64_t{config->stateful.allowed_lateness_minutes} * 60'000);
  if (!engine.load(**reopened)) return 2;
  const double restart_s = seconds_since(t0);

  const Pass& a = *stateless;
  const Pass& b = *with_state;
  const double rate_a = double(o.events) / a.seconds;
  const double rate_b = double(o.events) / b.seconds;
  std::cout << "  distinct documents        " << thousands(double(b.documents)) << "\n"
            << "  per-event rules only      " << thousands(rate_a) << " events/s, "
            << thousands(double(a.alerts)) << " alerts, " << a.commit_seconds << " s of "
            << a.seconds << " s in synced writes, " << a.cpu_seconds << " s CPU\n"
            << "  with stateful rules       " << thousands(rate_b) << " events/s, "
            << thousands(double(b.alerts)) << " alerts (" << thousands(double(b.alerts - a.alerts))
            << " stateful), " << b.late << " late, " << b.commit_seconds << " s of " << b.seconds
            << " s in synced writes, " << b.engine_seconds << " s in the state engine, "
            << b.cpu_seconds << " s CPU\n"
            << "  slowdown                  " << (rate_a / rate_b) << "x (CPU time "
            << (b.cpu_seconds / a.cpu_seconds) << "x)\n"
            << "  rule state                " << thousands(double(b.groups)) << " keys live, "
            << thousands(double(b.state_bytes) / 1024.0) << " KiB (keys+values), "
            << thousands(double(b.state_writes)) << " writes committed\n"
            << "  store on disk             " << thousands(double(a.disk_bytes) / 1048576.0)
            << " MiB without, " << thousands(double(b.disk_bytes) / 1048576.0)
            << " MiB with stateful rules\n"
            << "  peak memory (VmHWM)       " << thousands(a.peak_mib) << " MiB after pass 1, "
            << thousands(b.peak_mib) << " MiB after pass 2\n"
            << "  restart                   " << (open_s * 1000) << " ms store open, "
            << (restart_s * 1000) << " ms with state loaded ("
            << thousands(double(engine.group_count())) << " keys)\n";
  for (const auto& [rule, n] : b.per_rule) {
    std::cout << "    " << rule << ": " << thousands(double(n)) << " alerts\n";
  }
  // One record per key text holds every rule's state for it (temporal/keys.h).
  std::cout << "    key records: " << thousands(double(b.record_puts)) << " puts, "
            << thousands(double(b.record_deletes)) << " deletes; other state writes "
            << thousands(double(b.state_writes - b.record_puts - b.record_deletes)) << "\n";
  std::filesystem::remove_all(o.work_dir);
  return o.skip_daemon ? 0 : report_daemon_passes(o, *config, *set);
}

}  // namespace

void add_temporal_command(CLI::App& app, RunFn& run) {
  auto o = std::make_shared<TemporalOptions>();
  CLI::App* sub = app.add_subcommand(
      "temporal", "shipped pack with and without its stateful rules over a month of crossings");
  sub->add_option("--events", o->events, "crossings")->capture_default_str();
  sub->add_option("--days", o->days, "simulated days they span")->capture_default_str();
  sub->add_option("--seed", o->seed, "generator seed")->capture_default_str();
  sub->add_option("--config", o->config_path, "configuration (checkpoints)")->capture_default_str();
  sub->add_option("--rules", o->rules_dir, "rule directory")->capture_default_str();
  sub->add_option("--work-dir", o->work_dir, "scratch directory (removed afterwards)")
      ->capture_default_str();
  sub->add_flag("--skip-daemon", o->skip_daemon,
                "serial passes only (no in-process daemon passes)");
  sub->callback([o, &run] { run = [o] { return run_temporal(*o); }; });
}

}  // namespace bw::bench
