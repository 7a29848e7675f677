// Untrusted bytes -> validated Event. Every rejection names the field and the problem, e.g.
// "time: not RFC 3339 with an offset (got \"2025-06-01 08:00\")". Never throws.
//
// Thread safety: an EventDecoder is used by one thread at a time (it owns a reusable parser).
#pragma once

#include <string_view>

#include "config/config.h"
#include "event/event.h"
#include "json/parse.h"
#include "util/result.h"

namespace bw::event {

class EventDecoder {
 public:
  // `config` must outlive the decoder; only its checkpoint list and limits are consulted.
  EventDecoder(const config::Config& config, size_t max_message_bytes);

  Result<Event> decode(std::string_view raw);
  // The ingest path's variant: on success `raw` is moved into Event::raw (no copy); on
  // failure it is left intact so the caller can still quote it.
  Result<Event> decode_in_place(std::string& raw);

 private:
  const config::Config& config_;
  json::JsonParser parser_;
};

// Validates an already parsed body (used by decode, by rule tests and by the simulator).
Result<Event> validate(json::Value body, const config::Config& config);

// "[A-Za-z0-9._:-]{1,128}"
bool is_valid_event_id(std::string_view id);

}  // namespace bw::event
