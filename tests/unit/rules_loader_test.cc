// Rules engine: file structure checks, append/override, exceptions, warnings and sources.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "json/parse.h"
#include "rules/rule_set.h"
#include "rules/sources.h"
#include "rules_support.h"

namespace {

using namespace bw;
using rules::Diagnostic;

rules::CompileResult compile(std::vector<rules::RuleSource> sources) {
  return rules::RuleSet::compile(sources, test::ban_laem_only());
}

rules::CompileResult compile(const std::string& yaml) {
  return compile({{"t.yaml", yaml}});
}

std::vector<std::string> messages(const rules::CompileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.to_string());
  return out;
}

event::Event make_event(const std::string& fields, const std::string& direction = "exit") {
  return test::event_from_json(R"({"event_id":"e1","checkpoint":"BAN_LAEM",)"
                               R"("time":"2025-06-01T10:00:00+07:00","direction":")" +
                               direction + "\"" + (fields.empty() ? "" : "," + fields) + "}");
}

std::vector<std::string> fired(const rules::CompileResult& r, const std::string& fields,
                               const std::string& direction = "exit") {
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  auto ev = make_event(fields, direction);
  config::Config c = test::ban_laem_only();
  rules::EvalContext ctx{ev, c.find_checkpoint("BAN_LAEM"), nullptr, 420};
  std::vector<rules::Match> out;
  r.rule_set->evaluate(ctx, out);
  std::vector<std::string> names;
  for (const auto& m : out) names.push_back(m.rule->name + ":" + m.output);
  return names;
}

const std::string kBase =
    "- required_version: 1\n"
    "- list: nats\n  items: [THA]\n"
    "- macro: outbound\n  condition: direction = \"exit\"\n"
    "- rule: r1\n  desc: d\n  condition: outbound and traveller.nationality in nats\n"
    "  output: r1 {traveller.nationality}\n  priority: high\n  tags: [a]\n";

}  // namespace

