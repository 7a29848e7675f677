#include <doctest/doctest.h>

#include "event/decode.h"
#include "json/writer.h"
#include "test_support.h"

namespace {

const char* kValid =
    R"({"event_id":"BL-1","checkpoint":"BAN_LAEM","time":"2025-06-01T08:15:00+07:00",
"direction":"exit","traveller":{"document":{"type":"passport","number":"N0123","country":"KHM",
"expiry":"2030-01-01"},"surname":"Sok","given_names":"Chea","birth_date":"1990-05"},
"goods":[{"category":"sim_card","count":200}],"cash":[{"currency":"USD","amount":25000,"declared":false}],
"extra_field":{"kept":true}})";

std::string with(const std::string& field, const std::string& value) {
  // Replaces one top-level field of kValid (or adds it).
  auto v = bw::json::parse(kValid);
  auto patch = bw::json::parse(value);
  v->set(field, patch ? *patch : bw::json::Value(value));
  return bw::json::to_string(*v);
}

std::string without(const std::string& field) {
  auto v = bw::json::parse(kValid);
  auto& members = v->as_object();
  std::erase_if(members, [&](const auto& m) { return m.first == field; });
  return bw::json::to_string(*v);
}

}  // namespace

TEST_CASE("event: a valid event decodes, keeping extra fields and the raw bytes") {
  auto cfg = bw::test::test_config();
  bw::event::EventDecoder decoder(cfg, 65536);
  auto ev = decoder.decode(kValid);
  REQUIRE_MESSAGE(ev.ok(), (ev.ok() ? "" : ev.error().message));
  CHECK(ev->id == "BL-1");
  CHECK(ev->key() == "BAN_LAEM/BL-1");
  CHECK(ev->direction == bw::event::Direction::kExit);
  CHECK(ev->time.utc_ms == bw::parse_rfc3339("2025-06-01T01:15:00Z")->utc_ms);
  CHECK(ev->body.find_path("extra_field.kept")->as_bool());
  CHECK(ev->raw == kValid);
}

TEST_CASE("event: each required field missing or malformed gives the right error") {
  auto cfg = bw::test::test_config();
  bw::event::EventDecoder decoder(cfg, 65536);
  struct Case {
    std::string raw;
    std::string expected;
  } cases[] = {
      {without("event_id"), "event_id: required field is missing"},
      {with("event_id", "has space"), "event_id: must be 1-128 characters"},
      {with("event_id", std::string(129, 'a')), "event_id: must be 1-128 characters"},
      {with("event_id", "42"), "event_id: must be a string, not a number"},
      {without("checkpoint"), "checkpoint: required field is missing"},
      {with("checkpoint", "POIPET"), "checkpoint: unknown checkpoint \"POIPET\""},
      {without("time"), "time: required field is missing"},
      {with("time", "2025-06-01 08:15"), "time: not RFC 3339 with an offset"},
      {with("time", "2025-06-01T08:15:00"), "time: not RFC 3339 with an offset"},
      {without("direction"), "direction: required field is missing"},
      {with("direction", "out"), "direction: must be \"exit\" or \"entry\""},
      {with("traveller", "[1]"), "traveller: must be an object, not an array"},
      {with("goods", R"([{"category":"sim_card","count":"many"}])"),
       "goods[0]: count: must be a number"},
      {with("cash", R"([{"currency":"USD","amount":1,"declared":"no"}])"),
       "cash[0]: declared: must be a boolean"},
      {with("attributes", R"({"nested":{"x":1}})"), "attributes.nested: must be a scalar"},
      {"[1,2]", "event: must be a JSON object"},
      {"{not json", "malformed JSON"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.raw);
    auto ev = decoder.decode(c.raw);
    REQUIRE_FALSE(ev.ok());
    CHECK_MESSAGE(ev.error().message.find(c.expected) != std::string::npos, ev.error().message);
  }
}

