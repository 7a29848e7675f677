#include <doctest/doctest.h>

#include "ingest/reply.h"
#include "json/parse.h"

using namespace bw::ingest;

TEST_CASE("reply: formatted replies are JSON, and plain ones read back without a parser") {
  const std::string accepted = format_reply("BL-1", "accepted");
  CHECK(accepted == R"({"event_id":"BL-1","status":"accepted"})");
  auto plain = read_plain_reply(accepted);
  REQUIRE(plain);
  CHECK(plain->event_id == "BL-1");
  CHECK(plain->status == "accepted");

  const std::string rejected = format_reply("BL-2", "rejected", "time: \"bad\"");
  CHECK_FALSE(read_plain_reply(rejected));  // has an error: needs the JSON parser
  auto parsed = bw::json::parse(rejected);
  REQUIRE(parsed.ok());
  CHECK(parsed->string_or("error") == "time: \"bad\"");

  const std::string no_id = format_reply("", "rejected", "malformed JSON");
  CHECK(no_id.rfind(R"({"event_id":null,)", 0) == 0);
  CHECK_FALSE(read_plain_reply(no_id));
  CHECK_FALSE(read_plain_reply(R"({"event_id":"a\"b","status":"accepted"})"));
  CHECK_FALSE(read_plain_reply(R"({"event_id":"a","status":"accepted"} )"));
  CHECK_FALSE(read_plain_reply(R"({"status":"accepted","event_id":"a"})"));
  CHECK_FALSE(read_plain_reply(""));
}
