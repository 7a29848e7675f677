// Read stage: one rule file's YAML text -> items with positions.
//
// Checks the file's shape: size (kMaxRuleFileBytes), YAML syntax, that it is a sequence of
// mappings, that each mapping is exactly one of `rule`, `macro`, `list`, `required_version`,
// `test` with only the keys that kind allows (an unknown key is an error naming it), and the
// type of every value. It does not look at other items: merging is the collect stage's job.
// yaml-cpp exceptions never escape: they become diagnostics at the mark they carry.
// Keeps no state between calls.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "rules/definitions.h"
#include "rules/rule_tests.h"

namespace bw::rules {

inline constexpr size_t kMaxRuleFileBytes = 4 << 20;
inline constexpr size_t kMaxOutputBytes = 16 * 1024;
inline constexpr size_t kMaxNameBytes = 256;

enum class OverrideMode { kAppend, kReplace };

struct Item {
  enum class Kind { kVersion, kList, kMacro, kRule, kTest };
  Kind kind = Kind::kRule;
  TextOrigin origin;  // of the item (its first key)
  std::string name;
  bool broken = false;  // something in it was reported as an error
  int version = 0;

  bool append = false;
  std::vector<std::pair<std::string, OverrideMode>> overrides;
  TextOrigin override_origin;
  // Keys given besides the kind key, `append` and `override`, in file order.
  std::vector<std::string> keys;

  std::vector<Scalar> items;
  const SourceText* condition = nullptr;
  std::string desc;
  const SourceText* output = nullptr;
  Priority priority = Priority::kMedium;
  std::vector<std::string> tags;
  bool enabled = true;
  std::vector<ExceptionDef> exceptions;
  RuleTest test;                                // kTest
  std::shared_ptr<const StatefulDef> stateful;  // kRule with `stateful:` (rules/stateful.h)

  bool has(std::string_view key) const;
  const char* kind_name() const;
};

// SourceTexts (conditions, outputs, exception fields) are stored in `texts`, which must
// outlive the items and everything parsed from them.
std::vector<Item> read_source(const RuleSource& source, std::deque<SourceText>& texts,
                              Diagnostics& diags);

}  // namespace bw::rules
