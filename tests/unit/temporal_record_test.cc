// Stateful rule state stored as one record per key text (temporal/keys.h): its encoding, the
// migration of state stored one value per rule by earlier releases, and expiry that prunes
// without writing while the key keeps other state.
#include <doctest/doctest.h>

#include "faulty_store.h"
#include "temporal/group.h"
#include "temporal/keys.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kHour;
using test::kMinute;
using test::kT0;
using test::TemporalRig;
using Names = std::vector<std::string>;

const std::string kTwoRules = std::string(test::kTwiceAnHourRule) + R"(
- rule: thrice_a_week
  desc: d
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 7d, threshold: 3}
  output: "{traveller.document.number}"
  priority: high
)";

Crossing at(int64_t t, const std::string& doc) {
  Crossing c;
  c.at = t;
  c.doc = doc;
  return c;
}

std::vector<std::string> stored_keys(store::Store& s) {
  std::vector<std::string> keys;
  REQUIRE(s.scan_rule_state([&](std::string_view k, std::string_view) {
             keys.emplace_back(k);
             return true;
           }).ok());
  return keys;
}

temporal::Group one_item_group(int64_t t, const std::string& id, int64_t expiry) {
  temporal::Group g;
  g.expiry_due_ms = expiry;
  temporal::Item i;
  i.time_ms = t;
  i.offset_minutes = 420;
  i.event_id = id;
  i.checkpoint = "BAN_LAEM";
  i.exit = true;
  g.items.push_back(i);
  return g;
}

TEST_CASE("key record encoding: round trip of several rules' groups; damage is refused") {
  std::vector<temporal::KeyedGroup> groups(2);
  groups[0].identity = 0x0102030405060708ULL;
  groups[0].group = one_item_group(kT0, "e1", kT0 + kHour);
  groups[0].group.last_fired_ms = kT0 - 5;
  groups[1].identity = 42;
  groups[1].group = one_item_group(kT0 + kMinute, "e2", kT0 + 2 * kHour);
  groups[1].group.items[0].pending = true;
  groups[1].group.items[0].due_ms = kT0 + 3 * kHour;
  groups[1].group.items[0].value = "rendered";
  const std::string bytes = temporal::encode_record(groups);
  CHECK(bytes[0] == '\x03');
  auto back = temporal::decode_record(bytes);
  REQUIRE(back.has_value());
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].identity == groups[0].identity);
  CHECK((*back)[0].group.last_fired_ms == kT0 - 5);
  CHECK((*back)[0].group.items.at(0).event_id == "e1");
  CHECK((*back)[1].identity == 42);
  CHECK((*back)[1].group.expiry_due_ms == kT0 + 2 * kHour);
  CHECK((*back)[1].group.items.at(0).due_ms == kT0 + 3 * kHour);
  CHECK((*back)[1].group.items.at(0).value == "rendered");
  CHECK_FALSE(temporal::decode_record(bytes.substr(0, bytes.size() - 1)).has_value());
  // A crossing every rule remembers: its id and checkpoint are stored once in the record.
  std::vector<temporal::KeyedGroup> same(3);
  for (size_t k = 0; k < same.size(); ++k) {
    same[k].identity = k + 1;
    same[k].group = one_item_group(kT0, "crossing-000123456", kT0 + kHour);
  }
  same[2].group.items.push_back(same[2].group.items[0]);
  same[2].group.items[1].event_id = "crossing-000123457";
  same[2].group.items[1].checkpoint = "SAP_TARI";
  const std::string shared = temporal::encode_record(same);
  size_t apart = 0;
  for (const auto& kg : same) apart += temporal::encode(kg.group).size() + 8;
  CHECK(shared.size() + 2 * (18 + 8) <= apart);
  auto shared_back = temporal::decode_record(shared);
  REQUIRE(shared_back.has_value());
  for (size_t k = 0; k < same.size(); ++k) {
    CHECK((*shared_back)[k].group.items.at(0).event_id == "crossing-000123456");
    CHECK((*shared_back)[k].group.items.at(0).checkpoint == "BAN_LAEM");
  }
  CHECK((*shared_back)[2].group.items.at(1).event_id == "crossing-000123457");
  CHECK((*shared_back)[2].group.items.at(1).checkpoint == "SAP_TARI");
  CHECK_FALSE(temporal::decode_record(bytes + "x").has_value());
  CHECK_FALSE(temporal::decode_record(temporal::encode(groups[0].group)).has_value());
}

