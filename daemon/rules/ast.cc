#include "rules/ast.h"

namespace bw::rules {

const char* to_string(Op op) {
  switch (op) {
    case Op::kNone:
      return "";
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kIn:
      return "in";
    case Op::kContains:
      return "contains";
    case Op::kIContains:
      return "icontains";
    case Op::kStartsWith:
      return "startswith";
    case Op::kEndsWith:
      return "endswith";
    case Op::kGlob:
      return "glob";
    case Op::kRegex:
      return "regex";
    case Op::kExists:
      return "exists";
    case Op::kBetween:
      return "between";
  }
  return "?";
}

std::string Operand::path() const {
  std::string out;
  for (const auto& s : steps) {
    if (!out.empty()) out += '.';
    out += s;
  }
  if (filter) out += "[...]";
  for (const auto& s : after) out += '.' + s;
  return out;
}

std::unique_ptr<Expr> join(Expr::Kind kind, std::vector<std::unique_ptr<Expr>> parts) {
  if (parts.size() == 1) return std::move(parts.front());
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  if (!parts.empty()) {
    e->text = parts.front()->text;
    e->offset = parts.front()->offset;
  }
  e->children = std::move(parts);
  return e;
}

}  // namespace bw::rules