TEST_CASE("rules loader: item structure errors name the key and position") {
  struct Case {
    std::string yaml;
    std::string error;
  };
  const Case cases[] = {
      {"- rule: r\n  desc: d\n  conditon: x\n  output: o\n  priority: info\n",
       "t.yaml:3:3: error: unknown key 'conditon' in rule (allowed: rule, desc, condition, "
       "output, priority, tags, enabled, exceptions, append, override, stateful)"},
      {"- macro: m\n  condition: lane exists\n  items: [a]\n",
       "t.yaml:3:3: error: unknown key 'items' in macro (allowed: macro, condition, append, "
       "override)"},
      {"- rule: r\n  desc: d\n  desc: e\n", "t.yaml:3:3: error: duplicate key 'desc'"},
      {"- rule: r\n  desc: d\n  condition: lane exists\n  output: o\n  priority: urgent\n",
       "t.yaml:5:13: error: unknown priority 'urgent' (info, low, medium, high, critical)"},
      {"- rule: r\n  desc: d\n  condition: lane exists\n  output: o\n",
       "t.yaml:1:9: error: rule 'r' is missing 'priority'"},
      {"- rule: r\n  desc: d\n  condition: lane exists\n  output: o\n  priority: info\n"
       "  enabled: maybe\n",
       "t.yaml:6:12: error: 'enabled' must be true or false"},
      {"- rule: r\n  desc: d\n  condition: [a]\n  output: o\n  priority: info\n",
       "t.yaml:3:14: error: 'condition' must be a string"},
      {"- list: l\n  items: a\n", "t.yaml:2:10: error: 'items' must be a sequence such as [a, b]"},
      {"- list: l\n  items: [a, [b]]\n", "t.yaml:2:14: error: 'items' must be a single value"},
      {"- list: bad-name\n  items: []\n",
       "t.yaml:1:9: error: list name 'bad-name' must be a name ([A-Za-z_][A-Za-z0-9_]*) and "
       "not a keyword"},
      {"- macro: lane\n  condition: true\n",
       "t.yaml:1:10: error: macro name 'lane' is also a field name"},
      {"- required_version: 2\n",
       "t.yaml:1:21: error: these rules require version 2 of the rules engine; this is 1"},
      {"- required_version: one\n",
       "t.yaml:1:21: error: required_version must be a positive integer, not 'one'"},
      {"rule: r\n",
       "t.yaml:1:1: error: a rules file is a sequence of items (- rule: ..., - macro: ..., - "
       "list: ...)"},
      {"- just a string\n",
       "t.yaml:1:3: error: each item must be a mapping such as '- rule: name' or '- list: name'"},
      {"- desc: d\n",
       "t.yaml:1:3: error: item has none of 'rule', 'macro', 'list', 'test' or "
       "'required_version'"},
      {"- rule: r\n  macro: m\n",
       "t.yaml:1:3: error: an item cannot be both a 'macro' and a 'rule'"},
      {"- rule: r\n  desc: [unclosed\n", "t.yaml:3:1: error: YAML: end of sequence flow not found"},
      {"- required_version: 1\n---\n- list: l\n  items: []\n",
       "t.yaml:2:1: error: a rules file holds one YAML document (one sequence of items); split "
       "it"},
      {"- list: l\n  items: [a]\n  append: true\n",
       "t.yaml:1:9: error: cannot change list 'l': it is not defined by an earlier item"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    auto r = compile(c.yaml);
    CHECK_FALSE(r.ok());
    auto m = messages(r);
    REQUIRE(!m.empty());
    CHECK(m.front() == c.error);
  }
}

TEST_CASE("rules loader: a leading document marker and comments are fine") {
  auto r = compile("# comment\n---\n# more\n- list: l\n  items: [a]\n...\n");
  CHECK(r.ok());
  CHECK(messages(r) ==
        std::vector<std::string>{"t.yaml:4:9: warning: list 'l' is not used by any rule"});
  CHECK(compile("").ok());
  CHECK(compile("# nothing but a comment\n").ok());
}

TEST_CASE("rules loader: an incomplete rule still has its condition and output checked") {
  auto r = compile("- rule: oops\n  condition: (\n  output: \"{travler}\"\n");
  CHECK(messages(r) ==
        std::vector<std::string>{
            "t.yaml:1:9: error: rule 'oops' is missing 'desc'",
            "t.yaml:1:9: error: rule 'oops' is missing 'priority'",
            "t.yaml:2:15: error: expected a field, a function or '(', found end of condition",
            "t.yaml:3:13: error: unknown field 'travler' (did you mean 'traveller'?); body "
            "fields outside the schema: extra.travler"});
}

TEST_CASE("rules loader: diagnostics text, order and summary") {
  auto r = compile({{"a.yaml",
                     "- rule: r\n  desc: d\n  condition: travler.x = 1\n  output: o\n"
                     "  priority: info\n- macro: unused\n  condition: lane exists\n"},
                    {"b.yaml",
                     "- list: unused_list\n  items: []\n- rule: r2\n  desc: d\n"
                     "  condition: bogus(\n  output: o\n  priority: info\n"}});
  CHECK_FALSE(r.ok());
  CHECK(rules::format_diagnostics(r.diagnostics) ==
        "a.yaml:3:14: error: unknown field 'travler.x'\n"
        "a.yaml:6:10: warning: macro 'unused' is not used by any rule\n"
        "b.yaml:1:9: warning: list 'unused_list' is not used by any rule\n"
        "b.yaml:5:20: error: expected a field, a function or '(', found end of condition\n"
        "2 errors, 2 warnings\n");
  CHECK(rules::format_diagnostics({}).empty());
}

TEST_CASE("rules loader: warnings do not stop loading") {
  auto r = compile(
      "- rule: contradiction\n  desc: d\n  condition: lane = \"1\" and lane = \"2\"\n"
      "  output: o\n  priority: info\n"
      "- macro: exiting\n  condition: direction = \"exit\"\n"
      "- macro: entering\n  condition: direction = \"entry\"\n"
      "- rule: via_macros\n  desc: d\n  condition: exiting and (entering and lane exists)\n"
      "  output: o\n  priority: info\n"
      "- rule: const_false\n  desc: d\n  condition: not true or false\n  output: o\n"
      "  priority: info\n"
      "- list: empty\n  items: []\n"
      "- rule: empty_list\n  desc: d\n  condition: lane in empty\n  output: o\n  priority: info\n"
      "- rule: in_set\n  desc: d\n  condition: lane in (\"1\", \"2\") and lane = \"3\"\n"
      "  output: o\n  priority: info\n"
      "- rule: fine\n  desc: d\n  condition: lane in (\"1\", \"2\") and lane = \"2\"\n"
      "  output: o\n  priority: info\n"
      "- rule: unknown_checkpoint\n  desc: d\n  condition: checkpoint = \"BAN_LAME\"\n"
      "  output: o\n  priority: info\n"
      "- rule: empty_between\n  desc: d\n  condition: party_size between 5 and 1\n"
      "  output: o\n  priority: info\n");
  INFO(rules::format_diagnostics(r.diagnostics));
  CHECK(r.ok());
  CHECK(messages(r) ==
        std::vector<std::string>{
            "t.yaml:1:9: warning: rule 'contradiction' can never match: 'lane' would have to "
            "equal different values at once",
            "t.yaml:10:9: warning: rule 'via_macros' can never match: 'direction' would have to "
            "equal different values at once",
            "t.yaml:15:9: warning: rule 'const_false' can never match: no alternative of an 'or' "
            "can hold (the condition is 'false')",
            "t.yaml:22:9: warning: rule 'empty_list' can never match: list 'empty' is empty",
            "t.yaml:27:9: warning: rule 'in_set' can never match: 'lane' would have to equal "
            "different values at once",
            "t.yaml:39:27: warning: checkpoint \"BAN_LAME\" is not configured",
            "t.yaml:44:33: warning: 'between 5 and 1' is empty: the low bound is above the high "
            "bound",
        });
  CHECK(fired(r, R"("lane":"2")") == std::vector<std::string>{"fine:o"});
}

TEST_CASE("rules loader: macro errors") {
  auto recursion = compile(
      "- macro: a\n  condition: b and lane exists\n- macro: b\n  condition: not a\n"
      "- rule: r\n  desc: d\n  condition: a\n  output: o\n  priority: info\n");
  CHECK_FALSE(recursion.ok());
  CHECK(messages(recursion).front() == "t.yaml:4:18: error: macro recursion: a -> b -> a");

  auto self = compile(
      "- macro: a\n  condition: a\n- rule: r\n  desc: d\n  condition: a\n"
      "  output: o\n  priority: info\n");
  CHECK(messages(self).front() == "t.yaml:2:14: error: macro recursion: a -> a");

  auto in_filter = compile(
      "- macro: is_sim\n  condition: lane exists\n- rule: r\n  desc: d\n"
      "  condition: goods[is_sim] exists\n  output: o\n  priority: info\n");
  CHECK(messages(in_filter).front() ==
        "t.yaml:5:20: error: macro 'is_sim' cannot be used inside a [filter]");

  // An error inside a macro is reported once, where the macro is, not in every rule.
  auto broken = compile(
      "- macro: m\n  condition: lane = 1\n"
      "- rule: r1\n  desc: d\n  condition: m\n  output: o\n  priority: info\n"
      "- rule: r2\n  desc: d\n  condition: m or lane exists\n  output: o\n  priority: info\n");
  CHECK(messages(broken) ==
        std::vector<std::string>{"t.yaml:2:21: error: type mismatch: 'lane' is a string but 1 "
                                 "is a number (quote it)"});
}

TEST_CASE("rules loader: redefinition replaces with a warning; later files win") {
  auto r = compile({{"a.yaml", kBase},
                    {"b.yaml",
                     "- rule: r1\n  desc: again\n  condition: lane exists\n"
                     "  output: new\n  priority: low\n"}});
  CHECK(messages(r) ==
        std::vector<std::string>{
            "a.yaml:2:9: warning: list 'nats' is not used by any rule",
            "a.yaml:4:10: warning: macro 'outbound' is not used by any rule",
            "b.yaml:1:9: warning: rule 'r1' is defined again; this replaces the definition at "
            "a.yaml:6"});
  CHECK(fired(r, R"("lane":"1")") == std::vector<std::string>{"r1:new"});
  REQUIRE(r.rule_set->rules().size() == 1);
  CHECK(r.rule_set->rules()[0].priority == rules::Priority::kLow);
  CHECK(r.rule_set->rules()[0].source == "b.yaml");
}

TEST_CASE("rules loader: append and override") {
  SUBCASE("append to a rule narrows its condition and adds tags") {
    auto r = compile({{"a.yaml", kBase},
                      {"z.yaml",
                       "- rule: r1\n  append: true\n  condition: lane = \"7\"\n"
                       "  tags: [b, a]\n"}});
    CHECK(fired(r, R"("traveller":{"nationality":"THA"},"lane":"7")").size() == 1);
    CHECK(fired(r, R"("traveller":{"nationality":"THA"},"lane":"8")").empty());
    CHECK(r.rule_set->rules()[0].tags == std::vector<std::string>{"a", "b"});
  }
  SUBCASE("append to a list adds items; to a macro widens it") {
    auto r = compile({{"a.yaml", kBase},
                      {"z.yaml",
                       "- list: nats\n  items: [KHM]\n  append: true\n"
                       "- macro: outbound\n  append: true\n"
                       "  condition: lane = \"exit-lane\"\n"}});
    CHECK(fired(r, R"("traveller":{"nationality":"KHM"})").size() == 1);
    CHECK(fired(r, R"("traveller":{"nationality":"KHM"})", "entry").empty());
    CHECK(fired(r, R"("traveller":{"nationality":"KHM"},"lane":"exit-lane")", "entry").size() == 1);
  }
  SUBCASE("override replaces chosen keys") {
    auto r = compile({{"a.yaml", kBase},
                      {"z.yaml",
                       "- rule: r1\n  override: {output: replace, priority: replace, condition: "
                       "replace}\n  output: \"new {lane}\"\n  priority: critical\n"
                       "  condition: lane exists\n"
                       "- list: nats\n  override: {items: replace}\n  items: [LAO]\n"}});
    CHECK(fired(r, R"("lane":"3")") == std::vector<std::string>{"r1:new 3"});
    CHECK(r.rule_set->rules()[0].priority == rules::Priority::kCritical);
  }
  SUBCASE("override condition: append and-s it") {
    auto r = compile({{"a.yaml", kBase},
                      {"z.yaml",
                       "- rule: r1\n  override: {condition: append}\n"
                       "  condition: lane exists\n"}});
    CHECK(fired(r, R"("traveller":{"nationality":"THA"})").empty());
    CHECK(fired(r, R"("traveller":{"nationality":"THA"},"lane":"1")").size() == 1);
  }
  SUBCASE("enabled alone, or with override, switches a rule") {
    auto off = compile({{"a.yaml", kBase}, {"z.yaml", "- rule: r1\n  enabled: false\n"}});
    CHECK(messages(off).size() == 0);
    CHECK(fired(off, R"("traveller":{"nationality":"THA"})").empty());
    REQUIRE(off.rule_set->rules().size() == 1);
    CHECK_FALSE(off.rule_set->rules()[0].enabled);
    auto on =
        compile({{"a.yaml", kBase},
                 {"y.yaml", "- rule: r1\n  enabled: false\n"},
                 {"z.yaml", "- rule: r1\n  override: {enabled: replace}\n  enabled: true\n"}});
    CHECK(fired(on, R"("traveller":{"nationality":"THA"})").size() == 1);
  }
  SUBCASE("misuse is an error") {
    struct Case {
      std::string yaml;
      std::string error;
    };
    const Case cases[] = {
        {"- rule: r1\n  append: true\n  output: x\n",
         "z.yaml:1:9: error: 'output' cannot be appended; use override: {output: replace}"},
        {"- rule: r1\n  override: {output: append}\n  output: x\n",
         "z.yaml:2:13: error: 'output' can only be replaced"},
        {"- rule: r1\n  override: {output: replace}\n",
         "z.yaml:2:13: error: override names 'output' but the item has no 'output'"},
        {"- rule: r1\n  override: {output: replace}\n  output: x\n  desc: y\n",
         "z.yaml:2:13: error: 'desc' is given but not listed in 'override'"},
        {"- rule: r1\n  override: {output: replace}\n  output: x\n  append: true\n",
         "z.yaml:2:13: error: use either 'append: true' or 'override', not both"},
        {"- rule: r1\n  override: {output: sideways}\n  output: x\n",
         "z.yaml:2:22: error: override of 'output' must be 'append' or 'replace'"},
        {"- rule: nope\n  append: true\n  condition: lane exists\n",
         "z.yaml:1:9: error: cannot change rule 'nope': it is not defined by an earlier item"},
        {"- rule: r1\n  append: true\n  condition: lane = 1\n",
         "z.yaml:3:21: error: type mismatch: 'lane' is a string but 1 is a number (quote it)"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.yaml);
      auto r = compile({{"a.yaml", kBase}, {"z.yaml", c.yaml}});
      CHECK_FALSE(r.ok());
      std::vector<std::string> errors;
      for (const auto& d : r.diagnostics) {
        if (d.severity == Diagnostic::Severity::kError) errors.push_back(d.to_string());
      }
      REQUIRE(!errors.empty());
      CHECK(errors.front() == c.error);
    }
  }
}

TEST_CASE("rules loader: exceptions suppress matches") {
  const std::string rule =
      "- rule: foreigner\n  desc: d\n  condition: traveller.nationality != \"THA\"\n"
      "  output: o\n  priority: info\n  exceptions:\n"
      "    - name: diplomats\n      fields: [traveller.nationality, traveller.document.type]\n"
      "      values: [[USA, diplomatic], [GBR, diplomatic]]\n"
      "    - name: small_parties\n      fields: party_size\n      comps: \"<=\"\n"
      "      values: [2]\n"
      "    - name: lanes\n      fields: [lane]\n      comps: [in]\n      values: [[[\"9\", "
      "\"10\"]]]\n";
  auto r = compile(rule);
  auto doc = [](const char* nat, const char* type, const char* more = "") {
    return std::string(R"("traveller":{"nationality":")") + nat + R"(","document":{"type":")" +
           type + "\"}}" + more;
  };
  CHECK(fired(r, doc("USA", "passport")).size() == 1);
  CHECK(fired(r, doc("USA", "diplomatic")).empty());
  CHECK(fired(r, doc("GBR", "diplomatic")).empty());
  CHECK(fired(r, doc("FRA", "diplomatic")).size() == 1);
  CHECK(fired(r, doc("FRA", "passport", R"(,"party_size":2)")).empty());
  CHECK(fired(r, doc("FRA", "passport", R"(,"party_size":3)")).size() == 1);
  CHECK(fired(r, doc("FRA", "passport", R"(,"lane":"10")")).empty());
  CHECK(fired(r, doc("FRA", "passport", R"(,"lane":"1")")).size() == 1);

  SUBCASE("appending values to an exception and adding new exceptions") {
    auto more = compile({{"a.yaml", rule},
                         {"z.yaml",
                          "- rule: foreigner\n  append: true\n  exceptions:\n"
                          "    - name: diplomats\n      values: [[FRA, diplomatic]]\n"
                          "    - name: vip_lane\n      fields: lane\n      values: [VIP]\n"}});
    CHECK(fired(more, doc("FRA", "diplomatic")).empty());
    CHECK(fired(more, doc("DEU", "passport", R"(,"lane":"VIP")")).empty());
    CHECK(fired(more, doc("DEU", "passport")).size() == 1);
  }
  SUBCASE("exception errors") {
    struct Case {
      std::string exceptions;
      std::string error;
    };
    const Case cases[] = {
        {"    - name: e\n      fields: [travler.x]\n      values: [[a]]\n",
         "t.yaml:8:16: error: unknown field 'travler.x'"},
        {"    - name: e\n      fields: [lane, officer]\n      values: [[a]]\n",
         "t.yaml:9:16: error: exception 'e' needs 2 value(s) per entry (one per field), got 1"},
        {"    - name: e\n      fields: party_size\n      values: [many]\n",
         "t.yaml:9:16: error: type mismatch: 'party_size' is a number but \"many\" is a string"},
        {"    - name: e\n      fields: traveller.document.expiry\n      values: [2025-02-30]\n",
         "t.yaml:9:16: error: \"2025-02-30\" is not a date (YYYY-MM-DD) for "
         "'traveller.document.expiry'"},
        {"    - name: e\n      fields: [lane]\n      comps: [like]\n      values: [[a]]\n",
         "t.yaml:9:15: error: unknown comp 'like' in exception 'e'"},
        {"    - name: e\n      fields: [lane]\n      values: [[[a, b]]]\n",
         "t.yaml:9:17: error: a list of values needs comp 'in', not '='"},
        {"    - fields: [lane]\n", "t.yaml:7:7: error: an exception needs a 'name'"},
        {"    - name: e\n      field: [lane]\n",
         "t.yaml:8:7: error: unknown key 'field' in exception (allowed: name, fields, comps, "
         "values)"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.exceptions);
      auto bad = compile(
          "- rule: r\n  desc: d\n  condition: lane exists\n  output: o\n  priority: info\n"
          "  exceptions:\n" +
          c.exceptions);
      CHECK_FALSE(bad.ok());
      auto m = messages(bad);
      REQUIRE(!m.empty());
      CHECK(m.front() == c.error);
    }
  }
}

TEST_CASE("rules loader: read_rule_sources reads *.yaml in lexical order") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("bw_rules_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  auto write = [&](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
  write(dir / "b.yaml",
        "- rule: r\n  desc: d\n  condition: lane exists\n  output: b\n"
        "  priority: info\n");
  write(dir / "zz-site.yaml", "- rule: r\n  override: {output: replace}\n  output: site\n");
  write(dir / "a.yaml", "- required_version: 1\n");
  write(dir / "notes.txt", "not rules");
  write(dir / ".hidden.yaml", "garbage: [");
  write(dir / "sub" / "c.yaml", "garbage: [");

  auto sources = rules::read_rule_sources(dir.string());
  REQUIRE(sources.ok());
  std::vector<std::string> names;
  for (const auto& s : *sources) names.push_back(fs::path(s.name).filename().string());
  CHECK(names == std::vector<std::string>{"a.yaml", "b.yaml", "zz-site.yaml"});
  CHECK(fired(rules::RuleSet::compile(*sources, test::ban_laem_only()), R"("lane":"1")") ==
        std::vector<std::string>{"r:site"});

  auto single = rules::read_rule_sources((dir / "b.yaml").string());
  REQUIRE(single.ok());
  CHECK(single->size() == 1);
  CHECK(single->front().name == (dir / "b.yaml").string());

  CHECK_FALSE(rules::read_rule_sources((dir / "missing").string()).ok());
  CHECK_FALSE(rules::read_rule_sources((dir / "sub" / "nothing").string()).ok());
  fs::remove(dir / "sub" / "c.yaml");
  auto empty = rules::read_rule_sources((dir / "sub").string());
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("has no *.yaml files") != std::string::npos);
  fs::remove_all(dir);
}
