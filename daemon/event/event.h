// A validated crossing event (schema v1, documented in README.md "Event schema v1").
//
// `body` is the whole JSON object as the checkpoint sent it, extra fields included, so rules
// can see everything; the typed members are the required fields, checked by event/decode.h.
// Events are immutable once decoded and may be shared read-only between threads.
#pragma once

#include <string>

#include "json/value.h"
#include "util/time.h"

namespace bw::event {

enum class Direction { kExit, kEntry };  // exit = leaving Thailand
const char* to_string(Direction d);

struct Event {
  std::string id;          // event_id: unique per checkpoint
  std::string checkpoint;  // a configured checkpoint id
  Timestamp time;          // when the crossing happened, with the sender's offset
  Direction direction = Direction::kExit;
  json::Value body;  // full object as received
  std::string raw;   // exact bytes received; this is what the store keeps

  // The store key: checkpoint and event id are each unique together, not alone.
  std::string key() const { return checkpoint + '/' + id; }
};

}  // namespace bw::event
