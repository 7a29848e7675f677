#include "rules/ast.h"

#include <cstdio>

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

namespace {

// Lengths before names and values, so that no two different trees print alike.
void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

void print(std::string& out, const Operand& o);

void print(std::string& out, const Expr& e) {
  out += 'E';
  out += std::to_string(static_cast<int>(e.kind));
  out += e.value ? 't' : 'f';
  out += '(';
  for (const auto& c : e.children) print(out, *c);
  if (e.kind == Expr::Kind::kRelation) {
    print(out, e.lhs);
    out += std::to_string(static_cast<int>(e.op));
    for (const auto& r : e.rhs) print(out, r);
    put(out, e.list_name);
  }
  out += ')';
}

void print(std::string& out, const Operand& o) {
  out += 'O';
  out += std::to_string(static_cast<int>(o.kind));
  out += '(';
  for (const auto& s : o.steps) put(out, s);
  out += '[';
  if (o.filter) print(out, *o.filter);
  out += ']';
  for (const auto& s : o.after) put(out, s);
  put(out, o.name);
  for (const auto& a : o.args) print(out, a);
  const Literal& l = o.literal;
  out += std::to_string(static_cast<int>(l.kind));
  put(out, l.str);
  char num[32];
  std::snprintf(num, sizeof num, "%a", l.num);  // exact
  out += num;
  out += l.boolean ? 't' : 'f';
  out += l.from_yaml ? 'y' : 'n';
  out += l.plain ? 'p' : 'q';
  out += ')';
}

}  // namespace

std::string canonical(const Expr& e) {
  std::string out;
  print(out, e);
  return out;
}

std::string canonical(const Operand& o) {
  std::string out;
  print(out, o);
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
