// Rules engine: the rule index only skips rules that cannot match, and evaluation is fast.
#include <doctest/doctest.h>

#include <atomic>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "json/parse.h"
#include "rules/compiled_rule_set.h"
#include "rules/rule_set.h"
#include "rules/sources.h"
#include "rules_support.h"

namespace {

using namespace bw;
using test::IndexedRules;
using test::two_points;

const char* kConditions[] = {
    "direction = \"exit\"",
    "direction = \"entry\" and lane exists",
    "checkpoint = \"SAP_TARI\"",
    "checkpoint in (\"BAN_LAEM\", \"SAP_TARI\") and direction = \"exit\" and party_size > 2",
    "checkpoint = \"SAP_TARI\" or lane = \"2\"",
    "not vehicle exists",
    "vehicle.plate exists and direction = \"entry\"",
    "goods[category = \"phone\"].count > 1",
    "len(goods) = 0",
    "not goods[category = \"phone\"] exists",
    "extra.route = \"R1\" and lane exists",
    "attributes.x = 1 or party_size = 1",
    "site.within_hours = false",
    "not site.within_hours",
    "site.type = \"temporary\" and traveller.nationality != \"THA\"",
    "age(traveller.birth_date) < 18 and direction = \"exit\"",
    "lower(traveller.surname) startswith \"s\"",
    "outbound and party_size >= 3",
    "outbound and not (lane = \"1\")",
    "direction = \"exit\" and checkpoint = \"BAN_LAEM\" and vehicle.country != "
    "traveller.nationality",
    // Value keys: string fields (folded too), the checkpoint, array elements; with checks.
    "traveller.surname = \"Kim\"",
    "lower(traveller.surname) in (\"srisuk\", \"nobody\")",
    "checkpoint in (\"SAP_TARI\", \"ELSEWHERE\") and traveller.nationality = \"KHM\"",
    "goods[category = \"phone\"].count > 1 and lane = \"2\"",
    "goods[category in (\"phone\", \"tablet\")] exists and direction = \"entry\"",
    "len(goods[category = \"phone\"]) >= 1 and upper(vehicle.country) = \"KHM\"",
    "goods[category = \"phone\"].count < 2",  // true without any phone: no key
    "goods[category = \"phone\"].count between -1 and 2",
    "not traveller.surname = \"Kim\"",
    "traveller.surname = \"Kim\" or lane = \"1\"",
    // Needle keys.
    "employer icontains \"GOLDEN\"",
    "vehicle.plate startswith \"1A\" and traveller.surname = \"Srisuk\"",
    "vehicle.plate endswith \"AB\" or employer contains \"Star\"",
    "employer contains \"Star\" and employer icontains \"co\"",
};

std::string rules_yaml(bool wrapped) {
  std::string y = "- macro: outbound\n  condition: direction = \"exit\"\n";
  int i = 0;
  for (const char* c : kConditions) {
    std::string cond = wrapped ? "(" + std::string(c) + ") or false" : std::string(c);
    y += "- rule: r" + std::to_string(i++) + "\n  desc: d\n  condition: '" + cond +
         "'\n  output: o\n  priority: info\n";
  }
  return y;
}

event::Event make_event(int n) {
  const char* dirs[] = {"exit", "entry"};
  const char* points[] = {"BAN_LAEM", "SAP_TARI", "ELSEWHERE"};
  std::string dir = dirs[n % 2];
  std::string cp = points[(n / 2) % 3];
  std::string hour = (n / 6) % 2 ? "09" : "18";
  std::string body = R"({"event_id":"e)" + std::to_string(n) + R"(","checkpoint":")" + cp +
                     R"(","time":"2025-06-01T)" + hour + R"(:00:00+07:00","direction":")" + dir +
                     "\"";
  if (n % 3 == 0) body += R"(,"lane":")" + std::to_string(n % 4) + "\"";
  if (n % 5 < 2) {
    body +=
        std::string(R"(,"vehicle":{"plate":"1AB","country":")") + (n % 10 ? "KHM" : "THA") + "\"}";
  }
  if (n % 7 < 3) body += R"(,"goods":[{"category":"phone","count":)" + std::to_string(n % 4) + "}]";
  if (n % 7 == 6) body += R"(,"goods":[])";
  if (n % 11 < 4) body += R"(,"party_size":)" + std::to_string(n % 5);
  if (n % 13 < 5) body += R"(,"route":"R1")";
  if (n % 17 < 6)
    body += std::string(R"(,"employer":")") + (n % 2 ? "Golden Star Co" : "golden") + "\"";
  if (n % 4 != 3) {
    body += R"(,"traveller":{"surname":")" + std::string(n % 2 ? "Srisuk" : "Kim") +
            R"(","nationality":")" + (n % 3 ? "THA" : "KHM") + R"(","birth_date":")" +
            (n % 8 < 3 ? "2010" : "1980-02-03") + "\"}";
  }
  body += "}";
  auto v = json::parse(body);
  REQUIRE(v.ok());
  event::Event ev;
  ev.body = std::move(v.value());
  ev.id = "e" + std::to_string(n);
  ev.checkpoint = cp;
  ev.time = *parse_rfc3339("2025-06-01T" + hour + ":00:00+07:00");
  ev.direction = dir == "exit" ? event::Direction::kExit : event::Direction::kEntry;
  return ev;
}

