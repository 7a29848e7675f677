// Rules engine: evaluation of operators, functions, array filters, watchlists, site fields,
// output templates and Match::fields.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "json/parse.h"
#include "rules/nodes.h"
#include "rules/rule_set.h"
#include "rules_support.h"
#include "test_support.h"

namespace {

using namespace bw;

config::Config border_config() {
  config::Config c;
  auto add = [&](const char* id, const char* name, config::CheckpointType t, double km) {
    c.checkpoints.push_back(test::checkpoint(id, name, t, km));
  };
  add("BAN_LAEM", "Ban Laem", config::CheckpointType::kPermanent, 47);
  add("SAP_TARI", "Ban Sap Tari", config::CheckpointType::kTemporary, 22);
  return c;
}

struct Ev {
  std::string fields;  // extra members of the body, without braces
  std::string direction = "exit";
  std::string checkpoint = "BAN_LAEM";
  std::string time = "2025-06-01T10:00:00+07:00";
};

event::Event make_event(const Ev& e) {
  std::string text = R"({"event_id":"e1","checkpoint":")" + e.checkpoint + R"(","time":")" +
                     e.time + R"(","direction":")" + e.direction + "\"" +
                     (e.fields.empty() ? "" : "," + e.fields) + "}";
  return test::event_from_json(text);
}

std::shared_ptr<const rules::RuleSet> compile_ok(const std::string& yaml) {
  auto r = rules::RuleSet::compile({{"t.yaml", yaml}}, border_config());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return r.rule_set;
}

std::string rule_yaml(const std::string& condition, const std::string& output = "o") {
  return "- rule: r\n  desc: d\n  condition: |\n    " + condition + "\n  output: '" + output +
         "'\n  priority: info\n";
}

std::vector<rules::Match> run(const rules::RuleSet& set, const event::Event& ev,
                              const watchlist::WatchlistSet* lists = nullptr,
                              const config::Config& cfg = border_config()) {
  std::vector<rules::Match> out;
  rules::EvalContext ctx{ev, cfg.find_checkpoint(ev.checkpoint), lists, 7 * 60};
  set.evaluate(ctx, out);
  return out;
}

bool matches(const std::string& condition, const Ev& e,
             const watchlist::WatchlistSet* lists = nullptr) {
  INFO("condition: " << condition << "\nevent: " << e.fields);
  auto set = compile_ok(rule_yaml(condition));
  return !run(*set, make_event(e), lists).empty();
}

const Ev kTraveller{R"("traveller":{"surname":"SOMCHAI","given_names":"Dee","nationality":"THA",
  "birth_date":"1990-05-20","document":{"type":"passport","number":"AA1234567","country":"THA",
  "expiry":"2030-01-01","issued":"2025-05-25"},"residence":{"province":"Chiang Mai"}},
  "party_size":4,"purpose":"Work","vehicle":{"plate":"1AB-234","country":"KHM"},
  "attributes":{"risk":0.7,"flag":true,"code":"X1"},"route_code":"R7",
  "goods":[{"category":"sim_card","count":15},{"category":"phone","count":3},
           {"category":"sim_card","count":10},{"category":"phone"}],
  "cash":[{"currency":"USD","amount":15000,"declared":false},
          {"currency":"USD","amount":9000,"declared":true},
          {"currency":"EUR","amount":8000,"declared":false}])"};

}  // namespace

