// Rules engine: which edits give a stateful rule a new identity (rule_identity.h).
#include <doctest/doctest.h>

#include <string>

#include "rules/rule_set.h"
#include "rules/stateful.h"
#include "rules_support.h"

namespace {

using namespace bw;

const std::string kPack = R"(- list: watched_nationalities
  items: [KHM, MMR]
- macro: adult
  condition: age(traveller.birth_date) >= 18
- macro: outbound_adult
  condition: direction = "exit" and adult
- macro: unrelated
  condition: direction = "entry"
- rule: escort
  desc: d
  condition: outbound_adult and traveller.nationality in watched_nationalities
  stateful: {aggregate: distinct(party_id), by: traveller.document.number, within: 30d, threshold: 3}
  output: "escort {traveller.document.number}"
  priority: high
- rule: uses_unrelated
  desc: d
  condition: unrelated
  output: o
  priority: low
)";

uint64_t identity_of(const std::string& pack) {
  auto r = rules::RuleSet::compile({{"pack.yaml", pack}}, test::ban_laem_only());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.rule_set->stateful_rules().size() == 1);
  return r.rule_set->stateful_rules()[0].identity;
}

std::string edited(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("stateful identity: the rule, its macros and lists count; the rest does not") {
  const uint64_t base = identity_of(kPack);
  CHECK(identity_of(kPack) == base);
  SUBCASE("a changed window is a new rule") {
    CHECK(identity_of(edited(kPack, "within: 30d", "within: 31d")) != base);
  }
  SUBCASE("a changed macro the condition uses is a new rule") {
    CHECK(identity_of(edited(kPack, "direction = \"exit\" and adult",
                             "direction = \"exit\" and adult and party_id exists")) != base);
  }
  SUBCASE("a changed macro used by that macro is a new rule") {
    CHECK(identity_of(edited(kPack, ">= 18", ">= 21")) != base);
  }
  SUBCASE("a changed list the condition tests is a new rule") {
    CHECK(identity_of(edited(kPack, "[KHM, MMR]", "[KHM, MMR, LAO]")) != base);
  }
  SUBCASE("a macro the rule does not use may change") {
    CHECK(identity_of(edited(kPack, "direction = \"entry\"",
                             "direction = \"entry\" and lane exists")) == base);
  }
  SUBCASE("output and priority may change") {
    CHECK(identity_of(edited(edited(kPack, "\"escort {", "\"possible escort {"), "priority: high",
                             "priority: critical")) == base);
  }
}
