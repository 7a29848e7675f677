// Rules engine: condition syntax, load-time checks and their positions.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rules/lexer.h"
#include "rules/parser.h"
#include "rules/rule_set.h"
#include "rules_support.h"

namespace {

using bw::rules::Diagnostic;
using bw::rules::RuleSet;

// A rule whose condition is a plain scalar on line 3 starting at column 14.
std::string rule_with(const std::string& condition) {
  return "- rule: r\n  desc: d\n  condition: " + condition + "\n  output: o\n  priority: info\n";
}

bw::rules::CompileResult compile_text(const std::string& yaml) {
  return RuleSet::compile({{"t.yaml", yaml}}, bw::test::ban_laem_only());
}

std::vector<Diagnostic> errors_of(const bw::rules::CompileResult& r) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) out.push_back(d);
  }
  return out;
}

std::string first_error(const std::string& yaml) {
  auto r = compile_text(yaml);
  auto errors = errors_of(r);
  return errors.empty() ? std::string("<no error>") : errors.front().to_string();
}

}  // namespace

TEST_CASE("rules lexer: tokens, offsets and escapes") {
  bw::rules::Lexer lex(R"(a.b >= -1.5e2 "x\"y\u0e01" != ( ) [ ] , ==)");
  using bw::rules::Tok;
  std::vector<Tok> kinds;
  std::vector<size_t> offsets;
  for (auto t = lex.next(); t.kind != Tok::kEnd; t = lex.next()) {
    REQUIRE(t.kind != Tok::kError);
    kinds.push_back(t.kind);
    offsets.push_back(t.offset);
    if (t.kind == Tok::kNumber) CHECK(t.number == -150.0);
    if (t.kind == Tok::kString) CHECK(t.text == "x\"y\xE0\xB8\x81");
  }
  CHECK(kinds == std::vector<Tok>{Tok::kIdent, Tok::kDot, Tok::kIdent, Tok::kGe, Tok::kNumber,
                                  Tok::kString, Tok::kNe, Tok::kLParen, Tok::kRParen,
                                  Tok::kLBracket, Tok::kRBracket, Tok::kComma, Tok::kEq});
  CHECK(offsets[3] == 4);
  CHECK(offsets[4] == 7);

  struct Bad {
    const char* text;
    const char* message;
  };
  for (const Bad& b : {Bad{"\"abc", "unterminated string"}, Bad{"\"a\\q\"", "unknown escape"},
                       Bad{"'x'", "double quotes"}, Bad{"a ! b", "unexpected '!'"},
                       Bad{"12abc", "malformed number"}, Bad{"\"\\u12\"", "bad \\u escape"},
                       Bad{"a ; b", "unexpected character ';'"}}) {
    CAPTURE(b.text);
    bw::rules::Lexer l(b.text);
    bw::rules::Token t;
    do {
      t = l.next();
    } while (t.kind != Tok::kError && t.kind != Tok::kEnd);
    REQUIRE(t.kind == Tok::kError);
    CHECK(t.text.find(b.message) != std::string::npos);
  }
}

TEST_CASE("rules parser: precedence is not > and > or") {
  bw::rules::SourceText text{"not a = 1 and b = 2 or c = 3", {}};
  bw::rules::Diagnostics diags;
  auto e = bw::rules::parse_condition(text, diags);
  REQUIRE(e);
  using K = bw::rules::Expr::Kind;
  REQUIRE(e->kind == K::kOr);
  REQUIRE(e->children.size() == 2);
  const auto& conj = *e->children[0];
  REQUIRE(conj.kind == K::kAnd);
  CHECK(conj.children[0]->kind == K::kNot);
  CHECK(conj.children[0]->children[0]->kind == K::kRelation);
  CHECK(conj.children[1]->lhs.steps == std::vector<std::string>{"b"});
  CHECK(e->children[1]->lhs.steps == std::vector<std::string>{"c"});

  bw::rules::SourceText between{"x between 1 and 2 and y = 1", {}};
  auto b = bw::rules::parse_condition(between, diags);
  REQUIRE(b);
  REQUIRE(b->kind == K::kAnd);
  CHECK(b->children[0]->op == bw::rules::Op::kBetween);
  CHECK(b->children[0]->rhs.size() == 2);

  bw::rules::SourceText filter{"goods[category = \"a\" or count > 2].count > 3", {}};
  auto f = bw::rules::parse_condition(filter, diags);
  REQUIRE(f);
  CHECK(f->lhs.steps == std::vector<std::string>{"goods"});
  REQUIRE(f->lhs.filter);
  CHECK(f->lhs.filter->kind == K::kOr);
  CHECK(f->lhs.after == std::vector<std::string>{"count"});
  CHECK(!diags.has_errors());
}