TEST_CASE("event: dates inside the traveller are checked") {
  auto cfg = bw::test::test_config();
  auto v = bw::json::parse(kValid);
  auto doc = *v;
  auto bad = bw::json::parse(R"({"document":{"expiry":"2030-02-30"}})");
  doc.set("traveller", *bad);
  auto ev = bw::event::validate(doc, cfg);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().message ==
        "traveller.document.expiry: not a date YYYY-MM-DD (got \"2030-02-30\")");
  bad = bw::json::parse(R"({"birth_date":"1990-13"})");
  doc.set("traveller", *bad);
  ev = bw::event::validate(doc, cfg);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().message.find("traveller.birth_date: not a date YYYY-MM-DD, YYYY-MM or YYYY") ==
        0);
}

TEST_CASE("event: every typed optional field is checked at its own path, in a fixed order") {
  auto cfg = bw::test::test_config();
  struct Case {
    std::string field;
    std::string value;
    std::string expected;  // the whole message: the path and both type names
  } cases[] = {
      {"traveller", R"({"document":"P1"})", "traveller.document: must be an object, not a string"},
      {"traveller", R"({"document":{"type":1}})",
       "traveller.document.type: must be a string, not a number"},
      {"traveller", R"({"document":{"number":["N1"]}})",
       "traveller.document.number: must be a string, not an array"},
      {"traveller", R"({"document":{"country":true}})",
       "traveller.document.country: must be a string, not a boolean"},
      {"traveller", R"({"document":{"issued":{}}})",
       "traveller.document.issued: must be a string, not an object"},
      {"traveller", R"({"given_names":2})",
       "traveller.given_names: must be a string, not a number"},
      {"traveller", R"({"sex":false})", "traveller.sex: must be a string, not a boolean"},
      {"traveller", R"({"nationality":7})",
       "traveller.nationality: must be a string, not a number"},
      {"traveller", R"({"id_number":[]})", "traveller.id_number: must be a string, not an array"},
      {"traveller", R"({"residence":"Pailin"})",
       "traveller.residence: must be an object, not a string"},
      {"vehicle", R"("KH-1")", "vehicle: must be an object, not a string"},
      {"vehicle", R"({"plate":12})", "vehicle.plate: must be a string, not a number"},
      {"party_id", "5", "party_id: must be a string, not a number"},
      {"party_size", R"("four")", "party_size: must be a number, not a string"},
      {"goods", R"({"category":"x"})", "goods: must be an array, not an object"},
      {"cash", "12", "cash: must be an array, not a number"},
      {"attributes", "[]", "attributes: must be an object, not an array"},
      // Type errors come before date errors, and earlier fields before later ones.
      {"traveller", R"({"birth_date":"1990-13","document":{"expiry":"bad","type":3}})",
       "traveller.document.type: must be a string, not a number"},
      {"traveller", R"({"birth_date":"1990-13","document":{"issued":"bad"}})",
       "traveller.document.issued: not a date YYYY-MM-DD (got \"bad\")"},
      // A duplicated member: the first one counts, as everywhere else.
      {"traveller", R"({"surname":1,"surname":"Sok"})",
       "traveller.surname: must be a string, not a number"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    auto ev = bw::event::validate(*bw::json::parse(with(c.field, c.value)), cfg);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.error().message == c.expected);
  }
}

TEST_CASE("event: fields under a parent that is null or not an object are not looked at") {
  auto cfg = bw::test::test_config();
  // A null parent is an absent one; a scalar parent fails as itself, not through a child path.
  CHECK(bw::event::validate(*bw::json::parse(with("traveller", "null")), cfg).ok());
  CHECK(bw::event::validate(*bw::json::parse(with("vehicle", "null")), cfg).ok());
  CHECK(bw::event::validate(*bw::json::parse(with("traveller", R"({"document":null})")), cfg).ok());
  auto ev = bw::event::validate(*bw::json::parse(with("traveller", R"("Sok")")), cfg);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().message == "traveller: must be an object, not a string");
  ev = bw::event::validate(*bw::json::parse(with("cash", R"([{"currency":"USD","amount":1,
    "declared":true},{"currency":"THB","amount":"2"}])")),
                           cfg);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().message == "cash[1]: amount: must be a number, not a string");
}

TEST_CASE("event: oversized messages are refused before parsing") {
  auto cfg = bw::test::test_config();
  bw::event::EventDecoder decoder(cfg, 1024);
  auto ev = decoder.decode(std::string(2048, ' '));
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().message.find("above the limit of 1024") != std::string::npos);
}
