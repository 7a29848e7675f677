// `where` of a sequence (stateful.h): a small relation language of its own, because a
// condition sees one event and a relation sees two. Each side is an ordinary operand, parsed
// and compiled by the condition compiler at its position in the text.
#include <charconv>
#include <cmath>

#include "rules/parser.h"
#include "rules/stateful_compiler.h"

namespace bw::rules {

namespace {

using Op = SequenceRelation::Op;

struct OpText {
  std::string_view text;
  Op op;
  Op mirrored;  // the same relation with its sides swapped
};

// Two-character operators first, so "<=" is not read as "<".
constexpr OpText kOps[] = {{"!=", Op::kNe, Op::kNe}, {"<=", Op::kLe, Op::kGe},
                           {">=", Op::kGe, Op::kLe}, {"=", Op::kEq, Op::kEq},
                           {"<", Op::kLt, Op::kGt},  {">", Op::kGt, Op::kLt}};

void trim(const std::string& s, size_t& b, size_t& e) {
  while (b < e && s[b] == ' ') ++b;
  while (e > b && s[e - 1] == ' ') --e;
}

// "then.X" or "first.X": which event, and X's range.
bool side(const SourceText& t, size_t b, size_t e, Diagnostics& diags, bool& is_then, size_t& ob) {
  const std::string_view s = std::string_view(t.text).substr(b, e - b);
  if (s.starts_with("then.") || s.starts_with("first.")) {
    is_then = s[0] == 't';
    ob = b + (is_then ? 5 : 6);
    return true;
  }
  diags.error_at(
      t, b,
      "each side of a where relation starts with then. or first., not '" + std::string(s) + "'");
  return false;
}

bool relation(const SourceText& t, size_t b, size_t e, Compiler& compiler, Diagnostics& diags,
              std::vector<SequenceRelation>& out) {
  trim(t.text, b, e);
  const std::string_view s = std::string_view(t.text).substr(b, e - b);
  for (const OpText& o : kOps) {
    const size_t at = s.find(o.text);
    if (at == std::string_view::npos) continue;
    size_t lb = b, le = b + at, rb = b + at + o.text.size(), re = e;
    trim(t.text, lb, le);
    trim(t.text, rb, re);
    bool left_then = false, right_then = false;
    size_t lo = 0, ro = 0;
    if (!side(t, lb, le, diags, left_then, lo) || !side(t, rb, re, diags, right_then, ro)) {
      return false;
    }
    if (left_then == right_then) {
      diags.error_at(t, b, "a where relation compares then.X with first.Y");
      return false;
    }
    auto left = parse_operand(t, lo, le, diags);
    auto right = parse_operand(t, ro, re, diags);
    if (!left || !right) return false;
    SequenceRelation r;
    r.then = compiler.value(left_then ? *left : *right);
    r.first = compiler.value(left_then ? *right : *left);
    r.op = left_then ? o.op : o.mirrored;
    if (!r.then || !r.first) return false;
    out.push_back(std::move(r));
    return true;
  }
  diags.error_at(t, b, "expected a relation such as then.checkpoint != first.checkpoint");
  return false;
}

bool number(std::string_view s, double& out) {
  if (s.empty()) {
    out = 0;
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

template <typename T>
bool compare(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::kEq:
      return a == b;
    case Op::kNe:
      return a != b;
    case Op::kLt:
      return a < b;
    case Op::kLe:
      return a <= b;
    case Op::kGt:
      return a > b;
    case Op::kGe:
      return a >= b;
  }
  return false;
}

}  // namespace

bool compile_where(const SourceText& text, Compiler& compiler, Diagnostics& diags,
                   std::vector<SequenceRelation>& out) {
  constexpr std::string_view kAnd = " and ";
  bool ok = true;
  size_t b = 0;
  while (true) {
    const size_t e = text.text.find(kAnd, b);
    ok = relation(text, b, e == std::string::npos ? text.text.size() : e, compiler, diags, out) &&
         ok;
    if (e == std::string::npos) break;
    b = e + kAnd.size();
  }
  return ok;
}

bool relation_holds(SequenceRelation::Op op, std::string_view then, std::string_view first) {
  double a = 0;
  double b = 0;
  // Both empty stays a text comparison: two missing values are equal, not 0 = 0 by accident.
  if (!(then.empty() && first.empty()) && number(then, a) && number(first, b)) {
    return compare(op, a, b);
  }
  return compare(op, then, first);
}

}  // namespace bw::rules