TEST_CASE("rules eval: comparisons on strings, numbers, bools and field pairs") {
  CHECK(matches("traveller.surname = \"SOMCHAI\"", kTraveller));
  CHECK_FALSE(matches("traveller.surname = \"somchai\"", kTraveller));
  CHECK(matches("traveller.surname != \"X\"", kTraveller));
  CHECK(matches("party_size = 4", kTraveller));
  CHECK(matches("party_size >= 4 and party_size <= 4", kTraveller));
  CHECK_FALSE(matches("party_size > 4", kTraveller));
  CHECK_FALSE(matches("party_size < 4", kTraveller));
  CHECK(matches("party_size > 3.5", kTraveller));
  CHECK(matches("attributes.flag = true", kTraveller));
  CHECK(matches("attributes.flag", kTraveller));
  CHECK(matches("vehicle.country != traveller.nationality", kTraveller));
  CHECK_FALSE(matches("vehicle.country = traveller.nationality", kTraveller));
  CHECK(matches("traveller.document.issued < traveller.document.expiry", kTraveller));
  CHECK(matches("direction = \"exit\" and checkpoint = \"BAN_LAEM\"", kTraveller));
  CHECK(matches("time >= \"2025-06-01T03:00:00Z\"", kTraveller));
  CHECK_FALSE(matches("time > \"2025-06-01T03:00:00Z\"", kTraveller));
  CHECK(matches("traveller.document.expiry > \"2029-12-31\"", kTraveller));
  CHECK(matches("traveller.birth_date < \"1991\"", kTraveller));
  CHECK(matches("attributes.risk > 0.5 and attributes.code = \"X1\"", kTraveller));
  CHECK(matches("extra.route_code = \"R7\"", kTraveller));
}

TEST_CASE("rules eval: missing fields make comparisons false, never errors") {
  const Ev bare{};
  CHECK_FALSE(matches("traveller.surname = \"X\"", bare));
  CHECK_FALSE(matches("traveller.surname != \"X\"", bare));
  CHECK(matches("not (traveller.surname = \"X\")", bare));
  CHECK(matches("not traveller.surname exists", bare));
  CHECK_FALSE(matches("party_size < 1", bare));
  CHECK_FALSE(matches("party_size between 0 and 100", bare));
  CHECK_FALSE(matches("traveller.nationality in (\"THA\")", bare));
  CHECK(matches("not traveller.nationality in (\"THA\")", bare));
  CHECK_FALSE(matches("traveller.surname contains \"\"", bare));
  CHECK_FALSE(matches("vehicle.country != traveller.nationality", bare));
  CHECK_FALSE(matches("age(traveller.birth_date) < 200", bare));
  CHECK_FALSE(matches("days_until(traveller.document.expiry) < 100000", bare));
  CHECK_FALSE(matches("len(traveller.surname) >= 0", bare));
  CHECK_FALSE(matches("lower(traveller.surname) = \"\"", bare));
  CHECK_FALSE(matches("goods[category = \"x\"].count = 0", bare));
  CHECK_FALSE(matches("len(goods) >= 0", bare));
  CHECK_FALSE(matches("goods[category = \"x\"] exists", bare));
  CHECK_FALSE(matches("attributes.flag", bare));
  CHECK_FALSE(matches("extra.nothing = 1", bare));
  // Wrong JSON types behave as missing.
  const Ev odd{R"("party_size":"4","traveller":{"surname":5,"birth_date":"soon"},"lane":null)"};
  CHECK_FALSE(matches("party_size = 4", odd));
  CHECK_FALSE(matches("party_size >= 0", odd));
  CHECK_FALSE(matches("traveller.surname contains \"5\"", odd));
  CHECK_FALSE(matches("age(traveller.birth_date) >= 0", odd));
  CHECK_FALSE(matches("lane exists", odd));
  CHECK(matches("party_size exists", odd));
}

