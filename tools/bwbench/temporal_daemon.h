// bwbench temporal, daemon passes: the month of crossings the serial passes time, pushed over
// loopback ZeroMQ through an in-process daemon, once with the pack's stateful rules disabled
// and once with them on.
//
// Why both: the serial passes (temporal_bench.cc) time the state engine on the same thread as
// everything else, which is what the engine itself costs. In the daemon the engine runs on the
// committer thread while the ingest loop decodes and checks the next batch
// (ingest/stateful_stage.h), so what the stateful rules cost a deployment in events per second
// is this pair's ratio. The report prints both.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "ingest.h"
#include "util/result.h"

namespace bw::bench {

struct TemporalDaemonOptions {
  size_t events = 0;
  double days = 0;
  uint64_t seed = 0;
  std::string rules_dir;
  std::vector<std::string> stateful_rules;  // names disabled in the first pass
};

struct TemporalDaemonResult {
  DaemonResult stateless;  // stateful rules disabled by an override file
  DaemonResult stateful;   // the pack as shipped
};

// Runs both passes, each on a fresh temporary state directory. Fails when the workload cannot
// be generated, a daemon cannot start, or events go unanswered for 30 s.
Result<TemporalDaemonResult> run_temporal_daemon(const config::Config& config,
                                                 const TemporalDaemonOptions& options);

}  // namespace bw::bench
