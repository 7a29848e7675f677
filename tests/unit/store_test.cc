#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/store.h"
#include "test_support.h"

using bw::store::Store;

TEST_CASE("store: committed events and alerts survive reopening; sequence continues") {
  bw::test::TempDir dir;
  {
    auto store = Store::open(dir.str());
    REQUIRE(store.ok());
    auto& s = **store;
    CHECK(s.next_alert_seq() == 1);
    bw::store::CommitBatch batch;
    batch.events = {{"BAN_LAEM/1", "{\"a\":1}"}, {"BAN_LAEM/2", "{\"a\":2}"}};
    batch.alerts = {{1, "{\"seq\":1}"}};
    REQUIRE(s.commit(batch).ok());
    CHECK(s.next_alert_seq() == 2);
    CHECK(s.events_stored() == 2);
    CHECK(*s.has_event("BAN_LAEM/1"));
    CHECK_FALSE(*s.has_event("BAN_LAEM/3"));
    bw::store::CommitBatch out_of_order;
    out_of_order.alerts = {{5, "{}"}};
    CHECK_FALSE(s.commit(out_of_order).ok());
    CHECK(s.next_alert_seq() == 2);
  }
  auto store = Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  CHECK(s.next_alert_seq() == 2);
  CHECK(s.events_stored() == 2);
  CHECK(**s.get_event("BAN_LAEM/2") == "{\"a\":2}");
  auto alerts = s.alerts_since(0, 10);
  REQUIRE(alerts.ok());
  REQUIRE(alerts->size() == 1);
  CHECK((*alerts)[0].seq == 1);
}

TEST_CASE("store: a second process cannot open the same database") {
  bw::test::TempDir dir;
  auto first = Store::open(dir.str());
  REQUIRE(first.ok());
  auto second = Store::open(dir.str());
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().message.find("store: open") == 0);
}

TEST_CASE("store: rule-set versions and active pointer") {
  bw::test::TempDir dir;
  auto store = Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  CHECK_FALSE(s.active_rule_set()->has_value());
  CHECK(*s.add_rule_set("one") == 1);
  CHECK(*s.add_rule_set("two") == 2);
  CHECK((*s.active_rule_set())->json == "two");
  REQUIRE(s.set_active_rule_set(1).ok());
  CHECK((*s.active_rule_set())->version == 1);
  CHECK_FALSE(s.set_active_rule_set(9).ok());
  CHECK(s.rule_set_history()->size() == 2);
}

TEST_CASE("store: replacing a watchlist removes the old entries atomically") {
  bw::test::TempDir dir;
  auto store = Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  REQUIRE(s.replace_watchlist({"a", "{}", {{"K1", "1"}, {"K2", "2"}}}).ok());
  REQUIRE(s.replace_watchlist({"ab", "{}", {{"K9", "9"}}}).ok());
  REQUIRE(s.replace_watchlist({"a", "{}", {{"K3", "3"}}}).ok());
  auto lists = s.load_watchlists();
  REQUIRE(lists.ok());
  REQUIRE(lists->size() == 2);
  CHECK((*lists)[0].name == "a");
  REQUIRE((*lists)[0].entries.size() == 1);
  CHECK((*lists)[0].entries[0].first == "K3");
  CHECK((*lists)[1].entries.size() == 1);  // "ab" untouched by replacing "a"
}

TEST_CASE("store: a write that would leave less than min_free_bytes is refused, reads work") {
  bw::test::TempDir dir;
  {
    auto store = Store::open(dir.str());
    REQUIRE(store);
    bw::store::CommitBatch first;
    first.events.emplace_back("CP/E1", "{}");
    REQUIRE((*store)->commit(first));
  }
  // More free space than any disk has: every write must be refused before RocksDB sees it.
  auto store = Store::open(dir.str(), {.min_free_bytes = uint64_t{1} << 62});
  REQUIRE(store);
  bw::store::CommitBatch batch;
  batch.events.emplace_back("CP/E2", "{}");
  auto s = (*store)->commit(batch);
  REQUIRE_FALSE(s);
  CHECK(s.error().message.find("store: disk full") != std::string::npos);
  CHECK_FALSE((*store)->put_alert_state(1, "{}"));
  CHECK_FALSE((*store)->add_rule_set("{}"));
  CHECK_FALSE((*store)->replace_watchlist({"w", "{}", {}}));
  CHECK(*(*store)->has_event("CP/E1"));
  CHECK_FALSE(*(*store)->has_event("CP/E2"));
  CHECK((*store)->events_stored() == 1);
}