TEST_CASE("rules eval: in, string operators, glob, regex, exists, between") {
  CHECK(matches("traveller.nationality in (\"KHM\", \"THA\")", kTraveller));
  CHECK_FALSE(matches("traveller.nationality in (\"KHM\", \"LAO\")", kTraveller));
  CHECK_FALSE(matches("traveller.nationality in ()", kTraveller));
  CHECK(matches("party_size in (1, 4, 9)", kTraveller));
  CHECK(matches("traveller.document.expiry in (\"2030-01-01\")", kTraveller));
  CHECK(matches("traveller.surname contains \"MCH\"", kTraveller));
  CHECK_FALSE(matches("traveller.surname contains \"mch\"", kTraveller));
  CHECK(matches("traveller.surname icontains \"mCh\"", kTraveller));
  CHECK(matches("traveller.surname startswith \"SOM\"", kTraveller));
  CHECK_FALSE(matches("traveller.surname startswith \"OM\"", kTraveller));
  CHECK(matches("traveller.surname endswith \"CHAI\"", kTraveller));
  CHECK(matches("traveller.surname contains traveller.document.country", Ev{R"(
    "traveller":{"surname":"THAKSIN","document":{"country":"THA"}})"}));
  CHECK(matches("vehicle.plate glob \"1?\?-*\"", kTraveller));
  CHECK(matches("vehicle.plate glob \"*4\"", kTraveller));
  CHECK_FALSE(matches("vehicle.plate glob \"1?-*\"", kTraveller));
  CHECK(matches("vehicle.plate regex \"^[0-9][A-Z]{2}-[0-9]+$\"", kTraveller));
  CHECK_FALSE(matches("vehicle.plate regex \"^[A-Z]\"", kTraveller));
  CHECK(
      matches("vehicle.plate exists and vehicle exists and traveller.document exists", kTraveller));
  CHECK(matches("party_size between 4 and 10", kTraveller));
  CHECK(matches("party_size between 1 and 4", kTraveller));
  CHECK_FALSE(matches("party_size between 5 and 10", kTraveller));
  CHECK(matches("traveller.document.issued between \"2025-05-25\" and \"2025-05-25\"", kTraveller));
}

TEST_CASE("rules eval: glob matcher") {
  using bw::rules::glob_match;
  CHECK(glob_match("", ""));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
  CHECK(glob_match("?", "x"));
  CHECK_FALSE(glob_match("?", ""));
  CHECK(glob_match("**a", "bba"));
  CHECK(glob_match(std::string(50, '*') + "b", std::string(10000, 'a') + "b"));
}

TEST_CASE("rules eval: lists and lists of a field of unknown type") {
  auto set = compile_ok(
      "- list: codes\n  items: [X1, \"7\", 8]\n"
      "- rule: by_code\n  desc: d\n  condition: attributes.code in codes\n  output: o\n"
      "  priority: info\n"
      "- rule: by_size\n  desc: d\n  condition: party_size in sizes\n  output: o\n"
      "  priority: info\n"
      "- list: sizes\n  items: [3, 4]\n");
  CHECK(run(*set, make_event(Ev{R"("attributes":{"code":"X1"})"})).size() == 1);
  CHECK(run(*set, make_event(Ev{R"("attributes":{"code":8})"})).size() == 1);
  CHECK(run(*set, make_event(Ev{R"("attributes":{"code":"8"})"})).size() == 1);
  CHECK(run(*set, make_event(Ev{R"("attributes":{"code":"9"})"})).empty());
  CHECK(run(*set, make_event(Ev{R"("party_size":4)"})).size() == 1);
  CHECK(run(*set, make_event(Ev{R"("party_size":5)"})).empty());
}

TEST_CASE("rules eval: array filters sum, count and test elements") {
  CHECK(matches("goods[category = \"sim_card\"].count = 25", kTraveller));
  CHECK(matches("goods[category = \"sim_card\"].count > 20", kTraveller));
  CHECK_FALSE(matches("goods[category = \"sim_card\" and count > 12].count > 20", kTraveller));
  CHECK(matches("goods[category = \"phone\"].count = 3", kTraveller));  // element w/o count
  CHECK(matches("len(goods[category = \"phone\"]) = 2", kTraveller));
  CHECK(matches("len(goods) = 4", kTraveller));
  CHECK(matches("goods.count = 28", kTraveller));
  CHECK(matches("goods[category = \"phone\"] exists", kTraveller));
  CHECK_FALSE(matches("goods[category = \"sim_box\"] exists", kTraveller));
  CHECK(matches("goods[category = \"sim_box\"].count = 0", kTraveller));
  CHECK(matches("cash[declared = false and currency = \"USD\"].amount = 15000", kTraveller));
  CHECK(matches("cash[currency = \"USD\"].amount = 24000", kTraveller));
  CHECK(matches("cash[not declared].amount = 23000", kTraveller));
  CHECK(matches("cash[currency in (\"EUR\", \"GBP\")].amount between 8000 and 8000", kTraveller));
  CHECK(matches("goods exists", Ev{R"("goods":[])"}));
  CHECK(matches("len(goods) = 0", Ev{R"("goods":[])"}));
  CHECK_FALSE(matches("goods[count > 0] exists", Ev{R"("goods":[])"}));
  CHECK_FALSE(matches("goods[category = \"x\"].count = 0", Ev{R"("goods":{"category":"x"})"}));
}

TEST_CASE("rules eval: age with partial birth dates at boundaries") {
  struct Case {
    const char* birth;
    const char* time;
    int age;
  };
  const Case cases[] = {
      {"2007-06-01", "2025-06-01T10:00:00+07:00", 18},
      {"2007-06-01", "2025-05-31T23:59:00+07:00", 17},
      {"2007-06-01", "2025-05-31T17:00:00Z", 18},  // already 1 June in Bangkok
      {"2007-06", "2025-06-01T10:00:00+07:00", 18},
      {"2007-06", "2025-05-31T10:00:00+07:00", 17},
      {"2007", "2025-01-01T00:00:00+07:00", 18},
      {"2007", "2024-12-31T23:59:00+07:00", 17},
      {"2008-02-29", "2026-02-28T12:00:00+07:00", 17},
      {"2008-02-29", "2026-03-01T12:00:00+07:00", 18},
  };
  for (const Case& c : cases) {
    CAPTURE(c.birth);
    CAPTURE(c.time);
    Ev e{std::string(R"("traveller":{"birth_date":")") + c.birth + "\"}"};
    e.time = c.time;
    CHECK(matches("age(traveller.birth_date) = " + std::to_string(c.age), e));
  }
}

TEST_CASE("rules eval: days_until, days_since, len, lower, upper") {
  Ev e{R"("traveller":{"surname":"สมชาย","given_names":"Dee",
    "document":{"expiry":"2025-06-01","issued":"2025-05-18"}},"purpose":"WoRk")"};
  CHECK(matches("days_until(traveller.document.expiry) = 0", e));
  CHECK(matches("days_since(traveller.document.issued) = 14", e));
  e.time = "2025-06-02T09:00:00+07:00";
  CHECK(matches("days_until(traveller.document.expiry) = -1", e));
  CHECK(matches("days_since(traveller.document.issued) = 15", e));
  CHECK(matches("len(traveller.surname) = 5", e));  // code points, not bytes
  CHECK(matches("lower(purpose) = \"work\" and upper(purpose) = \"WORK\"", e));
  CHECK(matches("upper(traveller.given_names) startswith \"DE\"", e));
}

TEST_CASE("rules eval: watchlist() looks up normalised values") {
  using watchlist::Entry;
  std::vector<Entry> docs{{"AB123456", "AB 123456", "THA", "passport", "stolen", 1}};
  std::vector<Entry> plates{{"1AB234", "1AB-234", "Chanthaburi", "", "smuggling", 1}};
  auto set = std::make_shared<watchlist::WatchlistSet>();
  set = std::const_pointer_cast<watchlist::WatchlistSet>(
      set->with(std::make_shared<watchlist::Watchlist>("lost_stolen_documents",
                                                       watchlist::Kind::kDocuments, docs)));
  auto lists = set->with(std::make_shared<watchlist::Watchlist>(
      "watched_vehicles", watchlist::Kind::kVehicles, plates));
  auto empty = lists->with(std::make_shared<watchlist::Watchlist>(
      "wanted_persons", watchlist::Kind::kDocuments, std::vector<Entry>{}));

  const Ev hit{R"("traveller":{"document":{"number":"ab 123-456"}},"vehicle":{"plate":"1ab 234"})"};
  const Ev miss{R"("traveller":{"document":{"number":"AB123457"}})"};
  const std::string doc = "watchlist(\"lost_stolen_documents\", traveller.document.number)";
  CHECK(matches(doc, hit, lists.get()));
  CHECK_FALSE(matches(doc, miss, lists.get()));
  CHECK_FALSE(matches(doc, Ev{}, lists.get()));
  CHECK(matches("not " + doc, miss, lists.get()));
  CHECK_FALSE(matches(doc, hit, nullptr));  // no watchlists at all
  CHECK(matches("watchlist(\"watched_vehicles\", vehicle.plate)", hit, lists.get()));
  CHECK_FALSE(matches("watchlist(\"no_such_list\", vehicle.plate)", hit, lists.get()));
  CHECK_FALSE(
      matches("watchlist(\"wanted_persons\", traveller.document.number)", hit, empty.get()));
  CHECK(matches(doc + " = true", hit, lists.get()));
}

TEST_CASE("rules eval: site fields come from the configured checkpoint") {
  auto at = [](const char* cp, const char* time) {
    Ev e;
    e.checkpoint = cp;
    e.time = time;
    return e;
  };
  CHECK(matches("site.within_hours", at("BAN_LAEM", "2025-06-01T08:00:00+07:00")));
  CHECK(matches("site.within_hours", at("BAN_LAEM", "2025-06-01T15:59:00+07:00")));
  CHECK_FALSE(matches("site.within_hours", at("BAN_LAEM", "2025-06-01T16:00:00+07:00")));
  CHECK_FALSE(matches("site.within_hours", at("BAN_LAEM", "2025-06-01T07:59:59+07:00")));
  CHECK(matches("site.within_hours", at("BAN_LAEM", "2025-06-01T01:30:00Z")));  // 08:30 local
  CHECK(matches("not site.within_hours", at("BAN_LAEM", "2025-06-01T10:00:00Z")));
  CHECK(matches("site.type = \"temporary\" and site.km = 22 and site.name = \"Ban Sap Tari\"",
                at("SAP_TARI", "2025-06-01T10:00:00+07:00")));
  CHECK(matches("site.status = \"open\"", at("SAP_TARI", "2025-06-01T10:00:00+07:00")));
  // Unconfigured checkpoint: every site field is missing.
  CHECK_FALSE(matches("site.within_hours = false", at("NOWHERE", "2025-06-01T03:00:00+07:00")));
  CHECK_FALSE(matches("site.km >= 0", at("NOWHERE", "2025-06-01T10:00:00+07:00")));
  CHECK(matches("not site.within_hours", at("NOWHERE", "2025-06-01T10:00:00+07:00")));
}

TEST_CASE("rules eval: output templates and Match::fields") {
  auto set = compile_ok(rule_yaml(
      "traveller.surname = \"SOMCHAI\" and party_size > 1 and goods[category = \"phone\"] "
      "exists and not lane exists and site.km > 0",
      "{{literal}} {traveller.surname} ({traveller.nationality}) x{party_size} "
      "{goods[category = \"sim_card\"].count} sims, age {age(traveller.birth_date)}, "
      "lane {lane}, at {time} {site.name}, risk {attributes.risk}"));
  auto out = run(*set, make_event(kTraveller));
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule->name == "r");
  CHECK(out[0].output ==
        "{literal} SOMCHAI (THA) x4 25 sims, age 35, lane <missing>, at "
        "2025-06-01T10:00:00+07:00 Ban Laem, risk 0.7");
  using Fields = std::vector<std::pair<std::string, std::string>>;
  CHECK(out[0].fields ==
        Fields{{"traveller.surname", "SOMCHAI"},
               {"party_size", "4"},
               {"goods", R"([{"category":"sim_card","count":15},{"category":"phone","count":3},)"
                         R"({"category":"sim_card","count":10},{"category":"phone"}])"},
               {"site.km", "47"}});
}

