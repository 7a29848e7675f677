// bwsim: simulated checkpoints. Parses arguments and runs bw::sim::run_simulator.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>

#include "sim/simulator.h"

namespace {

std::atomic<int> g_interrupts{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

extern "C" void on_signal(int) {
  g_interrupts.fetch_add(1);
}

}  // namespace

int main(int argc, char** argv) {
  bw::sim::SimulatorOptions o;
  o.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() %
                                 1'000'000'000);
  CLI::App app{
      "bwsim: simulated Chanthaburi border checkpoints pushing crossing events to "
      "borderwatchd.\nThe same --seed gives the same events (and the same event ids: a second "
      "run answers \"duplicate\")."};
  app.add_option("-c,--config", o.config_path, "daemon configuration (checkpoints, endpoint)")
      ->capture_default_str();
  app.add_option("--endpoint", o.endpoint,
                 "ingest endpoint (default: the config's ingest.endpoint)");
  app.add_option("--server-key", o.server_key, "daemon's CURVE public key file (with --key)");
  app.add_option("--key", o.key, "this checkpoint's CURVE key pair BASE (BASE.pub, BASE.key)");
  app.add_option("--rate", o.rate, "events per second to send; 0 = as fast as the window allows")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--sim-rate", o.sim_rate,
                 "events per simulated second: how fast event times advance (default: --rate)")
      ->check(CLI::NonNegativeNumber);
  auto* count = app.add_option("--count", o.count, "stop after N events");
  app.add_option("--duration", o.duration_s, "stop after S seconds")
      ->excludes(count)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", o.seed, "random seed (default: from the clock; printed)");
  app.add_option("--start", o.start,
                 "simulated time of the first crossing, RFC 3339 (default: now)");
  app.add_flag("--ignore-hours", o.ignore_hours, "cross around the clock, ignoring opening hours");
  app.add_option("--inject-documents", o.inject_documents,
                 "documents watchlist CSV: inject crossings on these (stolen) documents")
      ->check(CLI::ExistingFile);
  app.add_option("--inject-plates", o.inject_plates,
                 "vehicles watchlist CSV: inject crossings by these plates")
      ->check(CLI::ExistingFile);
  app.add_option("--inject-kinds", o.inject_kinds,
                 "comma-separated: stolen_document, watched_plate, bulk_sim_cards, "
                 "undeclared_cash, expired_document, minor_alone (default: every usable kind)")
      ->delimiter(',');
  app.add_option("--inject-rate", o.inject_rate, "share of events that are injected cases")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--inject-count", o.inject_count,
                 "inject exactly N cases among the --count events (instead of --inject-rate)");
  app.add_option("--id-prefix", o.id_prefix, "event_id prefix (default: sim<seed>)");
  app.add_option("--window", o.window, "events in flight at most")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout-ms", o.timeout_ms, "resend an event unanswered after this long")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--print-every", o.print_every_s, "seconds between progress lines (0: none)")
      ->capture_default_str();
  app.add_option("--dump", o.dump_path,
                 "write the events as JSON Lines to FILE ('-': stdout) instead of sending; needs "
                 "--count");
  CLI11_PARSE(app, argc, argv);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return bw::sim::run_simulator(o, g_interrupts, std::cout, std::cerr);
}