std::vector<std::string> names(const rules::RuleSet& set, const event::Event& ev,
                               const config::Config& cfg) {
  rules::EvalContext ctx{ev, cfg.find_checkpoint(ev.checkpoint), nullptr, 420};
  std::vector<rules::Match> out;
  set.evaluate(ctx, out);
  std::vector<std::string> n;
  for (const auto& m : out) n.push_back(m.rule->name);
  return n;
}

}  // namespace

TEST_CASE("rules index: same matches as testing every rule") {
  const auto cfg = two_points();
  auto indexed = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  // `(...) or false` hides every requirement from the index: the brute-force baseline.
  auto brute = rules::RuleSet::compile({{"b.yaml", rules_yaml(true)}}, cfg);
  INFO(rules::format_diagnostics(indexed.diagnostics));
  REQUIRE(indexed.ok());
  REQUIRE(brute.ok());
  auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(indexed.rule_set.get());
  REQUIRE(compiled != nullptr);
  CHECK(compiled->index().indexed_paths() > 3);
  // r2, r3, r19 (checkpoint), r7 (an element), r20-r25, r30, r31, r33.
  CHECK(compiled->index().keyed_rules() == 13);
  size_t total = 0;
  std::map<std::string, int> fired;
  for (int n = 0; n < 2000; ++n) {
    auto ev = make_event(n);
    auto a = names(*indexed.rule_set, ev, cfg);
    CAPTURE(n);
    CHECK(a == names(*brute.rule_set, ev, cfg));
    total += a.size();
    for (const auto& name : a) ++fired[name];
  }
  CHECK(total > 2000);  // the events do exercise the rules
  for (int i = 0; i < static_cast<int>(std::size(kConditions)); ++i) {
    const std::string condition = kConditions[i];
    CAPTURE(condition);
    CHECK(fired["r" + std::to_string(i)] > 0);  // every rule, keyed or not, is exercised
  }
}

