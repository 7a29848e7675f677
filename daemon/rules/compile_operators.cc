// Compiler: the comparison and string operators (=, <, in, contains, startswith, glob, regex,
// between, exists): operand types checked and literals converted at load, so evaluation
// never meets a type it cannot compare.
#include <algorithm>
#include <cstdlib>

#include "rules/compiler.h"

namespace bw::rules {

namespace {

constexpr size_t kMaxRegexPattern = 1024;

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
