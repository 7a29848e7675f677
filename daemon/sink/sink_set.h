// SinkSet: the configured sinks (config `sinks`), each with its own SinkRunner thread.
//
// create() fails on a sink that cannot be built (bad webhook URL); start() loads each cursor.
// notify() is what the ingest loop calls after committing alerts: it only signals condition
// variables, so it never waits for a sink. Thread safety: notify()/status() from any thread;
// start()/stop() from the owner.
#pragma once

#include <memory>
#include <vector>

#include "config/config.h"
#include "json/value.h"
#include "sink/sink_runner.h"
#include "store/store.h"

namespace bw::sink {

class SinkSet {
 public:
  static Result<std::unique_ptr<SinkSet>> create(const std::vector<config::SinkConfig>& configs,
                                                 store::Store& store);
  Status start();
  void notify();
  void stop();
  json::Value status() const;  // array of SinkRunner::status()

 private:
  std::vector<std::unique_ptr<SinkRunner>> runners_;
};

// One sink of the configured type. Error names the sink and the problem.
Result<std::unique_ptr<Sink>> make_sink(const config::SinkConfig& config);

}  // namespace bw::sink
