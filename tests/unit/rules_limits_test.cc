#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "rules/rule_set.h"
#include "test_support.h"

TEST_CASE("rules limits: macros that fan out exponentially are refused at load") {
  // Found by the rules fuzzer: each macro uses the previous one twice, so a small file would
  // make one event cost 2^32 comparisons and stall ingest.
  std::ifstream in(std::string(BW_SOURCE_DIR) +
                   "/tests/fuzz/regressions/rules/macro_fanout_exponential_eval.yaml");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto cfg = bw::test::test_config();
  auto r = bw::rules::RuleSet::compile({{"fanout.yaml", text.str()}}, cfg);
  CHECK_FALSE(r.ok());
  bool reported = false;
  for (const auto& d : r.diagnostics) {
    reported =
        reported || d.message.find("expands to more than 10000 comparisons") != std::string::npos;
  }
  CHECK(reported);

  // Reusing macros a few times stays fine.
  auto fine = bw::rules::RuleSet::compile({{"ok.yaml", R"(- macro: a
  condition: traveller.surname = "X"
- macro: b
  condition: a or a
- rule: r
  desc: d
  condition: b and b
  output: o
  priority: low
)"}},
                                          cfg);
  CHECK(fine.ok());
}
