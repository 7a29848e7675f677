// The rules' scoring form of watchlist(): a number to compare, and the hit's breakdown among
// the alert's fields.
#include <doctest/doctest.h>

#include "json/parse.h"
#include "rules/rule_set.h"
#include "test_support.h"
#include "watchlist/watchlist.h"

using namespace bw;

TEST_CASE("watchlist rule: watchlist(list, traveller) is a score with its breakdown") {
  const auto cfg = test::test_config();
  auto compiled = rules::RuleSet::compile(
      {{"t.yaml",
        "- rule: wanted\n  desc: d\n  condition: watchlist(\"wanted\", traveller) >= 0.88\n"
        "  output: o\n  priority: critical\n"}},
      cfg);
  INFO(rules::format_diagnostics(compiled.diagnostics));
  REQUIRE(compiled.ok());

  watchlist::PersonEntry p;
  p.id = "w1";
  p.names = {"CHEA Sok"};
  p.birth = *watchlist::parse_partial_date("1984-03-12");
  p.nationality = "KHM";
  auto persons = std::make_shared<const watchlist::PersonList>(std::vector{p});
  auto set = watchlist::WatchlistSet().with(
      std::make_shared<const watchlist::Watchlist>("wanted", persons));

  const auto fire = [&](const std::string& traveller) {
    auto body = json::parse(
        R"({"event_id":"e1","checkpoint":"BAN_LAEM","time":"2025-06-01T10:00:00+07:00",)"
        R"("direction":"exit","traveller":)" +
        traveller + "}");
    REQUIRE(body.ok());
    event::Event ev;
    ev.body = std::move(body.value());
    ev.id = "e1";
    ev.checkpoint = "BAN_LAEM";
    ev.time = *parse_rfc3339("2025-06-01T10:00:00+07:00");
    std::vector<rules::Match> out;
    rules::EvalContext ctx{ev, cfg.find_checkpoint(ev.checkpoint), set.get(), 7 * 60};
    compiled.rule_set->evaluate(ctx, out);
    return out;
  };
  const auto hit = fire(R"({"surname":"CHEAR","given_names":"Sok","birth_date":"1984-03-12",)"
                        R"("nationality":"KHM"})");
  REQUIRE(hit.size() == 1);
  bool breakdown = false;
  for (const auto& [path, text] : hit[0].fields) {
    if (path == "watchlist(\"wanted\", traveller)") {
      breakdown = text.find("\"pairs\"") != std::string::npos &&
                  text.find("birth date same") != std::string::npos;
    }
  }
  CHECK(breakdown);
  // The same name, another person: no alert.
  CHECK(fire(R"({"surname":"CHEA","given_names":"Sok","birth_date":"1950-01-01"})").empty());
}
