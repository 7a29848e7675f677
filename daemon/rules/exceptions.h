// Compile stage, part 3: a rule's Falco-style exceptions -> one condition that is true when
// any exception tuple matches the event (the rule is then suppressed).
//
// Each exception names `fields` (field expressions, checked against the schema like any
// condition), optional `comps` (=, !=, <, <=, >, >=, in, contains, icontains, startswith,
// endswith, glob, regex; "=" by default) and `values`: tuples as long as `fields`, or single
// values when `fields` is one field. A value for `in` is a list. Values take the type of their
// field (a date field's values must be dates).
// Used by the loading thread only.
#pragma once

#include <deque>

#include "rules/compiler.h"
#include "rules/definitions.h"

namespace bw::rules {

class ExceptionCompiler {
 public:
  ExceptionCompiler(Compiler& compiler, Diagnostics& diags) : compiler_(compiler), diags_(diags) {}

  // nullptr and ok=true when the rule has no exception values; ok=false after errors.
  BoolPtr compile(const RuleDef& rule, bool& ok);

 private:
  std::unique_ptr<Expr> exception(const ExceptionDef& e, bool& ok);
  std::unique_ptr<Expr> tuple(const ExceptionDef& e, const std::vector<Op>& ops,
                              const std::vector<const ExceptionValue*>& values, bool& ok);
  std::unique_ptr<Expr> relation(const SourceText& field, Op op, const ExceptionValue& value,
                                 bool& ok);
  Operand literal(const Scalar& s);

  Compiler& compiler_;
  Diagnostics& diags_;
  std::deque<SourceText> texts_;
  std::deque<ExceptionValue> wrapped_;  // single values seen as one-element tuples
};

}  // namespace bw::rules
