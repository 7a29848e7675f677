// Output templates: text with `{operand}` placeholders, compiled once at load.
//
// A placeholder holds a field path or a function call, exactly as in conditions
// ({traveller.surname}, {age(traveller.birth_date)}, {goods[category = "phone"].count});
// it renders as text, `<missing>` when the event lacks it. `{{` and `}}` are literal braces.
// Unknown fields, an unterminated `{` and an empty `{}` are load errors at their position.
//
// Immutable after compile; render() is thread-safe (state lives in EvalState).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/compiler.h"

namespace bw::rules {

class OutputTemplate {
 public:
  // nullopt after reporting errors.
  static std::optional<OutputTemplate> compile(const SourceText& text, Compiler& compiler,
                                               Diagnostics& diags);

  void render(EvalState& st, std::string& out) const;

 private:
  struct Part {
    std::string literal;  // text before the placeholder
    ValuePtr value;       // null for trailing text
  };
  std::vector<Part> parts_;
};

}  // namespace bw::rules
