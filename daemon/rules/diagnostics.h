// Collecting load diagnostics, and turning byte offsets inside rule text (a condition, an
// output template, an exception value) into file:line:column.
//
// Positions: yaml-cpp gives the mark of each scalar (its first character, quote or block
// indicator). For a plain or quoted scalar on one line the column of offset k is exact. For
// quoted scalars with escapes, folded plain scalars and block scalars (| and >) the offset is
// mapped by walking the file text and the scalar value side by side, skipping indentation,
// line breaks and escape characters; this is exact for ordinary text and best effort otherwise
// (never outside the file). Columns count bytes, 1-based.
//
// Diagnostics is a plain collector owned by one load: not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_set.h"

namespace bw::rules {

// Where a scalar starts in its file. `source` outlives compilation (the caller's sources).
struct TextOrigin {
  const RuleSource* source = nullptr;
  size_t pos = 0;  // byte offset of the scalar's first character as yaml-cpp reports it
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

// A piece of rule text together with where it came from.
struct SourceText {
  std::string text;
  TextOrigin origin;
};

struct Position {
  int line = 0;
  int column = 0;
};
Position locate(const TextOrigin& origin, std::string_view value, size_t offset);

class Diagnostics {
 public:
  void add(Diagnostic::Severity severity, const TextOrigin& origin, std::string message);
  void add_at(Diagnostic::Severity severity, const SourceText& text, size_t offset,
              std::string message);
  void error(const TextOrigin& origin, std::string message) {
    add(Diagnostic::Severity::kError, origin, std::move(message));
  }
  void warning(const TextOrigin& origin, std::string message) {
    add(Diagnostic::Severity::kWarning, origin, std::move(message));
  }
  void error_at(const SourceText& text, size_t offset, std::string message) {
    add_at(Diagnostic::Severity::kError, text, offset, std::move(message));
  }
  void warning_at(const SourceText& text, size_t offset, std::string message) {
    add_at(Diagnostic::Severity::kWarning, text, offset, std::move(message));
  }
  void push(Diagnostic d);

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  // Sorted by source (in the order given to compile), then line and column; stable otherwise.
  std::vector<Diagnostic> take_sorted(const std::vector<RuleSource>& sources);

 private:
  std::vector<Diagnostic> list_;
  size_t errors_ = 0;
};

}  // namespace bw::rules