// As the previous release wrote it: a group per rule for key "A" (one crossing "old1" at kT0),
// the watermark, the histories.
void write_per_rule_state(TemporalRig& rig) {
  store::CommitBatch legacy;
  for (const auto& r : rig.rules()->stateful_rules()) {
    legacy.state_ops.emplace_back(
        temporal::group_key(r.identity, "A"),
        temporal::encode(one_item_group(kT0, "old1", kT0 + 8 * 24 * kHour)));
    legacy.state_ops.emplace_back(temporal::since_key(r.identity), temporal::be64(kT0));
  }
  legacy.state_ops.emplace_back(std::string(temporal::kWatermarkKey), temporal::be64(kT0));
  REQUIRE(rig.store().commit(legacy).ok());
}

size_t per_rule_keys(store::Store& s) {
  const auto keys = stored_keys(s);
  return static_cast<size_t>(
      std::count_if(keys.begin(), keys.end(), [](const std::string& k) { return k[0] == 'g'; }));
}

TEST_CASE("state stored one value per rule by an earlier release is loaded and moved to records") {
  TemporalRig rig(kTwoRules);
  write_per_rule_state(rig);
  rig.restart();
  CHECK(rig.engine().group_count() == 2);
  const auto keys = stored_keys(rig.store());
  CHECK(std::count(keys.begin(), keys.end(), "kA") == 1);
  CHECK(per_rule_keys(rig.store()) == 0);
  // The migrated window continues: the old crossing counts with the new ones.
  CHECK(rig.send(at(kT0 + 30 * kMinute, "A")) == Names{"twice_an_hour"});
  CHECK(rig.alerts().back().context.at(0).event_id == "old1");
  rig.restart();
  CHECK(rig.send(at(kT0 + 40 * kMinute, "A")) == Names{"thrice_a_week"});  // hour already fired
}

TEST_CASE("a migration whose write fails keeps the old state, and the next start finishes it") {
  TemporalRig rig(kTwoRules);
  write_per_rule_state(rig);
  rig.wrap_store = [](std::unique_ptr<store::Store> inner) {
    auto faulty = std::make_unique<test::FaultyStore>(std::move(inner));
    faulty->fail_commits = true;
    return std::unique_ptr<store::Store>(std::move(faulty));
  };
  const Status failed = rig.try_restart();
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message.find("No space left on device") != std::string::npos);
  CHECK(per_rule_keys(rig.store()) == 2);  // nothing moved, nothing lost
  rig.wrap_store = nullptr;
  rig.restart();
  CHECK(per_rule_keys(rig.store()) == 0);
  const auto keys = stored_keys(rig.store());
  CHECK(std::count(keys.begin(), keys.end(), "kA") == 1);
  CHECK(rig.send(at(kT0 + 30 * kMinute, "A")) == Names{"twice_an_hour"});
  CHECK(rig.alerts().back().context.at(0).event_id == "old1");
}

TEST_CASE("a key's short window expires without a write while its long one keeps the key") {
  TemporalRig rig(kTwoRules, kHour);
  CHECK(rig.send(at(kT0, "A")).empty());
  CHECK(rig.send(at(kT0 + 3 * kHour, "B")).empty());
  CHECK(rig.tick(0).empty());  // A's hour has passed the watermark: pruned in memory only
  CHECK(rig.last_ops == 0);
  CHECK(rig.engine().group_count() == 3);
  rig.restart();  // A's record still holds the expired hour: loaded, then pruned, unwritten
  CHECK(rig.engine().group_count() == 4);
  CHECK(rig.tick(0).empty());
  CHECK(rig.last_ops == 0);
  CHECK(rig.engine().group_count() == 3);
  CHECK(rig.send(at(kT0 + 3 * kHour + kMinute, "A")).empty());
  CHECK(rig.send(at(kT0 + 3 * kHour + 2 * kMinute, "A")) ==
        Names{"twice_an_hour", "thrice_a_week"});
  // Once every group of A is gone, so is its record.
  CHECK(rig.send(at(kT0 + 9 * 24 * kHour, "C")).empty());
  CHECK(rig.tick(0).empty());
  const auto keys = stored_keys(rig.store());
  CHECK(std::count(keys.begin(), keys.end(), "kA") == 0);
  CHECK(std::count(keys.begin(), keys.end(), "kC") == 1);
}

}  // namespace
