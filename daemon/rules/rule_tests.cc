// Rule test items (rule_tests.h); ruletest/runner.cc runs them.
#include "rules/rule_tests.h"

namespace bw::rules {

std::string SourcePosition::to_string() const {
  return file + ":" + std::to_string(line);
}

}  // namespace bw::rules
