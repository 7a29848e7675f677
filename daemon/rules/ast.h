// Parsed conditions, before names are resolved and types checked (compiler.h does that).
//
// Every node remembers the text it was parsed from and its byte offset there, so the compiler
// can report file:line:column. A tree owns its children; the SourceText it points to must
// outlive it (the collector keeps all texts alive for the whole load).
// Immutable once parsed; not shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rules/diagnostics.h"

namespace bw::rules {

enum class Op {
  kNone,  // a bare operand used as a condition (a bool field, watchlist(...), a macro)
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,  // inline literals in `rhs`, or a list name in `list_name`
  kContains,
  kIContains,
  kStartsWith,
  kEndsWith,
  kGlob,
  kRegex,
  kExists,
  kBetween,  // rhs = {low, high}
};
const char* to_string(Op op);

struct Expr;

struct Literal {
  enum class Kind { kString, kNumber, kBool };
  Kind kind = Kind::kString;
  std::string str;  // kString: decoded value; otherwise the literal as written
  double num = 0;
  bool boolean = false;
  // A value that came from YAML (a list item, an exception value) rather than a condition:
  // `str` holds its text and its type is decided by the field it is compared with. `plain`
  // (unquoted) lets it be read as a number or bool where the field's type is unknown.
  bool from_yaml = false;
  bool plain = false;
};

struct Operand {
  enum class Kind { kField, kCall, kLiteral };
  Kind kind = Kind::kField;
  const SourceText* text = nullptr;
  size_t offset = 0;

  // kField: `steps` up to the filter (or the whole path), then an optional `[filter]` and the
  // steps after it: goods[category = "phone"].count -> {goods}, filter, {count}.
  std::vector<std::string> steps;
  std::unique_ptr<Expr> filter;
  std::vector<std::string> after;
  size_t filter_offset = 0;

  // kCall
  std::string name;
  std::vector<Operand> args;

  // kLiteral
  Literal literal;

  std::string path() const;  // as written, without the filter: "goods[...].count"
  bool plain_field() const { return kind == Kind::kField && !filter && after.empty(); }
};

struct Expr {
  enum class Kind { kAnd, kOr, kNot, kConst, kRelation };
  Kind kind = Kind::kRelation;
  const SourceText* text = nullptr;
  size_t offset = 0;

  std::vector<std::unique_ptr<Expr>> children;  // kAnd, kOr (2+), kNot (1)
  bool value = false;                           // kConst

  // kRelation
  Operand lhs;
  Op op = Op::kNone;
  size_t op_offset = 0;
  std::vector<Operand> rhs;
  std::string list_name;  // kIn with a named list
  size_t list_offset = 0;
};

// A text that two expressions share exactly when they are written alike (same fields, macro
// and list names, operators and literals; spacing and quoting aside), so that the compiler can
// let them share work per event. Within one rule set, equal texts mean equal values.
std::string canonical(const Expr& e);
std::string canonical(const Operand& o);

// Joins parts with `kind` (kAnd/kOr); a single part is returned as is.
std::unique_ptr<Expr> join(Expr::Kind kind, std::vector<std::unique_ptr<Expr>> parts);

}  // namespace bw::rules
