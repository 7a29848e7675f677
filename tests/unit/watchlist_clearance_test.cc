// Officers' clearances: who a traveller is, and that a clearance silences exactly one
// traveller against exactly one entry until it expires or is revoked.
#include <doctest/doctest.h>

#include <algorithm>

#include "json/parse.h"
#include "rules/rule_set.h"
#include "test_support.h"
#include "watchlist/clearance.h"
#include "watchlist/watchlist.h"

using namespace bw;

namespace {

json::Value traveller(const std::string& text) {
  auto v = json::parse(text);
  REQUIRE(v.ok());
  return std::move(v.value());
}

watchlist::Clearance clearance(std::string list, std::string entry, std::string who,
                               EpochMs until) {
  watchlist::Clearance c;
  c.id = "c1";
  c.list = std::move(list);
  c.entry = std::move(entry);
  c.traveller = std::move(who);
  c.by = "officer";
  c.reason = "same name, different person";
  c.created_at = 1000;
  c.until = until;
  return c;
}

}  // namespace

TEST_CASE("clearance: traveller identity prefers the document, else name and birth date") {
  CHECK(watchlist::traveller_identity(
            traveller(R"({"surname":"X","document":{"number":"aa 123-4567","country":"tha"}})")) ==
        "doc:THA:AA1234567");
  const auto by_name = watchlist::traveller_identity(
      traveller(R"({"surname":"CHEA","given_names":"Sok","birth_date":"1984-03-12"})"));
  CHECK(by_name == "name:CHEA SOK|1984-03-12");
  CHECK(watchlist::traveller_identity(
            traveller(R"({"name":"sok chea","birth_date":"1984-03-12"})")) == by_name);
  // A name alone identifies nobody: such a traveller is never cleared.
  CHECK(watchlist::traveller_identity(traveller(R"({"surname":"CHEA"})")).empty());
  CHECK(watchlist::traveller_identity(traveller(R"("text")")).empty());
}

TEST_CASE("clearance: JSON round trip keeps revocation; corrupt records are refused") {
  auto c = clearance("wanted", "w1", "doc:THA:AA1", 5000);
  c.revoked_at = 2000;
  c.revoked_by = "chief";
  auto back = watchlist::clearance_from_json(watchlist::to_json(c));
  REQUIRE(back.ok());
  CHECK(back->until == 5000);
  CHECK(back->revoked_at == 2000);
  CHECK(back->revoked_by == "chief");
  CHECK_FALSE(back->in_force(1500));
  CHECK_FALSE(watchlist::clearance_from_json(traveller(R"({"id":"c1"})")).ok());
  watchlist::ClearanceSet set({c});
  CHECK_FALSE(set.covers("wanted", "W1", "doc:THA:AA1", 1500));  // revoked: not in force
}

TEST_CASE("clearance: a cleared pair stops alerting until expiry; others still alert") {
  const auto cfg = test::test_config();
  auto compiled = rules::RuleSet::compile(
      {{"t.yaml",
        "- rule: wanted\n  desc: d\n  condition: watchlist(\"wanted\", traveller) >= 0.88\n"
        "  output: o\n  priority: critical\n"
        "- rule: lost\n  desc: d\n  condition: watchlist(\"lost\", traveller.document.number)\n"
        "  output: o\n  priority: high\n"}},
      cfg);
  INFO(rules::format_diagnostics(compiled.diagnostics));
  REQUIRE(compiled.ok());

  watchlist::PersonEntry a, b;
  a.id = "w1";
  a.names = {"CHEA Sok"};
  a.birth = *watchlist::parse_partial_date("1984-03-12");
  b = a;
  b.id = "w2";  // a second listing of the same name: a distinct entry
  auto persons = std::make_shared<const watchlist::PersonList>(std::vector{a, b});
  watchlist::Entry lost{"AB1234567", "AB 1234567", "KHM", "passport", "stolen", 2};
  auto base = watchlist::WatchlistSet()
                  .with(std::make_shared<const watchlist::Watchlist>("wanted", persons))
                  ->with(std::make_shared<const watchlist::Watchlist>(
                      "lost", watchlist::Kind::kDocuments, std::vector{lost}));

  const std::string sok = R"({"surname":"CHEA","given_names":"Sok","birth_date":"1984-03-12",)"
                          R"("document":{"number":"AB1234567","country":"KHM"}})";
  const std::string other = R"({"surname":"CHEA","given_names":"Sok","birth_date":"1984-03-12",)"
                            R"("document":{"number":"N0000001","country":"KHM"}})";
  const auto fired = [&](const watchlist::WatchlistSet& set, const std::string& t, EpochMs now) {
    auto body = json::parse(R"({"event_id":"e1","checkpoint":"BAN_LAEM",)"
                            R"("time":"2025-06-01T10:00:00+07:00","direction":"exit",)"
                            R"("traveller":)" +
                            t + "}");
    REQUIRE(body.ok());
    event::Event ev;
    ev.body = std::move(body.value());
    ev.id = "e1";
    ev.checkpoint = "BAN_LAEM";
    ev.time = *parse_rfc3339("2025-06-01T10:00:00+07:00");
    std::vector<rules::Match> out;
    compiled.rule_set->evaluate({ev, cfg.find_checkpoint(ev.checkpoint), &set, 7 * 60, now}, out);
    std::vector<std::string> rules;
    for (const auto& m : out) rules.push_back(m.rule->name);
    std::sort(rules.begin(), rules.end());
    std::string names;
    for (const auto& r : rules) names += r + " ";
    return names;
  };
  const std::string sok_id = watchlist::traveller_identity(traveller(sok));
  CHECK(fired(*base, sok, 2000) == "lost wanted ");

  // Cleared against w1 only: w2 (same name) still hits, so the person rule still fires.
  auto only_w1 = base->with_clearances(std::make_shared<const watchlist::ClearanceSet>(
      std::vector{clearance("wanted", "w1", sok_id, 5000)}));
  CHECK(fired(*only_w1, sok, 2000) == "lost wanted ");

  auto both = base->with_clearances(std::make_shared<const watchlist::ClearanceSet>(
      std::vector{clearance("wanted", "w1", sok_id, 5000), clearance("wanted", "w2", sok_id, 5000),
                  clearance("lost", "AB 1234567", sok_id, 5000)}));
  CHECK(fired(*both, sok, 2000) == "");
  CHECK(fired(*both, sok, 4999) == "");
  CHECK(fired(*both, sok, 5000) == "lost wanted ");  // expired
  CHECK(fired(*both, other, 2000) == "wanted ");     // another traveller: not cleared
  // A clearance on one list does not reach another list's entry of the same name.
  auto other_list = base->with_clearances(std::make_shared<const watchlist::ClearanceSet>(
      std::vector{clearance("lost", "w1", sok_id, 5000), clearance("lost", "w2", sok_id, 5000)}));
  CHECK(fired(*other_list, sok, 2000) == "lost wanted ");
}
