// What the collect stage produces: the final lists, macros and rules after every file's
// appends and overrides, still as text with positions. The compile stage turns them into
// nodes. Definitions owns every SourceText the later stages point to (a deque: stable
// addresses), so it must outlive any AST parsed from it.
// Built by one loading thread, then only read.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/rule_set.h"

namespace bw::rules {

struct StatefulDef;  // rules/stateful.h

// A YAML scalar and where it is.
struct Scalar {
  std::string value;
  TextOrigin origin;
  bool plain = true;  // unquoted
};

struct ListDef {
  std::string name;
  TextOrigin origin;
  bool broken = false;  // its item had errors (reported): users fail without more messages
  std::vector<Scalar> items;
};

struct MacroDef {
  std::string name;
  TextOrigin origin;
  bool broken = false;
  std::vector<const SourceText*> parts;  // or-ed: `append` widens a macro
};

// One value of an exception tuple: a scalar, or a list of scalars (for comps `in`).
struct ExceptionValue {
  TextOrigin origin;
  bool is_list = false;
  std::vector<Scalar> scalars;  // exactly one when !is_list
};

// One entry of `values:` as written; its shape (a value or a tuple) is interpreted against
// the exception's fields when compiling, since an appended entry may come before we know.
struct ExceptionEntry {
  TextOrigin origin;
  bool is_seq = false;
  Scalar scalar;                         // !is_seq
  std::vector<ExceptionValue> elements;  // is_seq
};

struct ExceptionDef {
  std::string name;
  TextOrigin origin;
  std::vector<const SourceText*> fields;  // empty: only adds values to an existing exception
  bool single_field = false;              // `fields: x` rather than `fields: [x, y]`
  std::vector<Scalar> comps;              // empty: "=" for every field
  std::vector<ExceptionEntry> entries;
};

struct RuleDef {
  std::string name;
  TextOrigin origin;  // of the definition now in force
  bool broken = false;
  std::string desc;
  std::vector<const SourceText*> condition;  // and-ed: `append` narrows a rule
  const SourceText* output = nullptr;
  Priority priority = Priority::kMedium;
  std::vector<std::string> tags;
  bool enabled = true;
  std::vector<ExceptionDef> exceptions;
  std::shared_ptr<const StatefulDef> stateful;  // null for an ordinary (stateless) rule
};

struct Definitions {
  std::deque<SourceText> texts;
  std::vector<ListDef> lists;
  std::vector<MacroDef> macros;
  std::vector<RuleDef> rules;  // in order of first definition

  const ListDef* find_list(std::string_view name) const;
  const MacroDef* find_macro(std::string_view name) const;
};

}  // namespace bw::rules
