// The stateful rules' evaluation done ahead of the state (temporal/prepare.h), as the daemon's
// ingest loop does it for the committer: the same alerts and state writes as evaluating each
// event when it is applied.
#include <doctest/doctest.h>

#include <set>

#include "rules/sources.h"
#include "temporal_support.h"

namespace bw::test {
namespace {

std::shared_ptr<const rules::RuleSet> shipped_pack(const config::Config& config) {
  auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
  REQUIRE(sources.ok());
  auto r = rules::RuleSet::compile(*sources, config);
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.rule_set->stateful_rules().size() >= 5);
  return r.rule_set;
}

// A deterministic mix of crossings over few documents, parties and vehicles, so every kind of
// shipped stateful rule sees its keys again within its window; some arrive out of order.
std::vector<Crossing> crossing_mix(size_t n) {
  const char* checkpoints[] = {"BAN_LAEM", "BAN_PHAKKAD", "SAP_TARI", "SUAN_SOM", "BUENG_CHANANG"};
  uint64_t seed = 12345;
  auto next = [&](uint64_t mod) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % mod;
  };
  std::vector<Crossing> out;
  int64_t at = kT0;
  for (size_t i = 0; i < n; ++i) {
    Crossing c;
    c.id = "m" + std::to_string(i);
    at += static_cast<int64_t>(next(6 * 60)) * kMinute;
    c.at = at - (next(5) == 0 ? static_cast<int64_t>(next(90)) * kMinute : 0);
    c.direction = next(2) == 0 ? "exit" : "entry";
    c.checkpoint = checkpoints[next(5)];
    c.doc = next(20) == 0 ? "" : "AA" + std::to_string(1000000 + next(12));
    c.doc_type = next(3) == 0 ? "border_pass" : "passport";
    c.surname = next(8) == 0 ? "SRISUK" : "MEESUK";
    if (next(2) == 0) c.party = "P" + std::to_string(next(6));
    c.party_size = 1 + static_cast<int>(next(5));
    if (next(2) == 0) c.plate = "PL" + std::to_string(next(4));
    out.push_back(std::move(c));
  }
  return out;
}

struct Output {
  std::vector<std::string> alerts;  // JSON
  temporal::StateOps ops;
};

void tick(temporal::Engine& engine, const std::shared_ptr<const rules::RuleSet>& rules, int64_t now,
          Output& out) {
  std::vector<alert::Alert> alerts;
  engine.advance(rules, now, out.ops, alerts);
  for (const auto& a : alerts) out.alerts.push_back(alert::to_json(a));
}

}  // namespace

TEST_CASE("stateful hits prepared before any is applied give the same alerts and writes") {
  const config::Config config = test_config();
  const auto rules = shipped_pack(config);
  event::EventDecoder decoder(config, 64 * 1024);
  std::vector<event::Event> events;
  for (const Crossing& c : crossing_mix(1500)) {
    auto ev = decoder.decode(json_of(c));
    REQUIRE(ev.ok());
    events.push_back(std::move(*ev));
  }
  // As the ingest loop does: every event prepared on its own Preparer, ahead of the engine.
  temporal::Preparer preparer(config);
  std::vector<std::vector<temporal::PreparedHit>> hits(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    preparer.prepare(events[i], *rules, nullptr, events[i].time.utc_ms, hits[i]);
  }

  temporal::Engine one_by_one(config, 3 * kHour);
  temporal::Engine prepared(config, 3 * kHour);
  Output a;
  Output b;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& ev = events[i];
    std::vector<alert::Alert> fired_a;
    std::vector<alert::Alert> fired_b;
    const auto outcome_a = one_by_one.on_event(ev, rules, nullptr, ev.time.utc_ms, a.ops, fired_a);
    const auto outcome_b =
        prepared.on_prepared(ev, rules, nullptr, ev.time.utc_ms, hits[i], b.ops, fired_b);
    CHECK(outcome_a == outcome_b);
    for (const auto& x : fired_a) a.alerts.push_back(alert::to_json(x));
    for (const auto& x : fired_b) b.alerts.push_back(alert::to_json(x));
    if (i % 50 == 49) {
      tick(one_by_one, rules, ev.time.utc_ms + 4 * kHour, a);
      tick(prepared, rules, ev.time.utc_ms + 4 * kHour, b);
    }
  }
  CHECK(a.alerts == b.alerts);
  CHECK(a.ops == b.ops);
  CHECK(one_by_one.group_count() == prepared.group_count());
  CHECK(one_by_one.pending_deadlines() == prepared.pending_deadlines());
  // The mix reaches the shipped rules' thresholds and deadlines, so the comparison covers them.
  std::set<std::string> fired;
  for (const auto& json : a.alerts) {
    for (const char* name : {"vehicle_shuttle", "impossible_travel", "high_frequency_courier",
                             "document_details_changed", "border_pass_overstay"}) {
      if (json.find(std::string("\"") + name + "\"") != std::string::npos) fired.insert(name);
    }
  }
  CHECK(fired.size() == 5);
}

TEST_CASE("a stateful rule whose key is missing or empty gets no prepared hit") {
  const config::Config config = test_config();
  const auto rules = shipped_pack(config);
  event::EventDecoder decoder(config, 64 * 1024);
  temporal::Preparer preparer(config);
  auto names_of = [&](const Crossing& c) {
    auto ev = decoder.decode(json_of(c));
    REQUIRE(ev.ok());
    std::vector<temporal::PreparedHit> hits;
    preparer.prepare(*ev, *rules, nullptr, c.at, hits);
    std::set<std::string> names;
    for (const auto& h : hits) {
      CHECK_FALSE(h.key.empty());
      names.insert(rules->stateful_rules()[h.rule].info.name);
    }
    return names;
  };
  Crossing with_plate;
  with_plate.id = "p1";
  with_plate.direction = "exit";
  with_plate.party = "P1";
  with_plate.plate = "PL1";
  CHECK(names_of(with_plate).count("vehicle_shuttle") == 1);
  CHECK(names_of(with_plate).count("impossible_travel") == 1);
  Crossing no_plate = with_plate;
  no_plate.plate.clear();
  CHECK(names_of(no_plate).count("vehicle_shuttle") == 0);
  Crossing no_document = with_plate;
  no_document.doc.clear();
  const auto left = names_of(no_document);
  CHECK(left.count("impossible_travel") == 0);
  CHECK(left.count("high_frequency_courier") == 0);
  CHECK(left.count("vehicle_shuttle") == 1);
}

}  // namespace bw::test
