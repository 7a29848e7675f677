// Sink: one destination that alerts are delivered to (file, journal, webhook), driven by a
// SinkRunner (sink/sink_runner.h) that owns its cursor and retries.
//
// Contract: deliver() hands over one alert and returns OK only once the destination has it
// (or, for buffered sinks, once flush() succeeds). It may be called again with an alert it
// already delivered (after a failure or a crash): delivery is at least once, and every alert
// carries a stable "id" receivers use to drop repeats. Errors are returned, never thrown.
// Thread safety: a sink is used by its runner's thread only, except cancel().
#pragma once

#include <string>

#include "json/value.h"
#include "store/store.h"
#include "util/result.h"

namespace bw::sink {

class Sink {
 public:
  virtual ~Sink() = default;
  // `alert` is the stored JSON text; `parsed` the same, parsed.
  virtual Status deliver(const store::StoredAlert& alert, const json::Value& parsed) = 0;
  // Makes everything delivered so far durable; the runner advances the cursor only after it.
  virtual Status flush() { return ok_status(); }
  // Called from another thread at shutdown: a deliver() in progress should give up soon.
  virtual void cancel() {}
};

}  // namespace bw::sink
