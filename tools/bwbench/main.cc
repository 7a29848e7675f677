// bwbench: performance measurements of borderwatch. Parses arguments, runs one subcommand.
#include <CLI/CLI.hpp>

#include "bench.h"

int main(int argc, char** argv) {
  CLI::App app{
      "bwbench: borderwatch benchmarks (run from the source tree: defaults point at "
      "config/ and rules/)"};
  app.require_subcommand(1);
  bw::bench::RunFn run;
  bw::bench::add_ingest_command(app, run);
  bw::bench::add_rules_command(app, run);
  bw::bench::add_watchlist_command(app, run);
  bw::bench::add_temporal_command(app, run);
  bw::bench::add_import_stall_command(app, run);
  CLI11_PARSE(app, argc, argv);
  return run ? run() : 2;
}