TEST_CASE("rules index: candidates are bucketed by direction, checkpoint and fields") {
  const auto cfg = two_points();
  auto r = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  REQUIRE(r.ok());
  auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(r.rule_set.get());
  REQUIRE(compiled != nullptr);
  auto candidates = [&](const char* json, event::Direction d, const char* cp) {
    auto v = json::parse(json);
    REQUIRE(v.ok());
    event::Event ev;
    ev.body = std::move(v.value());
    ev.checkpoint = cp;
    ev.direction = d;
    rules::EvalContext ctx{ev, cfg.find_checkpoint(cp), nullptr, 420};
    std::vector<uint32_t> out;
    compiled->index().for_each_candidate(ctx, [&](uint32_t i) { out.push_back(i); });
    return out;
  };
  // A bare entry event: no lane, vehicle, goods, party, route, traveller; at Ban Laem.
  auto entry = candidates("{}", event::Direction::kEntry, "BAN_LAEM");
  auto text = [](const std::vector<uint32_t>& v) {
    std::string s;
    for (auto i : v) s += std::to_string(i) + " ";
    return s;
  };
  // 28-29, 32: a negation and two disjunctions, which key nothing.
  CHECK(text(entry) == "4 5 9 11 12 13 28 29 32 ");
  auto exit_sap = candidates(R"({"party_size":3})", event::Direction::kExit, "SAP_TARI");
  CHECK(text(exit_sap) == "0 2 3 4 5 9 11 12 13 17 18 28 29 32 ");
  // Unconfigured checkpoint: rules reading site.* are skipped, `not site...` is not.
  CHECK(text(candidates("{}", event::Direction::kEntry, "ELSEWHERE")) == "4 5 9 11 13 28 29 32 ");
  // Keyed rules are candidates only when the event has every key they use.
  auto khm = [&](const char* more, const char* cp) {
    const std::string json =
        std::string(R"({"traveller":{"nationality":"KHM","surname":"KIM"})") + more + "}";
    return text(candidates(json.c_str(), event::Direction::kEntry, cp));
  };
  CHECK(khm("", "SAP_TARI") ==
        "2 4 5 9 11 12 13 14 16 22 28 29 32 ");  // 22: checkpoint and nationality
  CHECK(khm("", "BAN_LAEM") == "4 5 9 11 12 13 14 16 28 29 32 ");
  CHECK(khm(R"(,"goods":[{"category":"tablet"},{"category":"phone","count":2}],"lane":"2")",
            "BAN_LAEM") ==
        "1 4 5 7 8 9 11 12 13 14 16 23 24 26 27 28 29 32 ");  // not 25: no vehicle
  // Not 7 and 23 either (`goods[category = "phone"].count > 1`): no phone count adds up past 1.
  CHECK(khm(R"(,"goods":[{"category":"tablet"},{"category":"phone"}],"lane":"2")", "BAN_LAEM") ==
        "1 4 5 8 9 11 12 13 14 16 24 26 27 28 29 32 ");
  CHECK(khm(R"(,"employer":"Golden Sun")", "BAN_LAEM") ==
        "4 5 9 11 12 13 14 16 28 29 30 32 ");  // not 33: no "Star"
}

