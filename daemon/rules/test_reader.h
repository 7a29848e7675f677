// Read stage for `- test:` items (rule_tests.h explains the item): checks the shape of each
// key's value and converts the test's event from YAML to JSON, reporting problems at their
// position. Only the shape is checked here; whether the rule exists and the event is valid is
// the runner's business, since the daemon ignores tests.
// Used by the read stage on the loading thread only.
#pragma once

#include <string>

#include "rules/definitions.h"
#include "rules/rule_tests.h"
#include "rules/yaml_values.h"

namespace YAML {
class Node;
}

namespace bw::rules {

// The keys a test item may have besides `test`.
inline constexpr const char* kTestKeys[] = {"rule",       "expect", "event", "events",
                                            "watchlists", "site",   "until"};

class TestReader {
 public:
  TestReader(YamlValues& values, Diagnostics& diags) : v_(values), diags_(diags) {}

  // Reads one key of a test item into `test`; false (reported) when its value is malformed.
  bool key(RuleTest& test, const std::string& key, const YAML::Node& n, const TextOrigin& at);

 private:
  bool expect(RuleTest& test, const YAML::Node& n, const TextOrigin& at);
  bool event(RuleTest& test, const YAML::Node& n, const TextOrigin& at);
  bool events(RuleTest& test, const YAML::Node& n, const TextOrigin& at);
  bool until(RuleTest& test, const YAML::Node& n, const TextOrigin& at);
  bool to_json(const YAML::Node& n, json::Value& out, int depth);
  bool watchlists(RuleTest& test, const YAML::Node& n, const TextOrigin& at);
  bool site(RuleTest& test, const YAML::Node& n, const TextOrigin& at);

  YamlValues& v_;
  Diagnostics& diags_;
  int values_left_ = 0;  // of the event being converted
};

SourcePosition position_of(const TextOrigin& origin);

}  // namespace bw::rules
