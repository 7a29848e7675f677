#include "rules/compiler.h"

#include <algorithm>
#include <cstdlib>

#include "rules/parser.h"

namespace bw::rules {

namespace {

// Macros can nest; a condition that expands past this many comparisons is refused at load
// rather than left to slow every event.
constexpr uint64_t kMaxExpandedComparisons = 10000;

}  // namespace

Compiler::Compiler(const Definitions& defs, const config::Config& config, Diagnostics& diags)
    : defs_(defs), config_(config), diags_(diags) {
  for (const MacroDef& def : defs.macros) {
    Macro m;
    std::vector<std::unique_ptr<Expr>> parts;
    bool ok = !def.broken;  // a broken item was reported by the read stage
    for (const SourceText* part : def.parts) {
      auto ast = parse_condition(*part, diags_);
      ok = ok && ast != nullptr;
      if (ast) parts.push_back(std::move(ast));
    }
    if (ok) m.ast = join(Expr::Kind::kOr, std::move(parts));
    m.state = ok ? State::kPending : State::kFailed;
    macros_.emplace(def.name, std::move(m));
  }
}

void Compiler::error(const SourceText* text, size_t offset, std::string message) {
  if (text != nullptr) diags_.error_at(*text, offset, std::move(message));
}

void Compiler::warning(const SourceText* text, size_t offset, std::string message) {
  if (text != nullptr) diags_.warning_at(*text, offset, std::move(message));
}

const Expr* Compiler::macro_ast(std::string_view name) const {
  auto it = macros_.find(name);
  return it == macros_.end() ? nullptr : it->second.ast.get();
}

void Compiler::compile_all_macros() {
  for (auto& [name, m] : macros_) {
    if (m.state == State::kPending && m.ast) macro(name, *m.ast);
  }
}

BoolPtr Compiler::condition(const Expr& e) {
  const uint64_t size = expanded_size(e);
  if (size > kMaxExpandedComparisons) {
    error(e.text, e.offset,
          "condition expands to more than " + std::to_string(kMaxExpandedComparisons) +
              " comparisons per event through nested macros (a macro used several times inside "
              "others multiplies the work): simplify the macros");
    return nullptr;
  }
  return compile(e, Scope{});
}

uint64_t Compiler::expanded_size(const Expr& e) {
  constexpr uint64_t kCap = uint64_t{1} << 40;  // saturate well before overflow
  switch (e.kind) {
    case Expr::Kind::kConst:
      return 1;
    case Expr::Kind::kNot:
      return expanded_size(*e.children.front());
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      uint64_t total = 0;
      for (const auto& c : e.children) total = std::min(kCap, total + expanded_size(*c));
      return total;
    }
    case Expr::Kind::kRelation:
      break;
  }
  const Operand& o = e.lhs;
  const bool bare_name = o.kind == Operand::Kind::kField && o.steps.size() == 1 && !o.filter;
  auto it = bare_name && e.op == Op::kNone ? macros_.find(o.steps.front()) : macros_.end();
  if (it == macros_.end() || !it->second.ast) return 1;
  Macro& m = it->second;
  if (m.expanded == 0 && !m.sizing) {
    m.sizing = true;  // recursion is reported by compile(); here it just stops the walk
    m.expanded = std::max<uint64_t>(1, expanded_size(*m.ast));
    m.sizing = false;
  }
  return std::max<uint64_t>(1, m.expanded);
}

ValuePtr Compiler::value(const Operand& o) {
  auto v = operand(o, Scope{});
  if (!v) return nullptr;
  if (v->type == FieldType::kArray) {
    return v->filter ? make_filter_count(std::move(v->array), v->filter) : std::move(v->array);
  }
  return std::move(v->node);
}

BoolPtr Compiler::compile(const Expr& e, const Scope& sc) {
  switch (e.kind) {
    case Expr::Kind::kConst:
      return make_const_bool(e.value);
    case Expr::Kind::kRelation:
      return relation(e, sc);
    case Expr::Kind::kNot: {
      BoolPtr c = compile(*e.children.front(), sc);
      return c ? make_not(std::move(c)) : nullptr;
    }
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      std::vector<BoolPtr> children;
      bool ok = true;
      for (const auto& c : e.children) {
        children.push_back(compile(*c, sc));
        ok = ok && children.back() != nullptr;
      }
      if (!ok) return nullptr;
      return e.kind == Expr::Kind::kAnd ? make_and(std::move(children))
                                        : make_or(std::move(children));
    }
  }
  return nullptr;
}

BoolPtr Compiler::macro(const std::string& name, const Expr& ref) {
  Macro& m = macros_.find(name)->second;
  switch (m.state) {
    case State::kDone:
      return m.node;
    case State::kFailed:
      return nullptr;  // its own errors are already reported
    case State::kCompiling: {
      std::string chain;
      for (const auto& n : macro_stack_) chain += n + " -> ";
      error(ref.text, ref.offset, "macro recursion: " + chain + name);
      return nullptr;
    }
    case State::kPending:
      break;
  }
  m.state = State::kCompiling;
  macro_stack_.push_back(name);
  BoolPtr node = compile(*m.ast, Scope{});
  macro_stack_.pop_back();
  m.state = node ? State::kDone : State::kFailed;
  m.node = node;
  return node;
}

BoolPtr Compiler::relation(const Expr& e, const Scope& sc) {
  if (e.op == Op::kNone) return predicate(e, sc);
  auto lhs = operand(e.lhs, sc);
  // Still check literals and lists on the right so one load reports everything it can.
  if (!lhs) return nullptr;
  switch (e.op) {
    case Op::kExists:
      return exists(std::move(*lhs));
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return compare(e, std::move(*lhs), sc);
    case Op::kIn:
      return in(e, std::move(*lhs));
    case Op::kBetween:
      return between(e, std::move(*lhs));
    case Op::kRegex:
      return regex(e, std::move(*lhs));
    default:
      return string_op(e, std::move(*lhs), sc);
  }
}

BoolPtr Compiler::predicate(const Expr& e, const Scope& sc) {
  const Operand& o = e.lhs;
  const bool bare_name = o.kind == Operand::Kind::kField && o.steps.size() == 1 && !o.filter;
  if (bare_name && macros_.count(o.steps.front()) != 0) {
    if (sc.element != nullptr) {
      error(e.text, e.offset, "macro '" + o.steps.front() + "' cannot be used inside a [filter]");
      return nullptr;
    }
    return macro(o.steps.front(), e);
  }
  if (bare_name && sc.element == nullptr && !event_schema().member(o.steps.front())) {
    error(e.text, e.offset, "unknown macro or field '" + o.steps.front() + "'");
    return nullptr;
  }
  auto v = operand(o, sc);
  if (!v) return nullptr;
  if (v->type == FieldType::kBool || v->type == FieldType::kAny) {
    return make_truthy(std::move(v->node));
  }
  if (v->type == FieldType::kArray) {
    error(e.text, e.offset,
          v->what + " is an array, not a condition: use '" + o.path() + " exists' or len()");
  } else {
    error(e.text, e.offset,
          v->what + " is a " + to_string(v->type) + ", not a condition: compare it or use '" +
              o.path() + " exists'");
  }
  return nullptr;
}

}  // namespace bw::rules