// fire() renders into per-thread scratch buffers that lower() also takes: every match keeps
// its own text, however many rules fire on one event.
TEST_CASE("rules eval: several matches on one event each keep their output and fields") {
  std::string yaml;
  for (const char* name : {"a", "b", "c"}) {
    yaml += std::string("- rule: ") + name +
            "\n  desc: d\n  condition: lower(traveller.surname) = \"somchai\" and "
            "goods[category = \"sim_card\"].count > 1\n  output: '" +
            name + " {upper(traveller.nationality)}/{lower(traveller.surname)} " +
            "{goods[category = \"sim_card\"].count}'\n  priority: info\n";
  }
  auto set = compile_ok(yaml);
  const auto ev = make_event(kTraveller);
  for (int round = 0; round < 2; ++round) {  // the second reuses the buffers of the first
    auto out = run(*set, ev);
    REQUIRE(out.size() == 3);
    using Fields = std::vector<std::pair<std::string, std::string>>;
    const std::string goods = R"([{"category":"sim_card","count":15},{"category":"phone",)"
                              R"("count":3},{"category":"sim_card","count":10},)"
                              R"({"category":"phone"}])";
    for (size_t i = 0; i < 3; ++i) {
      CHECK(out[i].output == std::string(1, static_cast<char>('a' + i)) + " THA/somchai 25");
      CHECK(out[i].fields == Fields{{"traveller.surname", "SOMCHAI"}, {"goods", goods}});
    }
  }
}

