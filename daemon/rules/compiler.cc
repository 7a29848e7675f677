#include "rules/compiler.h"

#include <algorithm>
#include <cstdlib>

#include "rules/parser.h"

namespace bw::rules {

namespace {

constexpr size_t kMaxRegexPattern = 1024;
constexpr uint64_t kMaxExpandedComparisons = 10000;

bool orderable(FieldType t) {
  return t == FieldType::kNumber || t == FieldType::kDate || t == FieldType::kTimestamp ||
         t == FieldType::kAny;
}

bool stringish(FieldType t) {
  return t == FieldType::kString || t == FieldType::kAny;
}

// The offset in the condition text of byte `k` of a string literal's value, where the literal's
// opening quote is at `quote`: walks the escapes (\\ is two characters for one byte, \uXXXX
// six for up to three), so a regex error lands on the right column.
size_t literal_offset(std::string_view text, size_t quote, size_t k) {
  size_t j = quote + 1;
  for (size_t decoded = 0; decoded < k && j < text.size();) {
    if (text[j] != '\\' || j + 1 >= text.size()) {
      ++j, ++decoded;
    } else if (text[j + 1] == 'u') {
      const unsigned long cp =
          std::strtoul(std::string(text.substr(j + 2, 4)).c_str(), nullptr, 16);
      j += 6, decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    } else {
      j += 2, ++decoded;
    }
  }
  return j;
}

std::string literal_text(const Operand& o) {
  return o.literal.kind == Literal::Kind::kString ? '"' + o.literal.str + '"' : o.literal.str;
}

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

BoolPtr Compiler::exists(TypedValue v) {
  if (v.type != FieldType::kArray) return make_exists(std::move(v.node));
  if (v.filter) return make_any_element(std::move(v.array), v.filter);
  return make_exists(std::move(v.array));
}

bool Compiler::scalar_operand(const TypedValue& v, const Expr& e) {
  if (v.type == FieldType::kArray) {
    error(e.text, e.op_offset,
          v.what + " is an array: use len(), 'exists' or sum a number field (goods[...].count)");
    return false;
  }
  if (v.type == FieldType::kObject) {
    error(e.text, e.op_offset, v.what + " is an object: only 'exists' applies");
    return false;
  }
  return true;
}

ValuePtr Compiler::converted(TypedValue v) {
  if (v.type == FieldType::kDate) return make_as_date(std::move(v.node));
  if (v.type == FieldType::kTimestamp) return make_as_time(std::move(v.node));
  return std::move(v.node);
}

BoolPtr Compiler::compare(const Expr& e, TypedValue lhs, const Scope& sc) {
  if (!scalar_operand(lhs, e)) return nullptr;
  const Operand& r = e.rhs.front();
  const bool ordering = e.op != Op::kEq && e.op != Op::kNe;
  if (r.kind == Operand::Kind::kLiteral) {
    std::string storage;
    auto c = constant(lhs, r, storage);
    if (!c) return nullptr;
    if (ordering && (!orderable(lhs.type) || c->kind == RtValue::Kind::kString ||
                     c->kind == RtValue::Kind::kBool)) {
      error(e.text, e.op_offset,
            std::string("'") + to_string(e.op) + "' compares numbers, dates or timestamps; " +
                lhs.what + " is a " + to_string(lhs.type));
      return nullptr;
    }
    return make_compare(e.op, converted(std::move(lhs)), make_const(*c, std::move(storage)));
  }
  auto rhs = operand(r, sc);
  if (!rhs || !scalar_operand(*rhs, e)) return nullptr;
  if (lhs.type != rhs->type && lhs.type != FieldType::kAny && rhs->type != FieldType::kAny) {
    error(e.text, r.offset,
          "type mismatch: " + lhs.what + " is a " + to_string(lhs.type) + " but " + rhs->what +
              " is a " + to_string(rhs->type));
    return nullptr;
  }
  if (ordering && (!orderable(lhs.type) || !orderable(rhs->type))) {
    error(e.text, e.op_offset,
          std::string("'") + to_string(e.op) + "' compares numbers, dates or timestamps; " +
              lhs.what + " is a " + to_string(lhs.type));
    return nullptr;
  }
  return make_compare(e.op, converted(std::move(lhs)), converted(std::move(*rhs)));
}

BoolPtr Compiler::in(const Expr& e, TypedValue lhs) {
  if (!scalar_operand(lhs, e)) return nullptr;
  std::optional<ValueSet> set;
  if (!e.list_name.empty()) {
    set = list_set(lhs, e);
  } else {
    set.emplace();
    bool ok = true;
    for (const Operand& lit : e.rhs) ok = add_to_set(lhs, lit, *set) && ok;
    if (!ok) set.reset();
  }
  if (!set) return nullptr;
  return make_in(converted(std::move(lhs)), std::move(*set));
}

BoolPtr Compiler::string_op(const Expr& e, TypedValue lhs, const Scope& sc) {
  if (!scalar_operand(lhs, e)) return nullptr;
  const char* op = to_string(e.op);
  if (!stringish(lhs.type)) {
    error(e.text, e.op_offset,
          std::string("'") + op + "' needs a string, but " + lhs.what + " is a " +
              to_string(lhs.type));
    return nullptr;
  }
  const Operand& r = e.rhs.front();
  if (r.kind == Operand::Kind::kLiteral) {
    if (r.literal.kind != Literal::Kind::kString) {
      error(e.text, r.offset, std::string("'") + op + "' needs a string, not " + literal_text(r));
      return nullptr;
    }
    if (e.op == Op::kGlob) return make_glob(std::move(lhs.node), r.literal.str);
    return make_string_op(e.op, std::move(lhs.node),
                          make_const(RtValue::of_string({}), r.literal.str));
  }
  if (e.op == Op::kGlob) {
    error(e.text, r.offset, "'glob' needs a pattern in double quotes");
    return nullptr;
  }
  auto rhs = operand(r, sc);
  if (!rhs) return nullptr;
  if (!stringish(rhs->type)) {
    error(e.text, r.offset,
          std::string("'") + op + "' needs a string, but " + rhs->what + " is a " +
              to_string(rhs->type));
    return nullptr;
  }
  return make_string_op(e.op, std::move(lhs.node), std::move(rhs->node));
}

BoolPtr Compiler::regex(const Expr& e, TypedValue lhs) {
  if (!scalar_operand(lhs, e)) return nullptr;
  if (!stringish(lhs.type)) {
    error(e.text, e.op_offset,
          "'regex' needs a string, but " + lhs.what + " is a " + to_string(lhs.type));
    return nullptr;
  }
  const Operand& r = e.rhs.front();
  if (r.kind != Operand::Kind::kLiteral || r.literal.kind != Literal::Kind::kString) {
    error(e.text, r.offset, "'regex' needs a pattern in double quotes");
    return nullptr;
  }
  if (r.literal.str.size() > kMaxRegexPattern) {
    error(e.text, r.offset,
          "regex pattern is longer than " + std::to_string(kMaxRegexPattern) + " bytes");
    return nullptr;
  }
  Regex::Error why;
  auto re = Regex::compile(r.literal.str, why);
  if (!re) {
    const size_t at = e.text != nullptr ? literal_offset(e.text->text, r.offset, why.offset) : 0;
    error(e.text, at, "invalid regex \"" + r.literal.str + "\": " + why.message);
    return nullptr;
  }
  return make_regex(std::move(lhs.node), std::move(*re));
}

BoolPtr Compiler::between(const Expr& e, TypedValue lhs) {
  if (!scalar_operand(lhs, e)) return nullptr;
  if (!orderable(lhs.type)) {
    error(e.text, e.op_offset,
          "'between' compares numbers, dates or timestamps; " + lhs.what + " is a " +
              to_string(lhs.type));
    return nullptr;
  }
  std::string s1, s2;
  auto lo = constant(lhs, e.rhs[0], s1);
  auto hi = constant(lhs, e.rhs[1], s2);
  if (!lo || !hi) return nullptr;
  if (lo->kind != hi->kind || lo->kind == RtValue::Kind::kString ||
      lo->kind == RtValue::Kind::kBool) {
    error(e.text, e.rhs[0].offset, "'between' needs two numbers, dates or timestamps");
    return nullptr;
  }
  const bool empty = lo->kind == RtValue::Kind::kNumber ? lo->num > hi->num : lo->ival > hi->ival;
  if (empty) {
    warning(e.text, e.rhs[0].offset,
            "'between " + e.rhs[0].literal.str + " and " + e.rhs[1].literal.str +
                "' is empty: the low bound is above the high bound");
  }
  return make_between(converted(std::move(lhs)), *lo, *hi);
}

}  // namespace bw::rules