TEST_CASE("rules index: evaluation from several threads at once") {
  const auto cfg = two_points();
  auto r = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  REQUIRE(r.ok());
  std::vector<event::Event> events;
  std::vector<std::vector<std::string>> expected;
  for (int n = 0; n < 300; ++n) {
    events.push_back(make_event(n));
    expected.push_back(names(*r.rule_set, events.back(), cfg));
  }
  std::atomic<int> mismatches{0};
  auto worker = [&] {
    for (int round = 0; round < 20; ++round) {
      for (size_t i = 0; i < events.size(); ++i) {
        if (names(*r.rule_set, events[i], cfg) != expected[i]) ++mismatches;
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  CHECK(mismatches.load() == 0);
}

// 100 rules of the kinds a site adds (look-outs, watched employers, goods limits), some of
// which the events of make_event() match; wrapped in `(...) or false` they are never keyed.
std::string extra_rules(bool wrapped) {
  std::string extra;
  for (int i = 0; i < 100; ++i) {
    const std::string n = std::to_string(i);
    std::string cond;
    switch (i % 5) {
      case 0:
        cond = "lane = \"" + std::to_string(i % 7) + "\"";
        break;
      case 1:
        cond = "outbound and employer icontains \"" + std::string(i % 3 ? "co" + n : "STAR") + "\"";
        break;
      case 2:
        cond = "goods[category = \"" + std::string(i % 3 ? "c" + n : "phone") + "\"].count > " +
               std::to_string(i % 4);
        break;
      case 3:
        cond = "traveller.surname = \"" + std::string(i % 3 ? "S" + n : "Kim") +
               "\" and age(traveller.birth_date) < 30";
        break;
      default:
        cond = "checkpoint = \"SAP_TARI\" and lane in (\"" + std::to_string(i % 6) + "\", \"z\")";
    }
    if (wrapped) cond = "(" + cond + ") or false";
    extra += "- rule: x" + n + "\n  condition: '" + cond +
             "'\n  desc: d\n  output: 'x {lane}'\n  priority: info\n";
  }
  return extra;
}

TEST_CASE("rules index: the shipped pack and 100 more rules, same matches as testing every rule") {
  const auto cfg = two_points();
  auto compile = [&](bool wrapped) {
    auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
    REQUIRE(sources.ok());
    sources->push_back({"extra.yaml", extra_rules(wrapped)});
    auto r = rules::RuleSet::compile(*sources, cfg);
    INFO(rules::format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    return r.rule_set;
  };
  const auto indexed = compile(false);
  const auto brute = compile(true);
  REQUIRE(indexed->rules().size() >= 115);
  auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(indexed.get());
  REQUIRE(compiled != nullptr);
  CHECK(compiled->index().keyed_rules() >= 100);  // every extra rule, and some of the pack
  size_t matched = 0;
  for (int n = 0; n < 2000; ++n) {
    const auto ev = make_event(n);
    const auto a = names(*indexed, ev, cfg);
    CAPTURE(n);
    CHECK(a == names(*brute, ev, cfg));
    matched += a.size();
  }
  CHECK(matched > 2000);
}

TEST_CASE("rules index: look-outs are tested only against events that carry their values") {
  IndexedRules::Rules rules;
  for (int i = 0; i < 600; ++i) {
    rules.emplace_back("doc" + std::to_string(i),
                       "traveller.document.number = \"N" + std::to_string(i) + "\"");
  }
  for (int i = 0; i < 300; ++i) {
    rules.emplace_back("firm" + std::to_string(i),
                       "employer icontains \"firm" + std::to_string(i) + " \"");
  }
  for (int i = 0; i < 100; ++i) {
    rules.emplace_back("officer" + std::to_string(i),
                       "officer = \"BL-" + std::to_string(i) +
                           "\" and traveller.nationality in (\"CHN\", \"VNM\")");
  }
  const IndexedRules set(rules);
  CHECK(set.compiled().index().keyed_rules() == 1000);
  auto candidates = [&](const std::string& nationality) {
    return set
        .run(R"({"officer":"BL-5","employer":"Firm7 Trading","traveller":{"nationality":")" +
             nationality + R"(","document":{"number":"N42"}}})")
        .first;
  };
  CHECK(candidates("KHM") == "doc42 firm7 ");  // officer5 wants CHN or VNM travellers
  CHECK(candidates("VNM") == "doc42 firm7 officer5 ");
}

TEST_CASE("rules index: many keyed members are read once each, the first of a repeated name") {
  // Five keyed members under the body: the index walks the body's members once.
  const IndexedRules set({{"officer", "officer = \"BL-1\""},
                          {"lane", "lane = \"2\""},
                          {"firm", "employer icontains \"acme\""},
                          {"phone", "contact_phone = \"+855 1\""},
                          {"nationality", "traveller.nationality = \"KHM\""}});
  CHECK(set.compiled().index().keyed_rules() == 5);
  auto all = set.run(R"({"traveller":{"nationality":"KHM"},"contact_phone":"+855 1",)"
                     R"("note":"x","employer":"ACME Ltd","lane":"2","officer":"BL-1"})");
  CHECK(all.first == "officer lane firm phone nationality ");
  CHECK(all.second == all.first);
  auto some = set.run(R"({"officer":"BL-7","lane":"1","traveller":{"nationality":"KHM"}})");
  CHECK(some.first == "nationality ");
  // The evaluator reads the first member of a repeated name; so does the index.
  auto repeated = set.run(R"({"officer":"BL-7","lane":"2","officer":"BL-1","employer":"acme"})");
  CHECK(repeated.first == "lane firm ");
  CHECK(repeated.second == "lane firm ");
}

TEST_CASE("rules index: a rule selected by several values or elements is a candidate once") {
  IndexedRules::Rules rules;
  // 70 look-outs first, so the rules below sit past the first 64-rule word of the index.
  for (int i = 0; i < 70; ++i) {
    rules.emplace_back("doc" + std::to_string(i),
                       "traveller.document.number = \"N" + std::to_string(i) + "\"");
  }
  rules.insert(
      rules.end(),
      {{"two_categories", "goods[category in (\"a\", \"b\")].count > 1"},
       {"a_at_ban_laem", "checkpoint = \"BAN_LAEM\" and goods[category = \"a\"].count > 0"},
       {"officer_chn", "officer = \"X\" and traveller.nationality in (\"CHN\", \"VNM\")"},
       {"c_goods", "goods[category = \"c\"].count > 0"}});
  const IndexedRules set(rules);
  const auto goods = R"("goods":[{"category":"b","count":1},{"category":"a","count":2},)"
                     R"({"category":"a","count":1}])";
  auto khm = set.run(std::string(R"({"officer":"X","traveller":{"nationality":"KHM",)") +
                     R"("document":{"number":"N3"}},)" + goods + "}");
  CHECK(khm.first == "doc3 two_categories a_at_ban_laem ");  // officer_chn fails its check
  CHECK(khm.second == khm.first);
  auto vnm = set.run(std::string(R"({"officer":"X","traveller":{"nationality":"VNM",)") +
                     R"("document":{"number":"N69"}},)" + goods + "}");
  CHECK(vnm.first == "doc69 two_categories a_at_ban_laem officer_chn ");
  CHECK(vnm.second == vnm.first);
  // A later event: nothing of the last one is left in the per-thread buffers.
  auto none = set.run(R"({"officer":"Y","goods":[{"category":"d","count":5}]})");
  CHECK(none.first.empty());
}

TEST_CASE("rules index: presence and keys found in one walk, long names, empty values") {
  // Two names of 70 characters that differ only in their last byte share the dispatch group
  // of long names; a third, shorter name has its own.
  const std::string a(69, 'n'), b = a + "b";
  const IndexedRules set({{"long_a", "extra." + a + "a exists"},
                          {"long_b", "extra." + b + " exists"},
                          {"short", "extra.n exists"},
                          {"lane_set", "lane exists"},
                          {"empty_surname", "traveller.surname = \"\""},
                          {"kim", "lower(traveller.surname) = \"kim\""}});
  CHECK(set.compiled().index().keyed_rules() == 2);
  // extra.* names members of the event body itself.
  auto both = set.run(R"({")" + b + R"(":1,"n":2,")" + a + R"(a":3})");
  CHECK(both.first == "long_a long_b short ");
  CHECK(both.second == both.first);
  auto one = set.run(R"({")" + b + R"(":1,")" + a + R"(c":3})");
  CHECK(one.first == "long_b ");
  // The first member of a name counts: a null lane is absent, as the evaluator sees it.
  CHECK(set.run(R"({"lane":null,"lane":"2"})").first.empty());
  CHECK(set.run(R"({"lane":"2","lane":null})").first == "lane_set ");
  // Values are rejected by length and first byte before hashing; folded, and empty ones too.
  auto kim = set.run(R"({"traveller":{"surname":"KIM"}})");
  CHECK(kim.first == "kim ");
  CHECK(kim.second == "kim ");
  CHECK(set.run(R"({"traveller":{"surname":"JIM"}})").first.empty());
  CHECK(set.run(R"({"traveller":{"surname":"KIMS"}})").first.empty());
  auto empty = set.run(R"({"traveller":{"surname":""}})");
  CHECK(empty.first == "empty_surname ");
  CHECK(empty.second == "empty_surname ");
}

TEST_CASE("rules index: candidates in rule order across thousands of rules") {
  // 4,200 rules: the words of rule bits hit span two summary words (64 words of 64 rules each).
  IndexedRules::Rules rules;
  for (int i = 0; i < 4200; ++i) {
    rules.emplace_back("c" + std::to_string(i),
                       "goods[category = \"c" + std::to_string(i) + "\"] exists");
  }
  const IndexedRules set(rules);
  auto goods = [](std::initializer_list<int> categories) {
    std::string body = R"({"goods":[)";
    for (int c : categories) body += R"({"category":"c)" + std::to_string(c) + "\"},";
    body.back() = ']';
    return body + "}";
  };
  auto hit = set.run(goods({4199, 3, 4100, 64, 4095, 4096, 3}));
  CHECK(hit.first == "c3 c64 c4095 c4096 c4100 c4199 ");
  CHECK(hit.second == hit.first);
  // Nothing of that event is left over for the next one.
  CHECK(set.run(goods({5000, 63})).first == "c63 ");
}

