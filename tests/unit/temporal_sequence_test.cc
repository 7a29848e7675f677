// Sequences (followed_by): the window's edges, `where`, out-of-order arrival, a restart in
// the middle of a window, expiry, and counting completed sequences.
#include <doctest/doctest.h>

#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kDay;
using test::kHour;
using test::kMinute;
using test::kT0;
using test::TemporalRig;
using Names = std::vector<std::string>;

// A vehicle leaves at one checkpoint and comes back through another within 10 minutes.
const char* kLoop = R"(
- rule: loop
  desc: d
  condition: direction = "exit"
  stateful:
    followed_by: direction = "entry"
    where: then.checkpoint != first.checkpoint
    by: traveller.document.number
    within: 10m
  output: "{traveller.document.number} back at {checkpoint}"
  priority: high
)";

// Three different parties taken out, each time coming back without that party.
const char* kEscort = R"(
- rule: escort
  desc: d
  condition: direction = "exit" and party_id exists
  stateful:
    followed_by: direction = "entry"
    where: then.party_id != first.party_id and then.party_size < first.party_size
    aggregate: distinct(party_id)
    by: traveller.document.number
    within: 30d
    threshold: 3
  output: "{traveller.document.number}"
  priority: high
)";

Crossing at(int64_t t, const std::string& doc, const char* direction,
            const char* checkpoint = "BAN_LAEM") {
  Crossing c;
  c.at = t;
  c.doc = doc;
  c.direction = direction;
  c.checkpoint = checkpoint;
  return c;
}

TEST_CASE("followed_by: B exactly `within` after A fires, one second more does not") {
  TemporalRig rig(kLoop);
  CHECK(rig.send(at(kT0, "A", "exit")).empty());
  CHECK(rig.send(at(kT0 + 10 * kMinute, "A", "entry", "SAP_TARI")) == Names{"loop"});
  CHECK(rig.send(at(kT0, "B", "exit")).empty());
  CHECK(rig.send(at(kT0 + 10 * kMinute + 1000, "B", "entry", "SAP_TARI")).empty());
  // The alert is raised on B and lists A then B.
  const auto& a = rig.alerts().at(0);
  CHECK(a.event_id == "e2");
  CHECK(a.hits.front().output == "A back at SAP_TARI");
  CHECK(a.fields.at(1).second == "followed_by");
  REQUIRE(a.context.size() == 2);
  CHECK(a.context[0].event_id == "e1");
  CHECK(a.context[0].checkpoint == "BAN_LAEM");
  CHECK(a.context[1].event_id == "e2");
  CHECK(a.context[1].checkpoint == "SAP_TARI");
}

TEST_CASE("followed_by: `where` must hold for the first B after A; each A is answered once") {
  TemporalRig rig(kLoop);
  CHECK(rig.send(at(kT0, "A", "exit")).empty());
  CHECK(rig.send(at(kT0 + kMinute, "A", "entry")).empty());  // back at the same checkpoint
  CHECK(rig.send(at(kT0 + 2 * kMinute, "A", "entry", "SUAN_SOM")).empty());  // not A's return
  CHECK(rig.send(at(kT0 + 3 * kMinute, "B", "exit")).empty());
  CHECK(rig.send(at(kT0 + 4 * kMinute, "B", "entry", "SUAN_SOM")) == Names{"loop"});
  CHECK(rig.send(at(kT0 + 5 * kMinute, "B", "entry", "SAP_TARI")).empty());  // B already done
  CHECK(rig.send(at(kT0 + 6 * kMinute, "C", "entry", "SAP_TARI")).empty());  // another key
}

TEST_CASE("followed_by: a B that arrives before its A (out of order) completes the pair") {
  TemporalRig rig(kLoop, kHour);
  CHECK(rig.send(at(kT0 + 5 * kMinute, "A", "entry", "SAP_TARI")).empty());
  CHECK(rig.send(at(kT0, "A", "exit")) == Names{"loop"});
  const auto& a = rig.alerts().back();
  CHECK(a.event_id == "e2");  // raised on the A that completed it
  REQUIRE(a.context.size() == 2);
  CHECK(a.context[0].event_id == "e2");  // in event-time order: A, then B
  CHECK(a.context[1].event_id == "e1");
  // Beyond the lateness an A is not applied, so it pairs with nothing.
  CHECK(rig.send(at(kT0 + 3 * kHour, "D", "entry", "SAP_TARI")).empty());
  CHECK(rig.send(at(kT0 + 3 * kHour - 5 * kMinute - kHour, "D", "exit")).empty());
  CHECK(rig.last_outcome == temporal::Engine::Outcome::kLate);
}