TEST_CASE("rules parser: every operator and function is accepted") {
  const char* accepted[] = {
      "direction = \"exit\"",
      "direction == \"exit\"",
      "direction != \"entry\"",
      "party_size < 3",
      "party_size <= 3",
      "party_size > 3",
      "party_size >= 3.5",
      "party_size between 2 and 5",
      "traveller.nationality in (\"THA\", \"KHM\")",
      "traveller.nationality in ()",
      "traveller.surname contains \"SOM\"",
      "traveller.surname icontains \"som\"",
      "traveller.surname startswith \"S\"",
      "traveller.surname endswith \"CHAI\"",
      "vehicle.plate glob \"1?-*\"",
      "employer regex \"^(Golden|Kings) .*Co\\\\.$\"",
      "vehicle.plate exists",
      "vehicle exists",
      "not vehicle.plate exists",
      "vehicle.country != traveller.nationality",
      "traveller.document.expiry < traveller.document.issued",
      "age(traveller.birth_date) < 18",
      "days_until(traveller.document.expiry) < 0",
      "days_since(traveller.document.issued) between 0 and 14",
      "len(traveller.surname) > 30",
      "len(goods) > 3",
      "len(goods[category = \"phone\"]) >= 2",
      "lower(purpose) = \"work\"",
      "upper(traveller.surname) startswith \"SOM\"",
      "watchlist(\"lost_stolen_documents\", traveller.document.number)",
      "not watchlist(\"wanted_persons\", traveller.id_number)",
      "goods[category = \"sim_card\"].count > 20",
      "cash[declared = false and currency = \"USD\"].amount > 20000",
      "goods[category = \"sim_box\"] exists",
      "goods.count > 100",
      "site.within_hours",
      "not site.within_hours",
      "site.type = \"temporary\" and site.km < 30",
      "time > \"2025-01-01T00:00:00+07:00\"",
      "traveller.birth_date < \"1990\"",
      "attributes.risk_score > 0.5",
      "attributes.flag = true",
      "extra.route_code = \"R7\"",
      "extra.route.leg = 2",
      "(((direction = \"exit\")))",
      "true",
      "not false",
      "checkpoint = \"BAN_LAEM\"",
  };
  for (const char* c : accepted) {
    CAPTURE(c);
    auto yaml = "- rule: r\n  desc: d\n  condition: '" + std::string(c) +
                "'\n  output: o\n  priority: info\n";
    auto r = compile_text(yaml);
    CHECK(errors_of(r).empty());
    if (!errors_of(r).empty()) MESSAGE(errors_of(r).front().to_string());
  }
}