TEST_CASE("rules index: a check is decided by the event's ids, whatever ids share its bit") {
  // 128 values besides the rule's own: each residue modulo 64 is some value's, so one of the
  // events below has an id that shares the bit of the plate check's id in the quick test.
  IndexedRules::Rules rules;
  for (int i = 0; i < 128; ++i) {
    rules.emplace_back("id" + std::to_string(i),
                       "traveller.id_number = \"I" + std::to_string(i) + "\"");
  }
  rules.emplace_back("gated", "officer = \"X\" and vehicle.plate = \"P\"");
  const IndexedRules set(rules);
  for (int i = 0; i < 128; ++i) {
    const std::string n = std::to_string(i);
    CAPTURE(i);
    const std::string start = R"({"officer":"X","traveller":{"id_number":"I)" + n + R"("},)";
    CHECK(set.run(start + R"("vehicle":{"plate":"Q"}})").first == "id" + n + " ");
    CHECK(set.run(start + R"("vehicle":{"plate":"P"}})").second == "id" + n + " gated ");
  }
}

TEST_CASE("rules index: a rule is filed under the key fewest crossings hold") {
  const IndexedRules set({
      {"at_point", "checkpoint = \"BAN_LAEM\" and traveller.nationality = \"KOR\""},
      {"profile",
       "lower(purpose) = \"employment\" and lower(traveller.residence.province) in "
       "(\"roi et\", \"surin\")"},
      {"officer", "officer = \"BL-1\" and traveller.nationality in (\"CHN\", \"VNM\")"},
      {"format", "traveller.document.type = \"passport\" and traveller.document.country = \"KHM\""},
      {"person", "traveller.surname = \"Kim\" and traveller.given_names = \"Dara\""},
      {"phones", "goods[category = \"phone\"].count > 3 and traveller.nationality = \"VNM\""},
      {"firm", "employer icontains \"golden\" and purpose = \"work\""},
      {"alone", "not party_id exists"},
  });
  const auto& index = set.compiled().index();
  // A checkpoint, a declared purpose or a document type is held by a large share of all
  // crossings, a nationality, a province or an issuing country by a small one; names, officer
  // ids and employers are unbounded. A look-out on one of the latter is filed under it.
  CHECK(index.filed_under(0) == "traveller.nationality");
  CHECK(index.filed_under(1) == "traveller.residence.province");
  CHECK(index.filed_under(2) == "officer");
  CHECK(index.filed_under(3) == "traveller.document.country");
  CHECK(index.filed_under(4) == "traveller.surname");  // equal guesses: the first key
  CHECK(index.filed_under(5) == "traveller.nationality");
  CHECK(index.filed_under(6) == "employer");
  CHECK(index.filed_under(7) == "");
  // Where a rule is filed does not change when it is tested: every key is still required.
  CHECK(set.run(R"({"traveller":{"nationality":"KOR"}})").first == "at_point alone ");
  CHECK(set.run(R"({"traveller":{"nationality":"THA"}})").first == "alone ");
  CHECK(
      set.run(R"({"purpose":"Employment","traveller":{"residence":{"province":"Surin"}}})").first ==
      "profile alone ");
  CHECK(
      set.run(R"({"purpose":"Employment","traveller":{"residence":{"province":"Trat"}}})").first ==
      "alone ");
  CHECK(set.run(R"({"goods":[{"category":"phone","count":4}],"traveller":{"nationality":"VNM"}})")
            .first == "phones alone ");
}
