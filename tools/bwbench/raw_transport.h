// The ceiling for ingest: acknowledged DEALER -> ROUTER throughput over the transport facade
// with nothing else in the loop (the ROUTER answers each message with a small ack at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/latency.h"
#include "util/result.h"

namespace bw::bench {

struct RawResult {
  uint64_t messages = 0;
  double seconds = 0;
  sim::LatencyHistogram latency;  // send -> ack
  double rate() const { return seconds > 0 ? messages / seconds : 0; }
};

// `messages` of `size` bytes, at most `window` unacknowledged, over tcp://127.0.0.1 on an
// OS-chosen port. Error when it cannot bind or stalls for 30 s.
Result<RawResult> run_raw_ack(size_t messages, size_t size, size_t window);

// The client's ceiling: the same events through sim::PushClient against a ROUTER that answers
// each one as the daemon would ({"event_id":...,"status":"accepted"}) and does nothing else.
Result<RawResult> run_client_ack(const std::vector<std::string>& ids,
                                 const std::vector<std::string>& events, size_t window);

}  // namespace bw::bench
