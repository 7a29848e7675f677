// Rules engine: the index's sum bounds (`goods[category = "x"].count > 20`) skip a threshold
// only when the event's elements cannot add up to its limit.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "json/parse.h"
#include "rules/compiled_rule_set.h"
#include "rules/rule_set.h"
#include "rules_support.h"

namespace {

using namespace bw;
using test::IndexedRules;

// The matches of `set` for an exit at BAN_LAEM with `body`, names separated by spaces.
std::string matches(const rules::RuleSet& set, const config::Config& cfg, const std::string& body) {
  auto v = json::parse(body);
  REQUIRE_MESSAGE(v.ok(), body);
  event::Event ev;
  ev.body = std::move(v.value());
  ev.checkpoint = "BAN_LAEM";
  ev.direction = event::Direction::kExit;
  rules::EvalContext ctx{ev, cfg.find_checkpoint("BAN_LAEM"), nullptr, 420};
  std::vector<rules::Match> out;
  set.evaluate(ctx, out);
  std::string names;
  for (const auto& m : out) names += m.rule->name + " ";
  return names;
}

// A random threshold on goods or cash: the operators that bound a sum from below and those
// that do not, limits on both sides of the generated numbers, folded and compound filters.
std::string random_threshold(std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::string limit =
      pick({"0", "1", "2", "3", "4.5", "5", "7", "10", "12", "20", "-1", "0.5", "1e300"});
  const std::string op = pick({">", ">=", "=", "<", "!=", "between"});
  const std::string rhs =
      op == "between" ? "between " + limit + " and " + pick({"6", "30", "0"}) : op + " " + limit;
  std::string cond;
  if (rng() % 3 == 0) {
    const std::string currency = pick({"\"USD\"", "\"THB\"", "\"USD\", \"THB\""});
    const std::string declared = pick({"", " and declared = false", " and declared = true"});
    cond = "cash[currency in (" + currency + ")" + declared + "].amount " + rhs;
  } else {
    const std::string category =
        pick({"category = \"sim_card\"", "lower(category) = \"phone\"",
              "category in (\"sim_card\", \"phone\")", "category = \"gems\""});
    cond = "goods[" + category + "].count " + rhs;
  }
  if (rng() % 4 == 0) cond = pick({"direction = \"exit\"", "lane exists"}) + " and " + cond;
  if (rng() % 5 == 0) cond += " and goods[category = \"gems\"].count >= 1";
  return cond;
}

std::string random_number(std::mt19937& rng) {
  const std::vector<std::string> v = {"0",     "1",     "2",    "3",    "4.5",   "5",
                                      "10",    "12",    "20",   "-3",   "-1",    "0.5",
                                      "1e300", "\"9\"", "null", "true", "[4,5]", "{}"};
  return v[rng() % v.size()];
}

// Up to five goods and three cash entries: repeated categories, folded spellings, numbers,
// non-numbers and missing members.
std::string random_body(std::mt19937& rng) {
  const std::vector<std::string> categories = {"sim_card", "phone", "PHONE", "gems", "fruit", "7"};
  std::string body = "{";
  if (rng() % 2 == 0) body += "\"lane\":\"1\",";
  body += "\"goods\":[";
  for (int i = 0, n = static_cast<int>(rng() % 6); i < n; ++i) {
    if (i > 0) body += ",";
    const std::string& c = categories[rng() % categories.size()];
    body += "{\"category\":" + (c == "7" ? c : "\"" + c + "\"");
    if (rng() % 6 != 0) body += ",\"count\":" + random_number(rng);
    body += "}";
  }
  body += "],\"cash\":[";
  for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
    if (i > 0) body += ",";
    body += std::string("{\"currency\":\"") + (rng() % 2 ? "USD" : "THB") +
            "\",\"amount\":" + random_number(rng) +
            ",\"declared\":" + (rng() % 2 ? "true" : "false") + "}";
  }
  return body + "]}";
}

}  // namespace

