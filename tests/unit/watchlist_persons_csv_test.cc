// Persons lists from CSV: names and aliases, birth date, nationality, sex, documents; a bad
// field is reported as line:column and the good rows are kept for --skip-bad.
#include <doctest/doctest.h>

#include "watchlist/csv_import.h"

using namespace bw;

TEST_CASE("persons csv: aliases and documents split on ';', bad fields named by line:column") {
  const std::string text =
      "id,names,birth_date,nationality,sex,documents,reason\n"
      "P-1,\"CHEA Sok; Sok Chear\",1984-03,KHM,m,N01842273; n0 1842274,wanted (trafficking)\n"
      "P-2,NGUYEN Van An,1984-13-01,VNM,M,,wanted\n"
      "P-3,SRISUK Somchai,1975,THA,Q,,wanted\n"
      "P-4,,1975,THA,M,,no name\n"
      "P-5,ONLY Name\n";
  auto r = watchlist::parse_csv(text);
  REQUIRE(r.ok());
  CHECK(r->kind == watchlist::Kind::kPersons);
  REQUIRE(r->persons.size() == 1);
  const auto& p = r->persons[0];
  CHECK(p.id == "P-1");
  CHECK(p.names == std::vector<std::string>{"CHEA Sok", "Sok Chear"});
  CHECK(p.birth.to_string() == "1984-03");
  CHECK(p.sex == "M");
  CHECK(p.documents == std::vector<std::string>{"N01842273", "N01842274"});
  CHECK(p.line == 2);
  REQUIRE(r->problems.size() == 4);
  CHECK(r->problems[0].to_string().rfind("line 3:3: birth_date:", 0) == 0);
  CHECK(r->problems[1].to_string().rfind("line 4:5: sex:", 0) == 0);
  CHECK(r->problems[2].to_string().rfind("line 5:2: names:", 0) == 0);
  CHECK(r->problems[3].to_string() == "line 6: expected 7 fields, found 2");
}

TEST_CASE("persons csv: an unknown column is refused with its position") {
  auto r = watchlist::parse_csv("name,birth_date,eye_colour\nCHEA Sok,1984,brown\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.rfind("line 1:3: unknown column \"eye_colour\"", 0) == 0);
  // A single "name" column is enough.
  auto one = watchlist::parse_csv("name\nCHEA Sok\n");
  REQUIRE(one.ok());
  CHECK(one->persons.size() == 1);
}
