// bwbench subcommands. Each add_*_command() registers one subcommand on `app`; when CLI11
// selects it, its callback stores the work to do in `run`, which main() calls after parsing.
// Adding a benchmark: write add_<name>_command() in its own file and call it from main().
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace bw::bench {

// 1234567.8 -> "1,234,568": figures in the tables people read.
std::string thousands(double v);

using RunFn = std::function<int()>;

// Where the simulated crossings of the ingest, rules and import-stall workloads start: a
// Monday at Ban Laem's opening, so the events fall within opening hours and the same --seed
// gives the same workload on every run.
inline constexpr const char* kBenchMorning = "2025-06-02T08:00:00+07:00";

void add_ingest_command(CLI::App& app, RunFn& run);
void add_rules_command(CLI::App& app, RunFn& run);
void add_watchlist_command(CLI::App& app, RunFn& run);
void add_temporal_command(CLI::App& app, RunFn& run);
void add_import_stall_command(CLI::App& app, RunFn& run);

}  // namespace bw::bench