TEST_CASE("followed_by: a restart in the middle of the window keeps A") {
  TemporalRig rig(kLoop);
  CHECK(rig.send(at(kT0, "A", "exit")).empty());
  rig.restart();
  CHECK(rig.send(at(kT0 + 9 * kMinute, "A", "entry", "SAP_TARI")) == Names{"loop"});
  rig.restart();  // the answered A stays answered
  CHECK(rig.send(at(kT0 + 10 * kMinute, "A", "entry", "SUAN_SOM")).empty());
}

TEST_CASE("followed_by: state expires with the window") {
  TemporalRig rig(kLoop, kHour);
  CHECK(rig.send(at(kT0, "A", "exit")).empty());
  CHECK(rig.engine().group_count() == 1);
  rig.send(at(kT0 + kHour + 10 * kMinute + 1, "Z", "exit"));
  rig.tick(0);
  CHECK(rig.engine().group_count() == 1);  // only Z's
  rig.restart();
  CHECK(rig.engine().group_count() == 1);
}

TEST_CASE("followed_by with an aggregate counts different parties whose adult came back alone") {
  TemporalRig rig(kEscort);
  auto out = [](int64_t t, const char* party) {
    Crossing c = at(t, "E", "exit");
    c.party = party;
    return c;
  };
  auto back = [](int64_t t, const char* party = "", int size = 3) {
    Crossing c = at(t, "E", "entry");
    c.party = party;
    c.party_size = size;
    return c;
  };
  CHECK(rig.send(out(kT0, "P1")).empty());
  CHECK(rig.send(back(kT0 + kDay)).empty());  // alone
  CHECK(rig.send(out(kT0 + 2 * kDay, "P2")).empty());
  CHECK(rig.send(back(kT0 + 3 * kDay, "P2", 3)).empty());  // came back with the party
  CHECK(rig.send(out(kT0 + 4 * kDay, "P3")).empty());
  CHECK(rig.send(back(kT0 + 5 * kDay, "Q", 1)).empty());  // a smaller, different party: 2
  CHECK(rig.send(out(kT0 + 5 * kDay + kHour, "P5")).empty());
  CHECK(rig.send(back(kT0 + 5 * kDay + 2 * kHour, "R", 5)).empty());  // a bigger party
  CHECK(rig.send(out(kT0 + 6 * kDay, "P1")).empty());                 // P1 again: still 2 different
  CHECK(rig.send(back(kT0 + 7 * kDay)).empty());
  CHECK(rig.send(out(kT0 + 8 * kDay, "P4")).empty());
  CHECK(rig.send(back(kT0 + 9 * kDay)) == Names{"escort"});
  const auto& a = rig.alerts().back();
  CHECK(a.fields.at(1).second == "followed_by");
  CHECK(a.context.size() == 4);  // the four exits answered by a return alone
}

TEST_CASE("followed_by syntax errors name the problem") {
  auto compile = [](const std::string& stateful) {
    std::string yaml =
        "- rule: r\n  desc: d\n  condition: direction = \"exit\"\n  output: o\n"
        "  priority: low\n  stateful: " +
        stateful + "\n";
    auto r = rules::RuleSet::compile({{"f.yaml", yaml}}, test::border_config());
    return rules::format_diagnostics(r.diagnostics);
  };
  const std::string by = ", by: vehicle.plate, within: 1h}";
  CHECK(compile("{followed_by: direction = \"entry\"" + by).empty());
  CHECK(
      compile("{followed_by: direction = \"entry\", where: then.checkpoint = first.checkpoint" + by)
          .empty());
  CHECK(compile("{aggregate: count, where: then.checkpoint = first.checkpoint" + by)
            .find("needs followed_by") != std::string::npos);
  CHECK(compile("{followed_by: direction = \"entry\", where: checkpoint = first.checkpoint" + by)
            .find("f.yaml:6:") != std::string::npos);
  CHECK(compile("{followed_by: direction = \"entry\", where: then.checkpoint = then.lane" + by)
            .find("compares then.X with first.Y") != std::string::npos);
  CHECK(compile("{followed_by: direction = \"entry\", where: then.checkpoint ~ first.x" + by)
            .find("expected a relation") != std::string::npos);
  CHECK(
      compile("{followed_by: direction = \"entry\", where: then.chekpoint = first.checkpoint" + by)
          .find("chekpoint") != std::string::npos);
  CHECK(compile("{followed_by: direction = \"entry\", threshold: 2" + by)
            .find("only with an aggregate") != std::string::npos);
  CHECK(compile("{followed_by: direction = \"entry\", aggregate: count" + by)
            .find("needs 'threshold'") != std::string::npos);
}

}  // namespace
