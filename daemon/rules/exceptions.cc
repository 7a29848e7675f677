#include "rules/exceptions.h"

#include "rules/parser.h"

namespace bw::rules {

namespace {

std::optional<Op> comp_op(std::string_view s) {
  static constexpr std::pair<std::string_view, Op> kComps[] = {{"=", Op::kEq},
                                                               {"!=", Op::kNe},
                                                               {"<", Op::kLt},
                                                               {"<=", Op::kLe},
                                                               {">", Op::kGt},
                                                               {">=", Op::kGe},
                                                               {"in", Op::kIn},
                                                               {"contains", Op::kContains},
                                                               {"icontains", Op::kIContains},
                                                               {"startswith", Op::kStartsWith},
                                                               {"endswith", Op::kEndsWith},
                                                               {"glob", Op::kGlob},
                                                               {"regex", Op::kRegex}};
  for (const auto& [name, op] : kComps) {
    if (s == name) return op;
  }
  return std::nullopt;
}

}  // namespace

BoolPtr ExceptionCompiler::compile(const RuleDef& rule, bool& ok) {
  std::vector<std::unique_ptr<Expr>> parts;
  for (const ExceptionDef& e : rule.exceptions) {
    if (auto x = exception(e, ok)) parts.push_back(std::move(x));
  }
  if (!ok || parts.empty()) return nullptr;
  auto any = join(Expr::Kind::kOr, std::move(parts));
  BoolPtr node = compiler_.condition(*any);
  ok = node != nullptr;
  return node;
}

std::unique_ptr<Expr> ExceptionCompiler::exception(const ExceptionDef& e, bool& ok) {
  const size_t n = e.fields.size();
  if (!e.comps.empty() && e.comps.size() != n) {
    diags_.error(e.origin, "exception '" + e.name + "' has " + std::to_string(n) + " fields but " +
                               std::to_string(e.comps.size()) + " comps");
    ok = false;
    return nullptr;
  }
  std::vector<Op> ops(n, Op::kEq);
  for (size_t i = 0; i < e.comps.size(); ++i) {
    auto op = comp_op(e.comps[i].value);
    if (!op) {
      diags_.error(e.comps[i].origin,
                   "unknown comp '" + e.comps[i].value + "' in exception '" + e.name + "'");
      ok = false;
      return nullptr;
    }
    ops[i] = *op;
  }
  std::vector<std::unique_ptr<Expr>> tuples;
  for (const ExceptionEntry& entry : e.entries) {
    std::vector<const ExceptionValue*> values;
    if (!entry.is_seq) {
      wrapped_.push_back(ExceptionValue{entry.origin, false, {entry.scalar}});
      values.push_back(&wrapped_.back());
    } else if (e.single_field && ops.front() == Op::kIn) {
      ExceptionValue list{entry.origin, true, {}};
      for (const auto& el : entry.elements) {
        list.scalars.insert(list.scalars.end(), el.scalars.begin(), el.scalars.end());
      }
      wrapped_.push_back(std::move(list));
      values.push_back(&wrapped_.back());
    } else {
      for (const auto& el : entry.elements) values.push_back(&el);
    }
    if (values.size() != n) {
      diags_.error(entry.origin, "exception '" + e.name + "' needs " + std::to_string(n) +
                                     " value(s) per entry (one per field), got " +
                                     std::to_string(values.size()));
      ok = false;
      continue;
    }
    if (auto t = tuple(e, ops, values, ok)) tuples.push_back(std::move(t));
  }
  if (tuples.empty()) return nullptr;
  return join(Expr::Kind::kOr, std::move(tuples));
}

std::unique_ptr<Expr> ExceptionCompiler::tuple(const ExceptionDef& e, const std::vector<Op>& ops,
                                               const std::vector<const ExceptionValue*>& values,
                                               bool& ok) {
  std::vector<std::unique_ptr<Expr>> parts;
  for (size_t i = 0; i < values.size(); ++i) {
    auto r = relation(*e.fields[i], ops[i], *values[i], ok);
    if (!r) return nullptr;
    parts.push_back(std::move(r));
  }
  return join(Expr::Kind::kAnd, std::move(parts));
}

std::unique_ptr<Expr> ExceptionCompiler::relation(const SourceText& field, Op op,
                                                  const ExceptionValue& value, bool& ok) {
  auto lhs = parse_operand(field, 0, field.text.size(), diags_);
  if (!lhs) {
    ok = false;
    return nullptr;
  }
  if (value.is_list && op != Op::kIn) {
    diags_.error(value.origin,
                 std::string("a list of values needs comp 'in', not '") + to_string(op) + "'");
    ok = false;
    return nullptr;
  }
  auto e = std::make_unique<Expr>();
  e->kind = Expr::Kind::kRelation;
  e->text = &field;
  e->lhs = std::move(*lhs);
  e->op = op;
  for (const Scalar& s : value.scalars) e->rhs.push_back(literal(s));
  return e;
}

Operand ExceptionCompiler::literal(const Scalar& s) {
  texts_.push_back(SourceText{s.value, s.origin});
  Operand o;
  o.kind = Operand::Kind::kLiteral;
  o.text = &texts_.back();
  o.literal.kind = Literal::Kind::kString;
  o.literal.str = s.value;
  o.literal.from_yaml = true;
  o.literal.plain = s.plain;
  return o;
}

}  // namespace bw::rules