TEST_CASE("rules index sums: random thresholds and goods, same matches as testing every rule") {
  std::mt19937 rng(20261130);
  const config::Config cfg = test::two_points();
  for (int round = 0; round < 5; ++round) {
    std::string indexed_yaml, brute_yaml;
    for (int i = 0; i < 60; ++i) {
      const std::string cond = random_threshold(rng);
      const std::string head = "- rule: t" + std::to_string(i) + "\n  desc: d\n  condition: '";
      const std::string tail = "'\n  output: o\n  priority: info\n";
      indexed_yaml += head + cond + tail;
      // `(...) or false` hides every requirement from the index: the brute-force baseline.
      brute_yaml += head + "(" + cond + ") or false" + tail;
    }
    auto indexed = rules::RuleSet::compile({{"i.yaml", indexed_yaml}}, cfg);
    auto brute = rules::RuleSet::compile({{"b.yaml", brute_yaml}}, cfg);
    INFO(rules::format_diagnostics(indexed.diagnostics));
    REQUIRE(indexed.ok());
    REQUIRE(brute.ok());
    size_t fired = 0;
    for (int n = 0; n < 400; ++n) {
      const std::string body = random_body(rng);
      CAPTURE(body);
      const std::string got = matches(*indexed.rule_set, cfg, body);
      CHECK(got == matches(*brute.rule_set, cfg, body));
      fired += got.size();
    }
    CHECK(fired > 0);
  }
}

TEST_CASE("rules index sums: a threshold is tested only when its elements can reach it") {
  const IndexedRules set(
      {{"sims", "goods[category = \"sim_card\"].count > 20"},
       {"sims_at_least", "goods[category = \"sim_card\"].count >= 20"},
       {"phones", "goods[lower(category) in (\"phone\", \"tablet\")].count > 10"},
       {"usd", "cash[currency = \"USD\" and declared = false].amount > 100"},
       {"exactly", "goods[category = \"gems\"].count = 3"},
       {"band", "goods[category = \"gems\"].count between 4 and 6"}});
  auto goods = [&](const std::string& items) { return set.run("{\"goods\":[" + items + "]}"); };
  const auto sims = [](const std::string& count) {
    return "{\"category\":\"sim_card\",\"count\":" + count + "}";
  };
  // Below the limit, one entry or several of the same category: no candidate.
  CHECK(goods(sims("5")).first == "");
  CHECK(goods(sims("5") + "," + sims("9")).first == "");
  // Several entries that add up past it, or to it exactly.
  CHECK(goods(sims("15") + "," + sims("6")) ==
        std::pair<std::string, std::string>{"sims sims_at_least ", "sims sims_at_least "});
  CHECK(goods(sims("12") + "," + sims("8")) ==
        std::pair<std::string, std::string>{"sims sims_at_least ", "sims_at_least "});
  // Non-numbers add nothing to the evaluator's sum, nor to the index's; a missing count too.
  CHECK(goods(sims("\"30\"")).first == "");
  CHECK(goods(sims("null") + ",{\"category\":\"sim_card\"}").first == "");
  CHECK(goods(sims("\"30\"") + "," + sims("21")).second == "sims sims_at_least ");
  // Folded values and several values of one key add up together.
  CHECK(goods("{\"category\":\"PHONE\",\"count\":6},{\"category\":\"tablet\",\"count\":5}") ==
        std::pair<std::string, std::string>{"phones ", "phones "});
  CHECK(goods("{\"category\":\"PHONE\",\"count\":6},{\"category\":\"laptop\",\"count\":5}").first ==
        "");
  // `=` and `between` need their lower end; what lies above it is the evaluator's to decide.
  CHECK(goods("{\"category\":\"gems\",\"count\":2}").first == "");
  CHECK(goods("{\"category\":\"gems\",\"count\":3}") ==
        std::pair<std::string, std::string>{"exactly ", "exactly "});
  CHECK(goods("{\"category\":\"gems\",\"count\":5}") ==
        std::pair<std::string, std::string>{"exactly band ", "band "});
  CHECK(goods("{\"category\":\"gems\",\"count\":9}") ==
        std::pair<std::string, std::string>{"exactly band ", ""});
  // A negative amount the filter keeps lowers the sum; one it drops must not lower the bound.
  auto cash = [&](const std::string& items) { return set.run("{\"cash\":[" + items + "]}"); };
  CHECK(cash(R"({"currency":"USD","amount":150,"declared":false},)"
             R"({"currency":"USD","amount":-100,"declared":true})") ==
        std::pair<std::string, std::string>{"usd ", "usd "});
  CHECK(cash(R"({"currency":"USD","amount":150,"declared":false},)"
             R"({"currency":"USD","amount":-100,"declared":false})") ==
        std::pair<std::string, std::string>{"usd ", ""});
  CHECK(cash(R"({"currency":"USD","amount":90,"declared":false},)"
             R"({"currency":"THB","amount":900,"declared":false})")
            .first == "");
}

