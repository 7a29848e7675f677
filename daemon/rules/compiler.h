// Compile stage, part 1: conditions (ASTs) -> nodes, with names resolved and types checked.
//
// Macros are parsed once, compiled once on first use and shared by every rule that refers to
// them (their node trees are immutable), so nesting macros cannot blow up the compiled size.
// Every problem becomes a Diagnostic at the position of the offending token; a function that
// found an error returns nullptr/nullopt, having compiled the rest of the condition first so
// one load reports as many problems as it can.
//
// Not thread-safe; used by one loader for the duration of one compile.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/ast.h"
#include "rules/definitions.h"
#include "rules/nodes.h"
#include "rules/schema.h"

namespace bw::rules {

// An operand after resolution: a raw value node (dates and timestamps still as text) and its
// static type. Arrays are kept apart: `array` is the array field and `filter` the optional
// element condition, used by len(), exists and sums.
struct TypedValue {
  ValuePtr node;
  FieldType type = FieldType::kAny;
  const FieldSpec* spec = nullptr;  // for enumerated values and partial dates
  std::string what;                 // "'traveller.birth_date'", "age()": for messages
  ValuePtr array;
  BoolPtr filter;
};

class Compiler {
 public:
  Compiler(const Definitions& defs, const config::Config& config, Diagnostics& diags);

  // A condition over the event. nullptr after reporting errors.
  BoolPtr condition(const Expr& e);
  // An operand for output templates and Match::fields: its raw value. nullptr on error.
  ValuePtr value(const Operand& o);
  // Compiles every macro so that errors in unused macros are reported too.
  void compile_all_macros();

  // The parsed (or-joined) condition of a macro; nullptr if unknown or unparsable.
  const Expr* macro_ast(std::string_view name) const;
  const ListDef* list(std::string_view name) const { return defs_.find_list(name); }
  const MacroDef* macro_def(std::string_view name) const { return defs_.find_macro(name); }

 private:
  struct Scope {
    const FieldSpec* element = nullptr;  // inside a [filter]: the array's element schema
  };
  enum class State { kPending, kCompiling, kDone, kFailed };
  struct Macro {
    std::unique_ptr<Expr> ast;
    State state = State::kPending;
    BoolPtr node;
    uint64_t expanded = 0;  // comparisons after expanding nested macros; 0 = not yet known
    bool sizing = false;
  };

  // How many comparisons `e` performs per event once macros are expanded (saturating).
  // Compiled macros are shared nodes, so "m1: m0 or m0, m2: m1 or m1, ..." doubles the work
  // per level while the text stays small: conditions above a bound are refused at load.
  uint64_t expanded_size(const Expr& e);

  BoolPtr compile(const Expr& e, const Scope& sc);
  BoolPtr relation(const Expr& e, const Scope& sc);
  BoolPtr predicate(const Expr& e, const Scope& sc);
  BoolPtr macro(const std::string& name, const Expr& ref);
  BoolPtr exists(TypedValue v);
  BoolPtr compare(const Expr& e, TypedValue lhs, const Scope& sc);
  BoolPtr in(const Expr& e, TypedValue lhs);
  BoolPtr string_op(const Expr& e, TypedValue lhs, const Scope& sc);
  BoolPtr between(const Expr& e, TypedValue lhs);
  BoolPtr regex(const Expr& e, TypedValue lhs);

  // compile_operand.cc
  std::optional<TypedValue> operand(const Operand& o, const Scope& sc);
  std::optional<TypedValue> field(const Operand& o, const Scope& sc);
  std::optional<TypedValue> virtual_field(const Operand& o);
  std::optional<TypedValue> array_field(const Operand& o, const Scope& sc, size_t array_end,
                                        const FieldSpec& array_spec);
  std::optional<TypedValue> call(const Operand& o, const Scope& sc);
  std::optional<TypedValue> watchlist_call(const Operand& o, const Scope& sc);
  std::optional<TypedValue> single_arg(const Operand& o, const Scope& sc);
  std::nullopt_t arg_error(const Operand& call, const char* needed, const TypedValue& arg);
  ValuePtr access(const Scope& sc, std::vector<std::string> steps) const;
  bool unknown_field(const Operand& o, const std::string& path);

  // compile_literal.cc
  // The literal as a constant of `target`'s type (dates parsed, enumerations checked).
  std::optional<RtValue> constant(const TypedValue& target, const Operand& lit,
                                  std::string& storage);
  bool add_to_set(const TypedValue& target, const Operand& lit, ValueSet& set);
  std::optional<ValueSet> list_set(const TypedValue& target, const Expr& e);
  void check_enumerated(const TypedValue& target, const Operand& lit, const std::string& s);
  bool scalar_operand(const TypedValue& v, const Expr& e);
  ValuePtr converted(TypedValue v);  // dates -> kDate, timestamps -> kTime

  Operand yaml_literal(const Scalar& s);  // a list item

  void error(const SourceText* text, size_t offset, std::string message);
  void warning(const SourceText* text, size_t offset, std::string message);

  const Definitions& defs_;
  const config::Config& config_;
  Diagnostics& diags_;
  std::map<std::string, Macro, std::less<>> macros_;
  std::vector<std::string> macro_stack_;
  std::deque<SourceText> yaml_texts_;  // positions of YAML literals
  // Array sums on the event body by canonical() text: those written alike share one key, so
  // they are computed once per event (make_filter_sum()).
  std::map<std::string, std::shared_ptr<const int>> sum_keys_;
};

}  // namespace bw::rules
