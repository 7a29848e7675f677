// `bwctl rules test FILE|DIR...`: runs the test cases written in rule files (`- test:` items,
// rules/rule_tests.h) offline, against the checkpoints of the config at g.config_path, and
// prints a pass/fail table. No daemon is needed.
#pragma once

#include <string>
#include <vector>

#include "commands.h"

namespace bwctl {

// Diagnostics go to stderr, the table to stdout. Returns 0 when every test passed; 1 when a
// test failed or the files hold no test at all (so CI notices tests that disappeared); 2 when
// the config or a rule file cannot be read, the rules do not compile, or a test is malformed
// (it names no rule of the set, or its event is invalid); the well-formed tests still run.
int rules_test(const Globals& g, const std::vector<std::string>& paths, bool verbose);

}  // namespace bwctl
