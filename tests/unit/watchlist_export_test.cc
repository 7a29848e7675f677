// Exported lists import back to the same entries: persons as CSV in the importer's columns.
#include <doctest/doctest.h>

#include "control/watchlist_versions.h"
#include "json/writer.h"
#include "watchlist/jsonl_import.h"
#include "watchlist/person_json.h"

using namespace bw;

namespace {

std::vector<std::string> as_json(const watchlist::ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.persons) out.push_back(json::to_string(watchlist::person_to_json(p)));
  return out;
}

}  // namespace

TEST_CASE("watchlist export: persons CSV imports back to the same persons") {
  const std::string jsonl =
      R"({"id":"P-1","names":["SOK Dara","Dara Sok","สมชาย ใจดี"],"birth_date":"1980-03",)"
      R"("nationality":"KHM","sex":"m","documents":["n 123-456"],"reason":"wanted, \"armed\"\nsee file"})"
      "\n"
      R"({"names":["CHAN Vuthy"],"birth_date":"1975","source":"OFAC, SDN"})"
      "\n"
      R"({"id":"P-3","name":"Lee, Min","documents":["AB1","CD2"]})"
      "\n";
  auto original = watchlist::parse_jsonl(jsonl);
  REQUIRE(original);
  REQUIRE(original->problems.empty());
  REQUIRE(original->persons.size() == 3);

  auto csv = control::export_entries(*original, "csv");
  REQUIRE(csv);
  CHECK(csv->substr(0, csv->find('\n')) ==
        "id,names,birth_date,nationality,sex,documents,reason,source");
  auto back = watchlist::parse_csv(*csv);
  REQUIRE(back);
  CHECK(back->kind == watchlist::Kind::kPersons);
  CHECK(back->problems.empty());
  CHECK(as_json(*back) == as_json(*original));
  // And once more: the CSV written from the re-import is the same text.
  auto again = control::export_entries(*back, "csv");
  REQUIRE(again);
  CHECK(*again == *csv);
}

TEST_CASE("watchlist export: a person CSV cannot carry is an error naming it") {
  for (const char* row :
       {R"({"id":"P-9","names":["A; B"]})", R"({"id":"P-9","names":["X"],"reason":" lost"})"}) {
    auto list = watchlist::parse_jsonl(std::string(row) + "\n");
    REQUIRE(list);
    REQUIRE(list->persons.size() == 1);
    auto csv = control::export_entries(*list, "csv");
    REQUIRE_FALSE(csv);
    CHECK(csv.error().message.find("person P-9 (line 1)") != std::string::npos);
    CHECK(csv.error().message.find("jsonl") != std::string::npos);
    CHECK(control::export_entries(*list, "jsonl"));
  }
}
