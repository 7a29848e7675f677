// The shipped stateful rules (rules/stateful.yaml): each fires on its pattern over several
// crossings and stays quiet on the near miss.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "rules/sources.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kDay;
using test::kHour;
using test::kMinute;
using test::kT0;
using test::TemporalRig;

std::shared_ptr<const rules::RuleSet> pack() {
  auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
  REQUIRE(sources.ok());
  auto r = rules::RuleSet::compile(*sources, test::border_config());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return r.rule_set;
}

// A rig running the whole shipped pack; only stateful alerts are reported.
struct PackRig : TemporalRig {
  PackRig() : TemporalRig("[]", kHour) { use_rules(pack()); }
  bool fires(const Crossing& c, const std::string& rule) {
    auto names = send(c);
    return std::find(names.begin(), names.end(), rule) != names.end();
  }
};

Crossing crossing(int64_t t, const std::string& doc, const std::string& direction = "exit") {
  Crossing c;
  c.at = t;
  c.doc = doc;
  c.id_number = "3" + doc;
  c.direction = direction;
  return c;
}

TEST_CASE("shipped: escort_repeat fires on the 3rd different party the adult came back without") {
  PackRig rig;
  auto out = [](int64_t t, const std::string& doc, const char* party) {
    Crossing c = crossing(t, doc);
    c.party = party;
    c.party_size = 4;
    return c;
  };
  auto back = [](int64_t t, const std::string& doc, const char* party = "", int size = 0) {
    Crossing c = crossing(t, doc, "entry");
    c.party = party;
    c.party_size = size;
    return c;
  };
  CHECK_FALSE(rig.fires(out(kT0, "E1", "P1"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + kDay, "E1"), "escort_repeat"));  // alone
  CHECK_FALSE(rig.fires(out(kT0 + 10 * kDay, "E1", "P2"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 11 * kDay, "E1", "K1", 2), "escort_repeat"));  // smaller
  CHECK_FALSE(rig.fires(out(kT0 + 30 * kDay, "E1", "P3"), "escort_repeat"));
  CHECK(rig.fires(back(kT0 + 30 * kDay + kHour, "E1"), "escort_repeat"));
  CHECK(rig.alerts().back().context.size() == 3);  // the three exits
  // Near miss: E2 comes back with the second party (a family trip, not an escort).
  CHECK_FALSE(rig.fires(out(kT0 + 40 * kDay, "E2", "P1"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 41 * kDay, "E2"), "escort_repeat"));
  CHECK_FALSE(rig.fires(out(kT0 + 42 * kDay, "E2", "P2"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 43 * kDay, "E2", "P2", 4), "escort_repeat"));
  CHECK_FALSE(rig.fires(out(kT0 + 44 * kDay, "E2", "P3"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 45 * kDay, "E2"), "escort_repeat"));
  // Near miss: E3 takes three parties out but the third exit is a second past 30 days.
  CHECK_FALSE(rig.fires(out(kT0 + 100 * kDay, "E3", "P1"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 100 * kDay + kHour, "E3"), "escort_repeat"));
  CHECK_FALSE(rig.fires(out(kT0 + 110 * kDay, "E3", "P2"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 110 * kDay + kHour, "E3"), "escort_repeat"));
  CHECK_FALSE(rig.fires(out(kT0 + 130 * kDay + 1000, "E3", "P3"), "escort_repeat"));
  CHECK_FALSE(rig.fires(back(kT0 + 130 * kDay + kHour, "E3"), "escort_repeat"));
}

TEST_CASE("shipped: vehicle_shuttle fires on three parties in one vehicle within 7 days") {
  PackRig rig;
  auto trip = [](int64_t t, const std::string& doc, const char* party, const char* plate) {
    Crossing c = crossing(t, doc);
    c.party = party;
    c.plate = plate;
    return c;
  };
  CHECK_FALSE(rig.fires(trip(kT0, "V1", "P1", "1กข1"), "vehicle_shuttle"));
  CHECK_FALSE(rig.fires(trip(kT0 + kDay, "V2", "P2", "1กข1"), "vehicle_shuttle"));
  CHECK_FALSE(rig.fires(trip(kT0 + kDay, "V3", "P2", "2กข2"), "vehicle_shuttle"));
  CHECK(rig.fires(trip(kT0 + 7 * kDay, "V4", "P3", "1กข1"), "vehicle_shuttle"));
}

TEST_CASE("shipped: irregular_return fires for a Thai entry with no exit in 180 days") {
  PackRig rig;
  CHECK(rig.send(crossing(kT0, "R0")).empty());              // history starts
  CHECK(rig.send(crossing(kT0 + 90 * kDay, "R1")).empty());  // R1 leaves
  // R9 never left either, but 100 days of history cannot show "no exit in 180 days".
  CHECK(rig.send(crossing(kT0 + 100 * kDay, "R9", "entry")).empty());
  CHECK(rig.send(crossing(kT0 + 181 * kDay, "R1", "entry")).empty());  // and returns
  CHECK(rig.send(crossing(kT0 + 181 * kDay, "R2", "entry")).empty());  // R2 never left
  Crossing foreign = crossing(kT0 + 181 * kDay, "R3", "entry");
  foreign.nationality = "KHM";
  CHECK(rig.send(foreign).empty());
  auto fired = rig.tick(kT0 + 181 * kDay + kHour);
  CHECK(fired == std::vector<std::string>{"irregular_return"});
  CHECK(rig.alerts().back().fields.front().second == "3R2");
}

TEST_CASE("shipped: border_pass_overstay fires 7 days after an exit with no return") {
  PackRig rig;
  Crossing out = crossing(kT0, "BP1");
  out.doc_type = "border_pass";
  CHECK(rig.send(out).empty());
  Crossing out2 = crossing(kT0, "BP2");
  out2.doc_type = "border_pass";
  rig.send(out2);
  Crossing back = crossing(kT0 + 6 * kDay, "BP2", "entry");
  back.doc_type = "border_pass";
  rig.send(back);
  std::vector<std::string> fired = rig.tick(kT0 + 7 * kDay + kHour);
  CHECK(std::count(fired.begin(), fired.end(), "border_pass_overstay") == 1);
  CHECK(rig.alerts().back().hits.front().output.find("BP1") != std::string::npos);
}

TEST_CASE("shipped: impossible_travel and high_frequency_courier") {
  PackRig rig;
  CHECK_FALSE(rig.fires(crossing(kT0, "T1"), "impossible_travel"));
  Crossing far = crossing(kT0 + 10 * kMinute, "T1", "entry");
  far.checkpoint = "BAN_PHAKKAD";
  CHECK(rig.fires(far, "impossible_travel"));
  CHECK_FALSE(rig.fires(crossing(kT0 + 2 * kHour, "T1"), "high_frequency_courier"));
  CHECK(rig.fires(crossing(kT0 + 24 * kHour, "T1", "entry"), "high_frequency_courier"));
  CHECK_FALSE(rig.fires(crossing(kT0 + 3 * kDay, "T1"), "high_frequency_courier"));
}

TEST_CASE("shipped: document_details_changed fires when the details differ within a year") {
  PackRig rig;
  CHECK_FALSE(rig.fires(crossing(kT0, "D1"), "document_details_changed"));
  CHECK_FALSE(rig.fires(crossing(kT0 + 10 * kDay, "D1", "entry"), "document_details_changed"));
  Crossing other = crossing(kT0 + 300 * kDay, "D1");
  other.surname = "KHAMDI";
  CHECK(rig.fires(other, "document_details_changed"));
}

}  // namespace
