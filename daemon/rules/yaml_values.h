// Typed access to YAML values for the read stage: each accessor checks the node's shape and
// reports a diagnostic at its position (falling back to its key's position for empty values)
// instead of throwing.
// Used by the read stage on the loading thread only.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "rules/definitions.h"

namespace YAML {
class Node;
}

namespace bw::rules {

enum class OverrideMode;

class YamlValues {
 public:
  YamlValues(const RuleSource& source, std::deque<SourceText>& texts, Diagnostics& diags)
      : source_(source), texts_(texts), diags_(diags) {}

  TextOrigin origin(const YAML::Node& n) const;
  TextOrigin origin(const YAML::Node& n, const YAML::Node& fallback) const;

  bool string(const YAML::Node& n, const TextOrigin& at, const char* what, std::string& out);
  bool boolean(const YAML::Node& n, const TextOrigin& at, const char* what, bool& out);
  bool scalar(const YAML::Node& n, const TextOrigin& at, const char* what, Scalar& out);
  // A sequence of scalars (a single scalar is not accepted: it is usually a mistake).
  bool scalars(const YAML::Node& n, const TextOrigin& at, const char* what,
               std::vector<Scalar>& out);
  // A string stored as a SourceText (conditions, outputs, exception fields); nullptr on error.
  const SourceText* text(const YAML::Node& n, const TextOrigin& at, const char* what);
  bool overrides(const YAML::Node& n, const TextOrigin& at,
                 std::vector<std::pair<std::string, OverrideMode>>& out);
  bool exceptions(const YAML::Node& n, const TextOrigin& at, std::vector<ExceptionDef>& out);

 private:
  bool exception(const YAML::Node& n, ExceptionDef& out);
  bool entry(const YAML::Node& n, ExceptionEntry& out);
  bool value(const YAML::Node& n, ExceptionValue& out);

  const RuleSource& source_;
  std::deque<SourceText>& texts_;
  Diagnostics& diags_;
};

}  // namespace bw::rules