TEST_CASE("rules eval: output template errors are load errors with positions") {
  auto errors = [](const std::string& output) {
    auto r = rules::RuleSet::compile(
        {{"t.yaml", "- rule: r\n  desc: d\n  condition: lane exists\n  output: " + output +
                        "\n  priority: info\n"}},
        border_config());
    CHECK_FALSE(r.ok());
    return r.diagnostics.empty() ? std::string() : r.diagnostics.front().to_string();
  };
  CHECK(errors("at {travler.surname}") ==
        "t.yaml:4:15: error: unknown field 'travler.surname' (did you mean "
        "'traveller.surname'?)");
  CHECK(errors("at {lane") ==
        "t.yaml:4:14: error: unterminated '{' in output (write '{{' for a brace)");
  CHECK(errors("a {} b") == "t.yaml:4:13: error: empty '{}' in output (write '{{' for a brace)");
  CHECK(errors("x {lane =}") == "t.yaml:4:19: error: unexpected '=' after the field");
}

// Sums written alike are computed once per event and shared by the rules that use them.
TEST_CASE("rules eval: array sums shared between rules stay per expression and per event") {
  std::string yaml;
  auto rule = [&](const std::string& name, const std::string& condition) {
    yaml += "- rule: " + name + "\n  desc: d\n  condition: '" + condition +
            "'\n  output: o\n  priority: info\n";
  };
  rule("sim20", "goods[category = \"sim_card\"].count > 20");
  rule("sim30", "goods[category=\"sim_card\"].count > 30");  // written alike but for spaces
  rule("phone3", "goods[category = \"phone\"].count >= 3");
  rule("usd_undeclared", "cash[currency = \"USD\" and declared = false].amount > 10000");
  rule("usd_all", "cash[currency = \"USD\"].amount > 20000");
  rule("all_goods", "goods.count > 27");
  auto set = compile_ok(yaml);
  auto names = [&](const Ev& e) {
    std::string out;
    for (const auto& m : run(*set, make_event(e))) out += m.rule->name + " ";
    return out;
  };
  const std::string first = "sim20 phone3 usd_undeclared usd_all all_goods ";
  CHECK(names(kTraveller) == first);
  const Ev more_sims{R"("goods":[{"category":"sim_card","count":40}],)"
                     R"("cash":[{"currency":"USD","amount":12000,"declared":true}])"};
  CHECK(names(more_sims) == "sim20 sim30 all_goods ");
  CHECK(names(kTraveller) == first);
}
