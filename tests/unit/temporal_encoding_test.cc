// Stored rule state at the byte level: the group encoding (and the versions earlier releases
// wrote), and how a batch's state writes are coalesced before they reach the store.
#include <doctest/doctest.h>

#include "temporal/engine.h"
#include "temporal/group.h"
#include "temporal_support.h"

using namespace bw;

TEST_CASE("coalesce keeps the last write of each key") {
  temporal::StateOps ops;
  ops.emplace_back("m", "1");
  ops.emplace_back("g1", "a");
  ops.emplace_back("m", "2");
  ops.emplace_back("g1", std::nullopt);
  ops.emplace_back("g2", "b");
  temporal::coalesce(ops);
  REQUIRE(ops.size() == 3);
  CHECK(ops[0] == std::make_pair(std::string("m"), std::optional<std::string>("2")));
  CHECK(ops[1].first == "g1");
  CHECK_FALSE(ops[1].second.has_value());
  CHECK(ops[2].first == "g2");
}

TEST_CASE("coalesce drops a group created and deleted within the ops, and only that") {
  temporal::StateOps ops;
  ops.emplace_back("+gA", "");  // created here...
  ops.emplace_back("gA", "a");
  ops.emplace_back("gA", std::nullopt);  // ...and deleted: no op at all
  ops.emplace_back("gB", std::nullopt);  // deleted, then created again and deleted: the
  ops.emplace_back("+gB", "");           // stored copy must still go
  ops.emplace_back("gB", "b");
  ops.emplace_back("gB", std::nullopt);
  ops.emplace_back("+gC", "");  // created and kept
  ops.emplace_back("gC", "c");
  temporal::coalesce(ops);
  REQUIRE(ops.size() == 2);
  CHECK(ops[0].first == "gB");
  CHECK_FALSE(ops[0].second.has_value());
  CHECK(ops[1] == std::make_pair(std::string("gC"), std::optional<std::string>("c")));
}

TEST_CASE("group encoding: round trip, compact, and version 1 still read") {
  temporal::Group g;
  g.last_fired_ms = INT64_MIN;
  g.expiry_due_ms = test::kT0 + test::kDay;
  temporal::Item a;
  a.time_ms = test::kT0;
  a.offset_minutes = 420;
  a.event_id = "e1";
  a.checkpoint = "BAN_LAEM";
  a.exit = true;
  a.matched = true;
  temporal::Item b = a;
  b.time_ms = test::kT0 + test::kHour;
  b.pending = true;
  b.due_ms = b.time_ms + 7 * test::kDay;
  b.value = "out";
  g.items = {a, b};
  const std::string bytes = temporal::encode(g);
  CHECK(bytes.size() < 80);  // version 1 took 160 bytes for this group
  auto back = temporal::decode(bytes);
  REQUIRE(back.has_value());
  REQUIRE(back->items.size() == 2);
  CHECK(back->last_fired_ms == INT64_MIN);
  CHECK(back->expiry_due_ms == g.expiry_due_ms);
  CHECK(back->items[1].time_ms == b.time_ms);
  CHECK(back->items[1].due_ms == b.due_ms);
  CHECK(back->items[1].pending);
  CHECK(back->items[0].matched);
  CHECK(back->items[0].offset_minutes == 420);
  CHECK(back->items[1].value == "out");
  CHECK_FALSE(temporal::decode(bytes.substr(0, bytes.size() - 1)).has_value());
  // Version 1, as earlier releases stored it: fixed 8-byte little-endian fields.
  std::string v1(1, '\x01');
  auto i64 = [&](int64_t v) {
    for (int k = 0; k < 8; ++k)
      v1.push_back(static_cast<char>((static_cast<uint64_t>(v) >> (8 * k)) & 0xff));
  };
  auto str = [&](const std::string& s) {
    i64(static_cast<int64_t>(s.size()));
    v1 += s;
  };
  i64(INT64_MIN);
  i64(0);
  i64(1);
  i64(test::kT0);
  i64(420);
  i64(test::kT0 + test::kDay);
  i64(2 | 4);  // pending exit
  str("e9");
  str("SAP_TARI");
  str("rendered");
  auto old = temporal::decode(v1);
  REQUIRE(old.has_value());
  REQUIRE(old->items.size() == 1);
  CHECK(old->items[0].due_ms == test::kT0 + test::kDay);
  CHECK(old->items[0].pending);
  CHECK(old->items[0].checkpoint == "SAP_TARI");
  CHECK(old->items[0].value == "rendered");
}

TEST_CASE("group encoding: version 2 bytes as stored by earlier releases") {
  temporal::Group g;
  g.last_fired_ms = -1;
  g.expiry_due_ms = 300;
  temporal::Item i;
  i.time_ms = 5;
  i.offset_minutes = 420;
  i.exit = true;
  i.pending = true;
  i.due_ms = 5 + 64;
  i.event_id = "e1";
  i.checkpoint = "BL";
  g.items = {i};
  // version, zigzag varints of -1, 300, the item count, time 5, offset 420, the flags, the
  // deadline's delta 64, then the length-prefixed id, checkpoint and (empty) value.
  const std::string expected(
      "\x02\x01\xd8\x04\x01\x0a\xc8\x06\x06\x80\x01\x02"
      "e1\x02"
      "BL\x00",
      18);
  CHECK(temporal::encode(g) == expected);
  auto back = temporal::decode(expected);
  REQUIRE(back.has_value());
  CHECK(back->items.at(0).due_ms == 69);
}
