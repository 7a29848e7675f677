// Rules engine: the index's walk of the event body tells member names apart wherever they
// differ, whatever their length, and finds children of an object with very many of them.
#include <doctest/doctest.h>

#include <string>

#include "rules_support.h"

namespace {

using bw::test::IndexedRules;

// The body `{"<name>": "v"}`.
std::string member(const std::string& name) {
  return R"({")" + name + R"(":"v"})";
}

TEST_CASE("rules index walk: names differing in their last inline byte or past it") {
  // The walk keeps a child's first 24 bytes inline and compares the rest only on a match:
  // pairs of names of 8, 9, 24 and 25 bytes that differ only in their last byte.
  const std::string names[] = {"abcdefgh",
                               "abcdefgi",
                               "abcdefghx",
                               "abcdefghy",
                               std::string(23, 'h') + "x",
                               std::string(23, 'h') + "y",
                               std::string(24, 'h') + "x",
                               std::string(24, 'h') + "y"};
  IndexedRules::Rules rules;
  for (size_t i = 0; i < std::size(names); ++i) {
    rules.emplace_back("p" + std::to_string(i), "extra." + names[i] + " exists");
  }
  const IndexedRules set(rules);
  for (size_t i = 0; i < std::size(names); ++i) {
    CAPTURE(names[i]);
    auto hit = set.run(member(names[i]));
    CHECK(hit.first == "p" + std::to_string(i) + " ");
    CHECK(hit.second == hit.first);
  }
  // A name of the same length that is none of them, and one past the inline bytes that
  // matches only their first 24.
  CHECK(set.run(member("abcdefgz")).first.empty());
  CHECK(set.run(member(std::string(24, 'h') + "z")).first.empty());
  // Two members: both found, in rule order.
  CHECK(set.run(R"({")" + names[7] + R"(":"v",")" + names[0] + R"(":"w"})").first == "p0 p7 ");
}

TEST_CASE("rules index walk: an object with more children than the dispatch holds") {
  // 70 children of the body: more than the 64 the walk tells apart by bit; each is then
  // looked up by name, the first member of a name as the evaluator sees it. A rule whose
  // required path the walk missed would be skipped, and be missing from the matches.
  IndexedRules::Rules rules;
  for (int i = 0; i < 70; ++i) {
    rules.emplace_back("m" + std::to_string(i),
                       "extra.m" + std::to_string(i) + " = \"v" + std::to_string(i) + "\"");
  }
  const IndexedRules set(rules);
  CHECK(set.run(R"({"m69":"v69","m3":"v3","m64":"x","m0":"v0"})").second == "m0 m3 m69 ");
  CHECK(set.run(R"({"m5":"v5","m5":"v6"})").second == "m5 ");
  CHECK(set.run(R"({"m5":"v6","m5":"v5"})").second.empty());
  // Absent paths: the rules requiring them are no candidates.
  CHECK(set.run(R"({"m69":"v69"})").first.find("m3 ") == std::string::npos);
}

}  // namespace