TEST_CASE("rules parser: rejected conditions report message and line:column") {
  struct Case {
    const char* condition;  // written as a plain YAML scalar at line 3, column 14
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"direction =", 25, "expected a field, a function or '(', found end of condition"},
      {"(direction = \"exit\"", 33, "expected ')', found end of condition"},
      {"direction = \"exit\")", 32, "unbalanced ')'"},
      {"direction = \"exit\" lane = \"1\"", 33, "unexpected 'lane' after a complete condition"},
      {"and x", 14, "expected a field, a function or '(', found keyword 'and'"},
      {"lane in (A, B)", 23, "expected a literal in 'in (...)'"},
      {"lane in (\"A\" \"B\")", 27, "expected ',' or ')'"},
      {"party_size between 1 2", 35, "expected 'and' in 'between X and Y'"},
      {"goods[category = \"a\"", 34, "expected ']' to close the filter"},
      {"goods[count > 1][count > 2]", 30, "only one [filter]"},
      {"lane = \"abc", 21, "unterminated string"},
      {"vehicle. = 1", 23, "expected a field name after '.'"},
      {"travler.surname = \"x\"", 14,
       "unknown field 'travler.surname' (did you mean 'traveller.surname'?)"},
      {"outbund", 14, "unknown macro or field 'outbund'"},
      {"lane in no_such_list", 22, "unknown list 'no_such_list'"},
      {"frobnicate(lane) = 1", 14, "unknown function 'frobnicate'"},
      {"age(traveller.surname) < 3", 18, "age() needs a date field"},
      {"age(traveller.birth_date, lane) < 3", 14, "age() takes 1 argument, got 2"},
      {"party_size = \"four\"", 27,
       "type mismatch: 'party_size' is a number but \"four\" is a string"},
      {"traveller.surname = 5", 34, "type mismatch: 'traveller.surname' is a string but 5"},
      {"traveller.document.expiry = 5", 42,
       "type mismatch: 'traveller.document.expiry' is a date but 5 is a number"},
      {"traveller.document.expiry < \"2025-13-01\"", 42, "\"2025-13-01\" is not a date"},
      {"time > \"yesterday\"", 21, "\"yesterday\" is not an RFC 3339 timestamp"},
      {"party_size contains \"1\"", 25, "'contains' needs a string, but 'party_size' is a number"},
      {"traveller.surname > \"M\"", 32, "'>' compares numbers, dates or timestamps"},
      {"party_size = traveller.surname", 27,
       "type mismatch: 'party_size' is a number but 'traveller.surname' is a string"},
      {"lane", 14, "'lane' is a string, not a condition"},
      {"goods", 14, "'goods' is an array, not a condition"},
      {"goods = 3", 20, "'goods' is an array"},
      {"traveller = 3", 24, "'traveller' is an object"},
      {"traveller.surname[x = 1] exists", 31,
       "'traveller.surname' is a string: [filter] applies to arrays"},
      {"goods[colour = \"red\"] exists", 20, "unknown field '[element].colour'"},
      {"goods[category = \"x\"].category = \"y\"", 14, "only number fields can be summed"},
      {"direction = \"exti\"", 26, "'direction' is one of exit, entry"},
      {"site.type = \"temp\"", 26, "'site.type' is one of permanent, temporary"},
      {"site.colour = \"x\"", 14, "unknown field 'site.colour'"},
      {"extra = 1", 14, "'extra' needs a body field name"},
      {"traveller.surname regex \"(\"", 39, "invalid regex \"(\": missing ')'"},
      // The column counts the pattern's escapes as written: `\\d` is two characters.
      {"traveller.surname regex \"\\\\d{1001}\"", 42,
       "invalid regex \"\\d{1001}\": invalid repeat count '{1001}'"},
      {"traveller.surname glob traveller.given_names", 37, "'glob' needs a pattern"},
      {"watchlist(lane) = true", 14, "usage: watchlist(\"list_name\", field)"},
      {"len(party_size) > 1", 18, "len() needs a string or an array"},
      {"lower(\"X\") = \"x\"", 20, "lower() needs a field, not a literal"},
      {"vehicle.plate exists exists", 35, "unexpected 'exists'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.condition);
    const std::string expected =
        "t.yaml:3:" + std::to_string(c.column) + ": error: " + std::string(c.message);
    const std::string got = first_error(rule_with(c.condition));
    CHECK(got.substr(0, expected.size()) == expected);
  }
}

TEST_CASE("rules parser: positions inside quoted and block scalars") {
  // Double-quoted with escapes: the error is on `travler`, after two escaped quotes (each
  // two bytes in the file).
  auto dq = first_error(
      "- rule: r\n  desc: d\n  condition: \"lane = \\\"1\\\" and travler.x = 1\"\n"
      "  output: o\n  priority: info\n");
  CHECK(dq.rfind("t.yaml:3:32: error: unknown field 'travler.x'", 0) == 0);

  // Block scalar: the condition's second line starts at column 5 of line 5.
  auto block = first_error(
      "- rule: r\n  desc: d\n  condition: |\n    direction = \"exit\"\n"
      "    and  travler.x = 1\n  output: o\n  priority: info\n");
  CHECK(block.rfind("t.yaml:5:10: error: unknown field 'travler.x'", 0) == 0);

  // Folded plain scalar spanning lines.
  auto folded = first_error(
      "- rule: r\n  desc: d\n  condition: direction = \"exit\"\n    and travler.x = 1\n"
      "  output: o\n  priority: info\n");
  CHECK(folded.rfind("t.yaml:4:9: error: unknown field 'travler.x'", 0) == 0);

  // Single-quoted scalar with a doubled quote before the error.
  auto sq = first_error(
      "- rule: r\n  desc: d\n  condition: 'lane = \"it''s\" and bad('\n"
      "  output: o\n  priority: info\n");
  CHECK(sq.rfind("t.yaml:3:38: error: expected a field, a function or '(', found end", 0) == 0);
}

