// Reading rule files from disk for RuleSet::compile.
//
// `path` is a file, or a directory whose regular `*.yaml` files (not hidden, not in
// subdirectories) are read in lexical order of their names, so a site file such as
// `zz-site.yaml` loads after the shipped pack and can append to or override it. Each
// RuleSource is named by its path (as used in diagnostics). Files larger than
// kMaxRuleFileBytes are read only up to just past the limit, and compile() rejects them.
// Fails (Error) when the path does not exist, is unreadable, or a directory has no *.yaml.
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.h"
#include "util/result.h"

namespace bw::rules {

Result<std::vector<RuleSource>> read_rule_sources(const std::string& path);

}  // namespace bw::rules
