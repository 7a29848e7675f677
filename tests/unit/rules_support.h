// Fixtures shared by the rules engine tests: a one-checkpoint config, and events built from
// their JSON text the way the decoder hands them to rules.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "config/config.h"
#include "event/event.h"
#include "json/parse.h"
#include "util/time.h"

namespace bw::test {

// Ban Laem alone, with neither opening hours nor a type: enough for rules that name it.
inline config::Config ban_laem_only() {
  config::Config c;
  config::Checkpoint cp;
  cp.id = "BAN_LAEM";
  cp.name = "Ban Laem";
  c.checkpoints.push_back(cp);
  return c;
}

// `text` (a JSON object with event_id, checkpoint, an RFC 3339 time and direction) as the
// body of an Event whose decoded fields repeat those members. Fails the test on bad text.
inline event::Event event_from_json(const std::string& text) {
  auto body = json::parse(text);
  REQUIRE_MESSAGE(body.ok(), text);
  const auto time = parse_rfc3339(body->string_or("time"));
  REQUIRE_MESSAGE(time.has_value(), text);
  event::Event ev;
  ev.id = body->string_or("event_id");
  ev.checkpoint = body->string_or("checkpoint");
  ev.time = *time;
  ev.direction =
      body->string_or("direction") == "exit" ? event::Direction::kExit : event::Direction::kEntry;
  ev.body = std::move(body.value());
  return ev;
}

}  // namespace bw::test
