#include "temporal_daemon.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench_daemon.h"
#include "sim/crossing_generator.h"
#include "sim/watchlist_data.h"

namespace bw::bench {

namespace {

namespace fs = std::filesystem;

// The same generator settings as the serial passes, so both see the same crossings.
Result<Workload> month_workload(const config::Config& config, const TemporalDaemonOptions& o) {
  Workload w;
  const auto docs = sim::make_listed_documents(o.seed ^ 0x9e3779b97f4a7c15ull, 1'000);
  w.watchlist_csv = sim::documents_csv(docs, "reported lost or stolen (simulated)");
  w.watchlist_entries = docs.size();
  sim::GeneratorOptions g;
  g.seed = o.seed;
  g.start = parse_rfc3339("2025-06-01T00:00:00+07:00")->utc_ms;
  g.events_per_second_simulated = static_cast<double>(o.events) / (o.days * 86400.0);
  g.follow_opening_hours = false;
  w.start_ms = g.start;
  auto gen = sim::CrossingGenerator::create(config, std::move(g));
  if (!gen) return gen.error();
  generate_into(w, *gen, o.events, /*size=*/0);
  return w;
}

// A copy of the rules directory with one more file, sorted last, that disables the stateful
// rules: the override operators use, so the per-event rules load exactly as shipped.
Result<std::string> rules_without_stateful(const TemporalDaemonOptions& o) {
  auto dir = make_temp_dir();
  if (!dir) return dir.error();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(o.rules_dir, ec)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), fs::path(*dir) / entry.path().filename(), ec);
    if (ec) return Error{"cannot copy " + entry.path().string() + ": " + ec.message()};
  }
  if (ec) return Error{"cannot read " + o.rules_dir + ": " + ec.message()};
  std::ofstream out(fs::path(*dir) / "zz-bwbench-no-stateful.yaml");
  for (const auto& name : o.stateful_rules) out << "- rule: " << name << "\n  enabled: false\n";
  if (!out.flush()) return Error{"cannot write the override file in " + *dir};
  return *dir;
}

Result<DaemonResult> one_pass(const config::Config& config, const TemporalDaemonOptions& o,
                              const std::string& rules_dir) {
  auto w = month_workload(config, o);
  if (!w) return w.error();
  IngestOptions io;
  io.events = o.events;
  io.seed = o.seed;
  io.rules_dir = rules_dir;
  return run_daemon_ingest(config, io, *w);
}

}  // namespace

Result<TemporalDaemonResult> run_temporal_daemon(const config::Config& config,
                                                 const TemporalDaemonOptions& o) {
  auto dir = rules_without_stateful(o);
  if (!dir) return dir.error();
  TempDir cleanup{*dir};
  TemporalDaemonResult r;
  std::cerr << "bwbench: daemon pass, stateful rules disabled...\n";
  auto a = one_pass(config, o, *dir);
  if (!a) return a.error();
  r.stateless = std::move(*a);
  std::cerr << "bwbench: daemon pass, stateful rules on...\n";
  auto b = one_pass(config, o, o.rules_dir);
  if (!b) return b.error();
  r.stateful = std::move(*b);
  return r;
}

}  // namespace bw::bench
