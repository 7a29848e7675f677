// Crossing generator: determinism, schema validity, ground truth of injected cases, rates,
// opening hours and checkpoint status; generated watchlists.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "config/loader.h"
#include "event/decode.h"
#include "json/writer.h"
#include "sim/crossing_generator.h"
#include "sim/people.h"
#include "sim/watchlist_data.h"
#include "watchlist/csv_import.h"

namespace {

using bw::sim::CrossingGenerator;
using bw::sim::GeneratorOptions;
using bw::sim::Injection;

// The five Chanthaburi checkpoints, as config/borderwatch.yaml has them (08:00-16:00).
std::string config_yaml(const std::string& ban_laem_status = "open",
                        const std::string& sap_tari_status = "open") {
  return "checkpoints:\n"
         "  - {id: SAP_TARI, type: temporary, status: " +
         sap_tari_status +
         ", hours: {open: \"08:00\", close: \"16:00\"}}\n"
         "  - {id: SUAN_SOM, type: temporary, hours: {open: \"08:00\", close: \"16:00\"}}\n"
         "  - {id: BUENG_CHANANG, type: temporary, hours: {open: \"08:00\", close: \"16:00\"}}\n"
         "  - {id: BAN_LAEM, type: permanent, status: " +
         ban_laem_status +
         ", hours: {open: \"08:00\", close: \"16:00\"}}\n"
         "  - {id: BAN_PHAKKAD, type: permanent, hours: {open: \"08:00\", close: \"16:00\"}}\n";
}

bw::config::Config test_config(const std::string& ban_laem = "open",
                               const std::string& sap_tari = "open") {
  auto cfg = bw::config::load_text(config_yaml(ban_laem, sap_tari), "test.yaml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error().message));
  return *cfg;
}

bw::EpochMs monday_7am() {
  return bw::parse_rfc3339("2025-06-02T07:00:00+07:00")->utc_ms;
}

GeneratorOptions base_options(uint64_t seed = 42) {
  GeneratorOptions o;
  o.seed = seed;
  o.start = monday_7am();
  o.events_per_second_simulated = 2;
  return o;
}

CrossingGenerator make(const bw::config::Config& cfg, GeneratorOptions o) {
  auto g = CrossingGenerator::create(cfg, std::move(o));
  REQUIRE_MESSAGE(g.ok(), (g.ok() ? "" : g.error().message));
  return std::move(*g);
}

const bw::json::Value* path(const bw::json::Value& v, const char* p) {
  return v.find_path(p);
}

int64_t days_of(const bw::json::Value& v, const char* p) {
  return *bw::parse_date_days(path(v, p)->as_string());
}

int age_of(const bw::json::Value& v) {
  const auto birth = bw::parse_partial_date(path(v, "traveller.birth_date")->as_string());
  const auto t = bw::parse_rfc3339(path(v, "time")->as_string());
  return bw::age_in_years(*birth, bw::floor_div(t->utc_ms + 7 * 3600'000, 86'400'000));
}

int64_t max_count(const bw::json::Value& v, const char* category) {
  int64_t n = 0;
  if (const auto* goods = v.find("goods")) {
    for (const auto& g : goods->as_array()) {
      if (g.string_or("category") == category) n = std::max<int64_t>(n, g.number_or("count", 0));
    }
  }
  return n;
}

bool undeclared_usd_over(const bw::json::Value& v, double limit) {
  if (const auto* cash = v.find("cash")) {
    for (const auto& c : cash->as_array()) {
      if (c.string_or("currency") == "USD" && c.number_or("amount", 0) > limit &&
          !c.find("declared")->as_bool()) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

TEST_CASE("sim generator: the same seed gives the same events, another seed others") {
  const auto cfg = test_config();
  auto a = make(cfg, base_options(7));
  auto b = make(cfg, base_options(7));
  auto c = make(cfg, base_options(8));
  int differing = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string x = a.next_json();
    REQUIRE(x == b.next_json());
    if (x != c.next_json()) ++differing;
  }
  CHECK(differing > 1900);
  CHECK(a.last_event_id() == "sim7-000002000");
}

TEST_CASE("sim generator: 10,000 events all pass event validation") {
  const auto cfg = test_config();
  auto o = base_options(3);
  o.stolen_documents = {"N01234567", "AB7654321"};
  o.watched_plates = {"1กข 1234", "2A-9876"};
  o.inject_rate = 0.05;
  auto g = make(cfg, o);
  std::set<std::string> ids;
  std::map<std::string, int> per_checkpoint;
  size_t bytes = 0;
  for (int i = 0; i < 10'000; ++i) {
    const std::string text = g.next_json();
    bytes += text.size();
    auto parsed = bw::json::parse(text);
    REQUIRE(parsed.ok());
    auto ev = bw::event::validate(std::move(*parsed), cfg);
    REQUIRE_MESSAGE(ev.ok(), (ev.ok() ? "" : ev.error().message + "\n" + text));
    CHECK(ids.insert(ev->id).second);
    ++per_checkpoint[ev->checkpoint];
  }
  CHECK(per_checkpoint.size() == 5);
  CHECK(per_checkpoint["BAN_LAEM"] > per_checkpoint["BAN_PHAKKAD"]);
  CHECK(per_checkpoint["BAN_PHAKKAD"] > per_checkpoint["SAP_TARI"]);
  CHECK(bytes / 10'000 > 350);  // realistic sizes for the benchmarks: about 400-600 bytes
  CHECK(bytes / 10'000 < 700);
}

TEST_CASE("sim generator: natural events are clean, injected ones carry their case") {
  const auto cfg = test_config();
  auto o = base_options(11);
  o.stolen_documents = bw::sim::document_numbers(bw::sim::make_listed_documents(5, 2000));
  o.watched_plates = bw::sim::plate_values(bw::sim::make_listed_plates(6, 500));
  o.inject_rate = 0.1;
  std::set<std::string> stolen(o.stolen_documents.begin(), o.stolen_documents.end());
  std::set<std::string> plates(o.watched_plates.begin(), o.watched_plates.end());
  auto g = make(cfg, o);
  std::map<Injection, int> seen;
  for (int i = 0; i < 20'000; ++i) {
    const auto v = g.next();
    const auto kind = g.last_injection();
    ++seen[kind];
    const bool listed_doc = stolen.count(path(v, "traveller.document.number")->as_string()) != 0;
    const auto* plate = path(v, "vehicle.plate");
    const bool listed_plate = plate != nullptr && plates.count(plate->as_string()) != 0;
    const bool expired =
        days_of(v, "traveller.document.expiry") <
        bw::floor_div(bw::parse_rfc3339(path(v, "time")->as_string())->utc_ms, 86'400'000);
    const bool minor_alone = age_of(v) < 18 && v.find("party_id") == nullptr;
    CHECK(listed_doc == (kind == Injection::kStolenDocument));
    CHECK(listed_plate == (kind == Injection::kWatchedPlate));
    CHECK((max_count(v, "sim_card") > 20) == (kind == Injection::kBulkSimCards));
    CHECK(undeclared_usd_over(v, 20'000) == (kind == Injection::kUndeclaredCash));
    CHECK(expired == (kind == Injection::kExpiredDocument));
    CHECK(minor_alone == (kind == Injection::kMinorAlone));
    CHECK((max_count(v, "phone") > 2) <= (kind == Injection::kBulkSimCards));
    CHECK((max_count(v, "sim_box") > 0) <= (kind == Injection::kBulkSimCards));
    const auto nat = path(v, "traveller.nationality")->as_string();
    const auto cp = v.string_or("checkpoint");
    if (cp != "BAN_LAEM" && cp != "BAN_PHAKKAD") CHECK((nat == "THA" || nat == "KHM"));
    const int64_t issued_days_ago =
        bw::floor_div(bw::parse_rfc3339(path(v, "time")->as_string())->utc_ms, 86'400'000) -
        days_of(v, "traveller.document.issued");
    if (kind != Injection::kExpiredDocument) CHECK(issued_days_ago >= 59);
    if (kind == Injection::kMinorAlone) CHECK(v.string_or("direction") == "exit");
  }
  for (int k = 1; k < static_cast<int>(bw::sim::kInjectionKinds); ++k) {
    CHECK(seen[static_cast<Injection>(k)] > 250);  // round robin: about 2000 / 6 each
  }
}

TEST_CASE("sim generator: injection rate is roughly as asked") {
  const auto cfg = test_config();
  auto o = base_options(5);
  o.inject_rate = 0.02;
  auto g = make(cfg, o);
  for (int i = 0; i < 50'000; ++i) g.next();
  const double share = static_cast<double>(g.stats().injected) / 50'000.0;
  CHECK(share > 0.017);
  CHECK(share < 0.023);
}

TEST_CASE("sim generator: exact injection count among the first N events") {
  const auto cfg = test_config();
  auto o = base_options(9);
  o.stolen_documents = {"N07777777"};
  o.inject_kinds = {Injection::kStolenDocument, Injection::kUndeclaredCash};
  o.inject_count = 37;
  o.inject_within = 1000;
  auto g = make(cfg, o);
  int first = 0, after = 0;
  for (int i = 0; i < 1500; ++i) {
    g.next();
    (i < 1000 ? first : after) += g.last_was_injected() ? 1 : 0;
  }
  CHECK(first == 37);
  CHECK(after == 0);
  CHECK(g.stats().by_kind[static_cast<size_t>(Injection::kStolenDocument)] == 19);
  CHECK(g.stats().by_kind[static_cast<size_t>(Injection::kUndeclaredCash)] == 18);
}

TEST_CASE("sim generator: times advance within opening hours, nights skipped") {
  const auto cfg = test_config();
  auto o = base_options(4);
  o.events_per_second_simulated = 0.5;  // about 3 simulated days
  auto g = make(cfg, o);
  bw::EpochMs last = o.start;
  std::set<int64_t> days;
  for (int i = 0; i < 40'000; ++i) {
    const auto v = g.next();
    const auto t = bw::parse_rfc3339(path(v, "time")->as_string());
    REQUIRE(t.has_value());
    CHECK(t->offset_minutes == 7 * 60);
    CHECK(t->utc_ms >= last);
    last = t->utc_ms;
    const int64_t local_minute = bw::floor_div(t->utc_ms + 7 * 3600'000, 60'000) % (24 * 60);
    CHECK(local_minute >= 8 * 60);
    CHECK(local_minute < 16 * 60);
    days.insert(bw::floor_div(t->utc_ms + 7 * 3600'000, 86'400'000));
  }
  CHECK(days.size() >= 2);
}

TEST_CASE("sim generator: closed and restricted checkpoints") {
  const auto cfg = test_config("closed", "restricted");
  auto g = make(cfg, base_options(12));
  int sap_tari = 0;
  for (int i = 0; i < 5000; ++i) {
    const auto v = g.next();
    const auto cp = v.string_or("checkpoint");
    CHECK(cp != "BAN_LAEM");
    if (cp != "SAP_TARI") continue;
    ++sap_tari;
    const auto nat = path(v, "traveller.nationality")->as_string();
    const auto dir = v.string_or("direction");
    // Restricted: only Thais coming home and Cambodians leaving.
    CHECK(((nat == "THA" && dir == "entry") || (nat == "KHM" && dir == "exit")));
  }
  CHECK(sap_tari > 100);
}

TEST_CASE("sim generator: parties, same-day returns and Thai ids are consistent") {
  const auto cfg = test_config();
  auto o = base_options(21);
  o.follow_opening_hours = false;  // no group is cut short by closing time
  o.events_per_second_simulated = 0.05;
  auto g = make(cfg, o);
  struct Party {
    int seen = 0, size = 0;
    std::set<std::string> checkpoints, directions;
  };
  std::map<std::string, Party> parties;
  std::map<std::string, std::vector<std::string>> crossings;  // document -> checkpoint/direction
  for (int i = 0; i < 20'000; ++i) {
    const auto v = g.next();
    if (const auto* id = path(v, "traveller.id_number")) {
      CHECK(bw::sim::valid_thai_id(id->as_string()));
    }
    crossings[path(v, "traveller.document.number")->as_string()].push_back(
        v.string_or("checkpoint") + "/" + v.string_or("direction"));
    if (const auto* p = v.find("party_id")) {
      auto& party = parties[p->as_string()];
      ++party.seen;
      party.size = static_cast<int>(v.number_or("party_size", 0));
      party.checkpoints.insert(v.string_or("checkpoint"));
      party.directions.insert(v.string_or("direction"));
    }
  }
  CHECK(parties.size() > 100);
  for (const auto& [id, p] : parties) {
    if (p.seen < p.size) continue;  // the last group may still be queueing
    CHECK(p.seen == p.size);
    CHECK(p.checkpoints.size() == 1);
    CHECK(p.directions.size() == 1);
  }
  int returns = 0;
  for (const auto& [doc, list] : crossings) {
    if (list.size() != 2) continue;
    ++returns;
    CHECK(list[0].substr(0, list[0].find('/')) == list[1].substr(0, list[1].find('/')));
    CHECK(list[0] != list[1]);  // out and back: opposite directions
  }
  CHECK(returns > 1000);
  CHECK(g.stats().returns == static_cast<uint64_t>(returns));
}

TEST_CASE("sim generator: unusable options are errors, not exceptions") {
  const auto cfg = test_config();
  auto o = base_options();
  o.inject_kinds = {Injection::kStolenDocument};
  CHECK_FALSE(CrossingGenerator::create(cfg, o).ok());
  o = base_options();
  o.events_per_second_simulated = 0;
  CHECK_FALSE(CrossingGenerator::create(cfg, o).ok());
  o = base_options();
  o.inject_count = 10;
  o.inject_within = 5;
  CHECK_FALSE(CrossingGenerator::create(cfg, o).ok());
  auto all_closed =
      bw::config::load_text("checkpoints:\n  - {id: BAN_LAEM, status: closed}\n", "closed.yaml");
  REQUIRE(all_closed.ok());
  CHECK_FALSE(CrossingGenerator::create(*all_closed, base_options()).ok());
  Injection k;
  CHECK(bw::sim::parse_injection("minor_alone", k));
  CHECK(k == Injection::kMinorAlone);
  CHECK_FALSE(bw::sim::parse_injection("none", k));
}

TEST_CASE("sim watchlists: generated lists are distinct and import as CSV") {
  const auto docs = bw::sim::make_listed_documents(1, 5000);
  auto parsed = bw::watchlist::parse_csv(bw::sim::documents_csv(docs, "stolen, reported"));
  REQUIRE(parsed.ok());
  CHECK(parsed->kind == bw::watchlist::Kind::kDocuments);
  CHECK(parsed->problems.empty());
  CHECK(parsed->entries.size() == 5000);
  CHECK(parsed->entries.front().reason == "stolen, reported");

  const auto plates = bw::sim::make_listed_plates(2, 300);
  auto vehicles = bw::watchlist::parse_csv(bw::sim::plates_csv(plates, "wanted"));
  REQUIRE(vehicles.ok());
  CHECK(vehicles->kind == bw::watchlist::Kind::kVehicles);
  CHECK(vehicles->entries.size() == 300);
  CHECK(bw::sim::make_listed_documents(1, 10)[3].number == docs[3].number);
}
