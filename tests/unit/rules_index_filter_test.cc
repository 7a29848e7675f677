// Rules engine: the index's value filter (lengths, first bytes, tail bits) never rejects a
// value some rule is keyed on.
#include <doctest/doctest.h>

#include <cctype>
#include <string>

#include "json/parse.h"

#include "rules_support.h"

namespace {

using namespace bw;
using test::IndexedRules;

// Look-out values of every length from 1 to 20 bytes, so texts shorter than, exactly and
// longer than the eight bytes the tail hash reads; many share their length and first byte.
std::string value(int i) {
  std::string v = "N" + std::to_string(i * 7919 % 100000);
  v.resize(static_cast<size_t>(1 + i % 20), static_cast<char>('a' + i % 26));
  return v;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("rules index filter: every keyed value passes, most others do not") {
  IndexedRules::Rules rules;
  for (int i = 0; i < 300; ++i) {
    rules.emplace_back("doc" + std::to_string(i),
                       "traveller.document.number = \"" + value(i) + "\"");
  }
  // Folded fields keep no tail bits; their values must pass all the same.
  for (int i = 0; i < 60; ++i) {
    rules.emplace_back("surname" + std::to_string(i),
                       "lower(traveller.surname) = \"" + lower(value(i)) + "x\"");
  }
  const IndexedRules set(rules);
  auto candidates = [&](const std::string& number, const std::string& surname) {
    return set
        .run(R"({"traveller":{"document":{"number":")" + number + R"("},"surname":")" + surname +
             "\"}}")
        .first;
  };
  for (int i = 0; i < 300; ++i) {
    const std::string v = value(i);
    CAPTURE(v);
    // Values repeat: every rule keyed on this one is a candidate, doc<i> among them.
    CHECK(candidates(v, "").find("doc" + std::to_string(i) + " ") != std::string::npos);
  }
  for (int i = 0; i < 60; ++i) {
    std::string upper = value(i) + "x";
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CAPTURE(upper);
    CHECK(candidates("", upper).find("surname" + std::to_string(i) + " ") != std::string::npos);
  }
  // Values next to the keyed ones, same length and first byte: none is a candidate.
  int none = 0;
  for (int i = 0; i < 300; ++i) {
    std::string other = value(i);
    other.back() = other.size() > 1 ? '#' : 'M';
    none += candidates(other, "").empty() ? 1 : 0;
  }
  CHECK(none == 300);
}

TEST_CASE("rules index filter: watched employers are candidates exactly when the value holds one") {
  IndexedRules::Rules rules;
  const char* words[] = {"golden", "kings", "crown", "fortune", "paradise", "dragon"};
  const char* kinds[] = {"casino", "resort", "trading", "holdings"};
  for (const char* w : words) {
    for (const char* k : kinds) {
      rules.emplace_back(std::string(w) + "_" + k,
                         "employer icontains \"" + std::string(w) + " " + k + "\"");
    }
  }
  const IndexedRules set(rules);
  auto candidates = [&](const std::string& employer) {
    return set.run(R"({"employer":")" + employer + "\"}").first;
  };
  CHECK(candidates("Golden Casino") == "golden_casino ");
  CHECK(candidates("THE DRAGON HOLDINGS CO") == "dragon_holdings ");
  CHECK(candidates("kings resort & crown trading") == "kings_resort crown_trading ");
  CHECK(candidates("Pong Nam Ron Durian Orchard").empty());
  CHECK(candidates("Golden Casin").empty());
  CHECK(candidates("").empty());
}

TEST_CASE("rules index filter: checkpoint keys, folded or not, are read from the event") {
  const IndexedRules set({{"at_sap_tari", "checkpoint = \"SAP_TARI\""},
                          {"at_ban_laem", "lower(checkpoint) = \"ban_laem\""},
                          {"doc", "traveller.document.number = \"N1\""}});
  auto candidates = [&](const std::string& checkpoint, const std::string& number) {
    event::Event ev;
    ev.body = json::parse(R"({"traveller":{"document":{"number":")" + number + "\"}}}").value();
    ev.checkpoint = checkpoint;
    rules::EvalContext ctx{ev, set.config().find_checkpoint(checkpoint), nullptr, 420};
    std::string names;
    set.compiled().index().for_each_candidate(
        ctx, [&](uint32_t i) { names += set.compiled().rules()[i].name + " "; });
    return names;
  };
  CHECK(candidates("SAP_TARI", "N2") == "at_sap_tari ");
  CHECK(candidates("BAN_LAEM", "N2") == "at_ban_laem ");
  CHECK(candidates("BAN_LAEM", "N1") == "at_ban_laem doc ");
  CHECK(candidates("ELSEWHERE", "N1") == "doc ");
}

TEST_CASE("rules index filter: a field of unbounded values keeps tail bits for a few values") {
  // Officer ids have no typical number of values: three look-outs get tail bits too, and the
  // bits must pass the keyed values, short (under eight bytes) and long.
  const IndexedRules set({{"short", "officer = \"BL-104\""},
                          {"one_byte", "officer = \"B\""},
                          {"long", "officer = \"BL-1040-NIGHT-SHIFT\""}});
  auto candidates = [&](const std::string& officer) {
    return set.run(R"({"officer":")" + officer + "\"}").first;
  };
  CHECK(candidates("BL-104") == "short ");
  CHECK(candidates("B") == "one_byte ");
  CHECK(candidates("BL-1040-NIGHT-SHIFT") == "long ");
  CHECK(candidates("BL-105").empty());
  CHECK(candidates("C").empty());
  CHECK(candidates("BL-1040-NIGHT-SHIFU").empty());
}
