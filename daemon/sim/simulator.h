// The checkpoint simulator behind bwsim: generates crossings for the configured checkpoints
// and pushes them to a daemon at a steady rate (or writes them as JSON Lines), printing
// progress. bwsim's main() only parses arguments into SimulatorOptions and calls run().
//
// Stopping: `interrupts` is read on every turn (bwsim's SIGINT/SIGTERM handler increments
// it). At 1 the simulator stops sending and waits for the replies of what is in flight, up
// to one reply timeout, without resending; at 2 it gives up at once.
// Exit codes: 0 every event acknowledged (or written); 1 some rejected or unanswered;
// 2 bad options, config or list files (the reason is printed on `err`).
// Thread safety: run() uses only its own objects; `out`/`err` must not be written by others.
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace bw::sim {

struct SimulatorOptions {
  std::string config_path = "/etc/borderwatch/borderwatch.yaml";
  std::string endpoint;    // "" = the config's ingest.endpoint
  std::string server_key;  // daemon's CURVE public key file; with `key`: connect with CURVE
  std::string key;         // own key pair BASE (BASE.pub, BASE.key)
  double rate = 50;        // events per real second; 0 = as fast as the window allows
  double sim_rate = 0;     // simulated events per simulated second; 0 = `rate` (or 0.2)
  uint64_t count = 0;      // stop after this many events; 0 = no limit
  double duration_s = 0;   // stop after this many seconds; 0 = no limit
  uint64_t seed = 1;
  std::string start;                      // RFC 3339 simulated start; "" = now
  bool ignore_hours = false;              // emit around the clock, whatever the opening hours
  std::string inject_documents;           // watchlist CSV (documents): stolen numbers to inject
  std::string inject_plates;              // watchlist CSV (vehicles): plates to inject
  std::vector<std::string> inject_kinds;  // names (sim/crossing_generator.h); empty = all usable
  double inject_rate = 0.01;
  uint64_t inject_count = 0;  // > 0: exactly this many among the first `count` events
  std::string id_prefix;      // "" = "sim<seed>"
  size_t window = 1000;
  int timeout_ms = 5000;
  double print_every_s = 5;  // 0 = only the final summary
  std::string dump_path;     // non-empty: write JSON Lines here ("-" = stdout), no network
};

int run_simulator(const SimulatorOptions& options, const std::atomic<int>& interrupts,
                  std::ostream& out, std::ostream& err);

}  // namespace bw::sim
