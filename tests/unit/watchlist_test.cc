#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "watchlist/csv_import.h"
#include "watchlist/normalize.h"

using namespace bw::watchlist;

TEST_CASE("watchlist: document numbers and plates normalise case, spaces and separators") {
  CHECK(normalise_document_number(" ab 123-456.7/8 ") == "AB12345678");
  CHECK(normalise_document_number("n0123456") == "N0123456");
  CHECK(normalise_plate("1กข-1234") == "1กข1234");
  CHECK(normalise_plate("PP 2A-1234") == "PP2A1234");
  CHECK(redact("AB1234567") == "AB*****67");
  CHECK(redact("ABC") == "***");
}

TEST_CASE("watchlist: lookup goes through the same normalisation") {
  Watchlist list("lost", Kind::kDocuments,
                 {{"AB123456", "AB-123456", "THA", "passport", "stolen", 2}});
  REQUIRE(list.lookup("ab 123 456") != nullptr);
  CHECK(list.lookup("ab 123 456")->reason == "stolen");
  CHECK(list.lookup("AB123457") == nullptr);
  CHECK(list.lookup("") == nullptr);
  CHECK(list.lookup("--") == nullptr);
  WatchlistSet set;
  auto with = set.with(std::make_shared<const Watchlist>(list));
  CHECK(with->find("lost") != nullptr);
  CHECK(set.find("lost") == nullptr);  // the original snapshot is untouched
}

TEST_CASE("watchlist: CSV import reports bad rows with their line numbers") {
  const std::string csv =
      "number,country,type,reason\n"
      "AA1234567,THA,passport,stolen\n"
      "\"N 0123-456\",KHM,passport,\"lost, reported 2025\"\n"
      "\n"
      "---,THA,passport,empty after normalisation\n"
      "AB1,THA\n"
      "aa1234567,THA,passport,duplicate of line 2\n";
  auto r = parse_csv(csv);
  REQUIRE(r.ok());
  CHECK(r->kind == Kind::kDocuments);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[1].key == "N0123456");
  CHECK(r->entries[1].reason == "lost, reported 2025");
  CHECK(r->entries[1].line == 3);
  REQUIRE(r->problems.size() == 2);
  CHECK(r->problems[0].to_string() == "line 5: number is empty after normalisation");
  CHECK(r->problems[1].to_string() == "line 6: expected 4 fields, found 2");
}

TEST_CASE("watchlist: CSV header decides the kind; bad headers are errors") {
  auto plates = parse_csv("plate,province,reason\n1กข 1234,Chanthaburi,shuttle\n");
  REQUIRE(plates.ok());
  CHECK(plates->kind == Kind::kVehicles);
  CHECK(plates->entries[0].key == "1กข1234");
  auto unknown = parse_csv("number,colour\nA1,red\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "line 1: unknown column \"colour\" (documents: number,country,type,reason; vehicles: "
        "plate,province,reason)");
  auto nokey = parse_csv("country,reason\nTHA,x\n");
  REQUIRE_FALSE(nokey.ok());
  CHECK(nokey.error().message.find("\"number\" or \"plate\"") != std::string::npos);
  CHECK_FALSE(parse_csv("").ok());
  auto unterminated = parse_csv("number\n\"AB12\n");
  REQUIRE(unterminated.ok());
  REQUIRE(unterminated->problems.size() == 1);
  CHECK(unterminated->problems[0].to_string() == "line 2: unterminated quoted field");
}

TEST_CASE("watchlist: the shipped demo lists import cleanly") {
  for (const char* name : {"lost_stolen_documents.csv", "watched_vehicles.csv"}) {
    std::ifstream in(std::string(BW_SOURCE_DIR) + "/config/demo/" + name);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    auto r = parse_csv(ss.str());
    REQUIRE(r.ok());
    CHECK(r->problems.empty());
    CHECK(r->entries.size() >= 10);
  }
}
