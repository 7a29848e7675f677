// bwbench ingest: acknowledged throughput and latency of the daemon's ingest path, against
// the raw transport ceiling, in one process.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "raw_transport.h"
#include "sim/crossing_generator.h"
#include "sim/latency.h"
#include "util/result.h"
#include "util/time.h"

namespace bw::bench {

struct IngestOptions {
  size_t events = 200'000;
  size_t size = 0;  // bytes per message; 0 = the generated events' average
  size_t window = 1000;
  size_t watchlist_size = 100'000;
  double inject_rate = 0.01;  // events on a listed (stolen) document
  uint64_t seed = 1;
  std::string config_path = "config/borderwatch.yaml";
  std::string rules_dir = "rules";
  std::string watchlist_name = "lost_stolen_documents";
  bool keep_state = false;
  bool skip_raw = false;
  // Also runs the daemon with one rule that never matches: what the durable path alone
  // (decode, dedup, group-committed synced write, ack) reaches on this machine.
  bool ceiling = false;
};

// Everything generated before any clock starts, so generation is not measured.
struct Workload {
  std::vector<std::string> ids;
  std::vector<std::string> events;  // JSON, padded to `size` when that is larger
  std::vector<bool> injected;
  // Simulated event time of each event. The daemon's clock follows these (see daemon_run.cc):
  // against the wall clock, clock-driven rules (absences) would see events a year old.
  std::vector<EpochMs> times;
  EpochMs start_ms = 0;  // simulated time of the first event
  size_t injected_count = 0;
  size_t min_bytes = 0, max_bytes = 0;
  double avg_bytes = 0;
  std::string watchlist_csv;
  size_t watchlist_entries = 0;
};

Result<Workload> make_workload(const config::Config& config, const IngestOptions& options);

// Appends `events` events from `gen` to `w`, each padded to `size` bytes when that is larger,
// and sets the size and injection figures.
void generate_into(Workload& w, sim::CrossingGenerator& gen, size_t events, size_t size);

struct DaemonResult {
  uint64_t events = 0;
  double seconds = 0;  // first send to last acknowledgement
  sim::LatencyHistogram ack;
  sim::LatencyHistogram alert;  // send -> alert received on the PUB
  uint64_t accepted = 0, duplicate = 0, rejected = 0, unanswered = 0, resends = 0;
  uint64_t alerts = 0;                                           // alerts for measured events
  std::vector<std::pair<std::string, uint64_t>> alerts_by_rule;  // most alerts first
  uint64_t injected_alerted = 0;   // injected events that raised an alert
  size_t rules = 0;                // rules in the active set
  double import_seconds = 0;       // watchlist import over the control endpoint
  uint64_t batches = 0;            // group commits during the measured run
  double commit_ms = 0;            // average time of one synced write (fsync included)
  std::vector<std::string> notes;  // anything the reader should know
  double rate() const { return seconds > 0 ? events / seconds : 0; }
};

// Starts an in-process daemon on a temporary state directory, imports the watchlist, pushes
// the workload (consumed) and stops the daemon.
Result<DaemonResult> run_daemon_ingest(const config::Config& config, const IngestOptions& options,
                                       Workload& workload);

// `raw`, `client` and `ceiling` (the daemon without rules) are null when skipped.
void print_ingest_report(std::ostream& out, const IngestOptions& options, const Workload& workload,
                         const RawResult* raw, const RawResult* client, const DaemonResult& daemon,
                         const DaemonResult* ceiling = nullptr);

}  // namespace bw::bench