TEST_CASE("rules index sums: one total per summed field, the same values in several rules") {
  // Two fields summed over one key, and a rule keyed on something else that also has a bound:
  // the bound applies whichever key the rule is filed under.
  const IndexedRules set(
      {{"count", "goods[category = \"sim_card\"].count > 4"},
       {"elements", "len(goods[category = \"sim_card\"]) > 4"},
       {"here", "checkpoint = \"BAN_LAEM\" and goods[category = \"sim_card\"].count > 40"},
       {"both",
        "goods[category = \"sim_card\"].count > 4 and cash[currency = \"USD\"].amount > 7"}});
  auto run = [&](const std::string& body) { return set.run(body).first; };
  CHECK(run(R"({"goods":[{"category":"sim_card","count":3}]})") == "elements ");
  CHECK(run(R"({"goods":[{"category":"sim_card","count":5}]})") == "count elements ");
  CHECK(run(R"({"goods":[{"category":"sim_card","count":50}]})") == "count elements here ");
  CHECK(run(R"({"goods":[{"category":"sim_card","count":50}],)"
            R"("cash":[{"currency":"USD","amount":6}]})") == "count elements here ");
  CHECK(run(R"({"goods":[{"category":"sim_card","count":50}],)"
            R"("cash":[{"currency":"USD","amount":8}]})") == "count elements here both ");
  // len() counts elements, whatever their counts: no bound from the sums.
  CHECK(run(R"({"goods":[{"category":"sim_card","count":0}]})") == "elements ");
}

TEST_CASE("rules index sums: a bucket entry's bound is a single value's, whatever the rule's key") {
  // `officer_sims` is filed under its officer, its bound on another field's value; `two_bounds`
  // has a bound over two values first, then one over a single value, which the entry keeps.
  const IndexedRules set(
      {{"officer_sims", "officer = \"X\" and goods[category = \"sim_card\"].count > 4"},
       {"two_bounds",
        "goods[category in (\"phone\", \"tablet\")].count > 10 and "
        "goods[category = \"sim_card\"].count >= 3"},
       {"cash_first",
        "cash[currency = \"USD\"].amount > 100 and goods[category = \"gems\"].count > 1"}});
  CHECK(set.compiled().index().filed_under(0) == "officer");
  auto run = [&](const std::string& officer, const std::string& goods, const std::string& cash) {
    return set.run("{" + officer + "\"goods\":[" + goods + "],\"cash\":[" + cash + "]}").first;
  };
  const auto item = [](const std::string& category, int count) {
    return "{\"category\":\"" + category + "\",\"count\":" + std::to_string(count) + "}";
  };
  const std::string x = "\"officer\":\"X\",";
  CHECK(run(x, item("sim_card", 5), "") == "officer_sims ");
  CHECK(run(x, item("sim_card", 2) + "," + item("sim_card", 3), "") == "officer_sims ");
  CHECK(run(x, item("sim_card", 3), "") == "");
  CHECK(run("", item("sim_card", 5), "") == "");
  CHECK(run("", item("phone", 6) + "," + item("tablet", 5) + "," + item("sim_card", 3), "") ==
        "two_bounds ");
  CHECK(run("", item("phone", 11) + "," + item("sim_card", 2), "") == "");
  CHECK(run("", item("phone", 5) + "," + item("sim_card", 9), "") == "");
  const std::string usd = R"({"currency":"USD","amount":150})";
  CHECK(run("", item("gems", 2), usd) == "cash_first ");
  CHECK(run("", item("gems", 0), usd) == "");
  CHECK(run("", item("gems", 5), R"({"currency":"USD","amount":50})") == "");
}
