#include "rules_test_command.h"

#include <iostream>

#include "config/loader.h"
#include "rules/sources.h"
#include "ruletest/runner.h"

namespace bwctl {

namespace {

std::string files(size_t n) {
  return std::to_string(n) + (n == 1 ? " file" : " files");
}

}  // namespace

int rules_test(const Globals& g, const std::vector<std::string>& paths, bool verbose) {
  auto offline = load_offline(g, paths);
  if (!offline) return 2;
  const bw::ruletest::TestRun run = bw::ruletest::run_rule_tests(offline->sources, offline->config);
  for (const auto& d : run.compiled.diagnostics) std::cerr << d.to_string() << "\n";
  if (!run.compiled.ok()) {
    std::cerr << "rules test: the rules do not compile (" << files(offline->sources.size())
              << ")\n";
    return 2;
  }
  if (run.tests.empty()) {
    std::cerr << "rules test: no tests in " << files(offline->sources.size()) << "\n";
    return 1;
  }
  std::cout << bw::ruletest::format_test_report(run, verbose);
  if (run.has_errors()) return 2;
  return run.failed() == 0 ? 0 : 1;
}

}  // namespace bwctl