TEST_CASE("store: each commit writes exactly its own batch, after a bigger or a refused one") {
  // commit() reuses one write buffer: nothing of an earlier batch may leak into a later one,
  // including a batch refused half-built (alert sequence out of order).
  bw::test::TempDir dir;
  auto store = Store::open(dir.str());
  REQUIRE(store.ok());
  auto& s = **store;
  const std::string big_body(2000, 'x');
  std::vector<std::string> keys;
  for (int i = 0; i < 500; ++i) keys.push_back("BAN_LAEM/big" + std::to_string(i));
  bw::store::CommitBatch big;
  for (const auto& k : keys) big.events.emplace_back(k, big_body);
  big.alerts = {{1, "{\"seq\":1}"}};
  REQUIRE(s.commit(big).ok());

  bw::store::CommitBatch refused;
  refused.events = {{"BAN_LAEM/refused", "{\"r\":1}"}};
  refused.alerts = {{7, "{}"}};
  CHECK_FALSE(s.commit(refused).ok());

  bw::store::CommitBatch small;
  small.events = {{"BAN_LAEM/small", "{\"s\":1}"}};
  small.alerts = {{2, "{\"seq\":2}"}};
  REQUIRE(s.commit(small).ok());

  CHECK_FALSE(*s.has_event("BAN_LAEM/refused"));
  CHECK(**s.get_event("BAN_LAEM/small") == "{\"s\":1}");
  CHECK(**s.get_event("BAN_LAEM/big499") == big_body);
  CHECK(s.events_stored() == 501);
  size_t scanned = 0;
  REQUIRE(s.scan_events([&](std::string_view, std::string_view) {
             ++scanned;
             return true;
           }).ok());
  CHECK(scanned == 501);
  auto alerts = s.alerts_since(0, 10);
  REQUIRE(alerts.ok());
  REQUIRE(alerts->size() == 2);
  CHECK((*alerts)[1].json == "{\"seq\":2}");
}

// The events family inserts with a per-checkpoint hint (rocksdb_store.cc): keys that do not
// follow their checkpoint's previous one, checkpoints that prefix each other and keys
// without a checkpoint must still be stored, found and scanned in key order.
TEST_CASE("store: events stay ordered and findable whatever order their keys arrive in") {
  bw::test::TempDir dir;
  const std::vector<std::vector<std::string>> batches = {
      {"B/0005", "A/0003", "AB/0001", "B/0006", "A/0004"},
      {"A/0001", "B/0009", "AB/0000", "A/0009", "nocheckpoint"},
      {"B/0001", "AB/0007", "A/0002", "/0001", "B/0007"},
  };
  std::vector<std::string> all;
  auto check_all = [&](Store& s) {
    std::vector<std::string> scanned;
    REQUIRE(s.scan_events([&](std::string_view key, std::string_view raw) {
               CHECK(raw == "{\"k\":\"" + std::string(key) + "\"}");
               scanned.emplace_back(key);
               return true;
             }).ok());
    CHECK(scanned == all);
    for (const auto& k : all) CHECK(**s.get_event(k) == "{\"k\":\"" + k + "\"}");
    CHECK_FALSE(s.get_event("A/0005")->has_value());
  };
  {
    auto store = Store::open(dir.str());
    REQUIRE(store.ok());
    for (const auto& keys : batches) {
      bw::store::CommitBatch batch;
      std::vector<std::string> raws;
      raws.reserve(keys.size());
      for (const auto& k : keys) raws.push_back("{\"k\":\"" + k + "\"}");
      for (size_t i = 0; i < keys.size(); ++i) batch.events.emplace_back(keys[i], raws[i]);
      REQUIRE((*store)->commit(batch).ok());
      all.insert(all.end(), keys.begin(), keys.end());
    }
    std::sort(all.begin(), all.end());
    check_all(**store);  // from the memtable
  }
  auto reopened = Store::open(dir.str());  // replayed from the log
  REQUIRE(reopened.ok());
  check_all(**reopened);
}