TEST_CASE("rules parser: limits on untrusted text") {
  SUBCASE("deep nesting is an error, not a stack overflow") {
    std::string deep(1000, '(');
    auto yaml = "- macro: m\n  condition: '" + deep + "'\n";
    auto r = compile_text(yaml);
    CHECK_FALSE(r.ok());
    CHECK(first_error(yaml).find("nested too deeply (more than 64 levels)") != std::string::npos);

    std::string nots;
    for (int i = 0; i < 5000; ++i) nots += "not ";
    CHECK(first_error(rule_with(nots + "vehicle exists")).find("nested too deeply") !=
          std::string::npos);

    std::string calls = "lane = ";
    for (int i = 0; i < 100; ++i) calls += "lower(";
    CHECK(
        first_error(rule_with(calls + "lane" + std::string(100, ')'))).find("nested too deeply") !=
        std::string::npos);

    std::string filters = "goods[";
    for (int i = 0; i < 100; ++i) filters += "(";
    CHECK(first_error(rule_with(filters)).find("nested too deeply") != std::string::npos);
  }
  SUBCASE("64 levels are fine") {
    std::string ok = std::string(63, '(') + "vehicle exists" + std::string(63, ')');
    CHECK(errors_of(compile_text(rule_with(ok))).empty());
  }
  SUBCASE("huge condition") {
    std::string huge = "lane = \"1\"";
    while (huge.size() <= 70000) huge += " or lane = \"1\"";
    CHECK(first_error(rule_with(huge)).find("condition is longer than 65536 bytes") !=
          std::string::npos);
  }
  SUBCASE("huge file") {
    std::string yaml = "# " + std::string(5 << 20, 'x') + "\n";
    auto r = compile_text(yaml);
    CHECK_FALSE(r.ok());
    REQUIRE(!r.diagnostics.empty());
    CHECK(r.diagnostics.front().to_string() == "t.yaml: error: file is larger than 4 MiB");
  }
  SUBCASE("deeply nested YAML") {
    std::string yaml = std::string(50000, '[') + std::string(50000, ']');
    CHECK_FALSE(compile_text(yaml).ok());
  }
  SUBCASE("regex pattern length") {
    std::string pat(2000, 'a');
    CHECK(first_error(rule_with("lane regex \"" + pat + "\"")).find("regex pattern is longer") !=
          std::string::npos);
  }
}

TEST_CASE("rules parser: random token soup and random bytes never crash the loader") {
  const char* vocab[] = {
      "lane",  "goods",        "[",         "]",          "(",        ")",
      "and",   "or",           "not",       "=",          "!=",       "<",
      "in",    "exists",       "between",   "\"x\"",      "3",        "-1.5",
      "age",   "len",          "lower",     "watchlist",  ",",        ".",
      "count", "category",     "true",      "glob",       "regex",    "\"(a|b)*\"",
      "site",  "within_hours", "traveller", "birth_date", "contains", "extra"};
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  const size_t n = sizeof vocab / sizeof vocab[0];
  for (int i = 0; i < 1500; ++i) {
    std::string cond;
    const int len = 1 + static_cast<int>(next() % 12);
    for (int k = 0; k < len; ++k) cond += std::string(vocab[next() % n]) + " ";
    auto r = compile_text("- rule: r\n  desc: d\n  condition: '" + cond +
                          "'\n  output: o\n  priority: info\n");
    CHECK((r.ok() || !errors_of(r).empty()));
  }
  for (int i = 0; i < 300; ++i) {
    std::string bytes;
    const int len = static_cast<int>(next() % 200);
    for (int k = 0; k < len; ++k) bytes += static_cast<char>(next() % 256);
    auto r = compile_text("- rule: r\n  desc: d\n  condition: " + bytes + "\n");
    CHECK_FALSE(r.ok());
  }
}
