// The ingest reply protocol in one place: the daemon formats replies here, and clients
// (bwsim, bwbench, tests) can read the common ones here without a JSON parser.
//
//   {"event_id":"E1","status":"accepted"}                 (also "duplicate")
//   {"event_id":"E1","status":"rejected","error":"..."}   (also "retry")
//   {"event_id":null,"status":"rejected","error":"..."}   when the id could not be read
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bw::ingest {

std::string format_reply(std::string_view event_id, std::string_view status,
                         std::string_view error = {});

struct PlainReply {
  std::string_view event_id;
  std::string_view status;
};

// Reads a reply of exactly the first form above (no error, id without escapes): the reply to
// almost every event. nullopt for anything else; the caller then parses it as JSON.
std::optional<PlainReply> read_plain_reply(std::string_view body);

}  // namespace bw::ingest
