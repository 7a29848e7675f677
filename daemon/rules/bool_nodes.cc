// Condition nodes: boolean structure, comparisons, sets and string matching.
#include <algorithm>

#include "rules/nodes.h"

namespace bw::rules {

namespace {

using Kind = RtValue::Kind;

class ConstBool final : public BoolNode {
 public:
  explicit ConstBool(bool b) : b_(b) {}
  bool eval(EvalState&) const override { return b_; }

 private:
  bool b_;
};

class AndNode final : public BoolNode {
 public:
  explicit AndNode(std::vector<BoolPtr> c) : c_(std::move(c)) {}
  bool eval(EvalState& st) const override {
    for (const auto& c : c_) {
      if (!c->eval(st)) return false;
    }
    return true;
  }

 private:
  std::vector<BoolPtr> c_;
};

class OrNode final : public BoolNode {
 public:
  explicit OrNode(std::vector<BoolPtr> c) : c_(std::move(c)) {}
  bool eval(EvalState& st) const override {
    for (const auto& c : c_) {
      if (c->eval(st)) return true;
    }
    return false;
  }

 private:
  std::vector<BoolPtr> c_;
};

class NotNode final : public BoolNode {
 public:
  explicit NotNode(BoolPtr c) : c_(std::move(c)) {}
  bool eval(EvalState& st) const override { return !c_->eval(st); }

 private:
  BoolPtr c_;
};

class Truthy final : public BoolNode {
 public:
  explicit Truthy(ValuePtr v) : v_(std::move(v)) {}
  bool eval(EvalState& st) const override {
    RtValue v = v_->eval(st);
    return v.kind == Kind::kBool && v.boolean;
  }

 private:
  ValuePtr v_;
};

class Exists final : public BoolNode {
 public:
  explicit Exists(ValuePtr v) : v_(std::move(v)) {}
  bool eval(EvalState& st) const override { return !v_->eval(st).missing(); }

 private:
  ValuePtr v_;
};

class AnyElement final : public BoolNode {
 public:
  AnyElement(ValuePtr array, BoolPtr filter) : array_(std::move(array)), filter_(filter) {}
  bool eval(EvalState& st) const override {
    RtValue a = array_->eval(st);
    if (a.kind != Kind::kJson || !a.json->is_array()) return false;
    const json::Value* saved = st.element;
    bool found = false;
    for (const json::Value& el : a.json->as_array()) {
      st.element = &el;
      if ((found = filter_->eval(st))) break;
    }
    st.element = saved;
    return found;
  }

 private:
  ValuePtr array_;
  BoolPtr filter_;
};

// -1, 0, 1; nullopt when the values cannot be compared (missing, or different kinds).
std::optional<int> order(const RtValue& a, const RtValue& b) {
  if (a.missing() || b.missing() || a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case Kind::kBool:
      return int(a.boolean) - int(b.boolean);
    case Kind::kNumber:
      if (a.num != a.num || b.num != b.num) return std::nullopt;  // NaN
      return (a.num > b.num) - (a.num < b.num);
    case Kind::kString: {
      int c = a.str.compare(b.str);
      return (c > 0) - (c < 0);
    }
    case Kind::kDate:
    case Kind::kTime:
      return (a.ival > b.ival) - (a.ival < b.ival);
    default:
      return std::nullopt;
  }
}

bool holds(Op op, int c) {
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    case Op::kGe:
      return c >= 0;
    default:
      return false;
  }
}

class Compare final : public BoolNode {
 public:
  Compare(Op op, ValuePtr l, ValuePtr r) : op_(op), l_(std::move(l)), r_(std::move(r)) {}
  bool eval(EvalState& st) const override {
    RtValue a = l_->eval(st);
    if (a.missing()) return false;
    auto c = order(a, r_->eval(st));
    return c && holds(op_, *c);
  }

 private:
  Op op_;
  ValuePtr l_, r_;
};

class Between final : public BoolNode {
 public:
  Between(ValuePtr v, RtValue lo, RtValue hi) : v_(std::move(v)), lo_(lo), hi_(hi) {}
  bool eval(EvalState& st) const override {
    RtValue v = v_->eval(st);
    auto a = order(v, lo_);
    auto b = order(v, hi_);
    return a && b && *a >= 0 && *b <= 0;
  }

 private:
  ValuePtr v_;
  RtValue lo_, hi_;
};

class InSet final : public BoolNode {
 public:
  InSet(ValuePtr v, ValueSet s) : v_(std::move(v)), s_(std::move(s)) {
    std::sort(s_.strings.begin(), s_.strings.end());
    std::sort(s_.numbers.begin(), s_.numbers.end());
    std::sort(s_.ints.begin(), s_.ints.end());
  }
  bool eval(EvalState& st) const override {
    RtValue v = v_->eval(st);
    switch (v.kind) {
      case Kind::kString:
        return std::binary_search(s_.strings.begin(), s_.strings.end(), v.str,
                                  [](std::string_view a, std::string_view b) { return a < b; });
      case Kind::kNumber:
        return std::binary_search(s_.numbers.begin(), s_.numbers.end(), v.num);
      case Kind::kDate:
      case Kind::kTime:
        return std::binary_search(s_.ints.begin(), s_.ints.end(), v.ival);
      case Kind::kBool:
        return v.boolean ? s_.has_true : s_.has_false;
      default:
        return false;
    }
  }

 private:
  ValuePtr v_;
  ValueSet s_;
};

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && ascii_lower(hay[i + k]) == ascii_lower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

class StringOp final : public BoolNode {
 public:
  StringOp(Op op, ValuePtr l, ValuePtr r) : op_(op), l_(std::move(l)), r_(std::move(r)) {}
  bool eval(EvalState& st) const override {
    RtValue a = l_->eval(st);
    if (a.kind != Kind::kString) return false;
    RtValue b = r_->eval(st);
    if (b.kind != Kind::kString) return false;
    switch (op_) {
      case Op::kContains:
        return a.str.find(b.str) != std::string_view::npos;
      case Op::kIContains:
        return icontains(a.str, b.str);
      case Op::kStartsWith:
        return a.str.starts_with(b.str);
      case Op::kEndsWith:
        return a.str.ends_with(b.str);
      default:
        return false;
    }
  }

 private:
  Op op_;
  ValuePtr l_, r_;
};

class Glob final : public BoolNode {
 public:
  Glob(ValuePtr v, std::string p) : v_(std::move(v)), p_(std::move(p)) {}
  bool eval(EvalState& st) const override {
    RtValue v = v_->eval(st);
    return v.kind == Kind::kString && glob_match(p_, v.str);
  }

 private:
  ValuePtr v_;
  std::string p_;
};

class RegexNode final : public BoolNode {
 public:
  RegexNode(ValuePtr v, Regex re) : v_(std::move(v)), re_(std::move(re)) {}
  bool eval(EvalState& st) const override {
    RtValue v = v_->eval(st);
    return v.kind == Kind::kString && re_.search(v.str);
  }

 private:
  ValuePtr v_;
  Regex re_;
};

}  // namespace

// Iterative matcher with single backtrack point: linear in practice, no recursion.
bool glob_match(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi, ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

BoolPtr make_const_bool(bool b) {
  return std::make_shared<ConstBool>(b);
}
BoolPtr make_and(std::vector<BoolPtr> c) {
  return std::make_shared<AndNode>(std::move(c));
}
BoolPtr make_or(std::vector<BoolPtr> c) {
  return std::make_shared<OrNode>(std::move(c));
}
BoolPtr make_not(BoolPtr c) {
  return std::make_shared<NotNode>(std::move(c));
}
BoolPtr make_truthy(ValuePtr v) {
  return std::make_shared<Truthy>(std::move(v));
}
BoolPtr make_exists(ValuePtr v) {
  return std::make_shared<Exists>(std::move(v));
}
BoolPtr make_any_element(ValuePtr array, BoolPtr filter) {
  return std::make_shared<AnyElement>(std::move(array), std::move(filter));
}
BoolPtr make_compare(Op op, ValuePtr lhs, ValuePtr rhs) {
  return std::make_shared<Compare>(op, std::move(lhs), std::move(rhs));
}
BoolPtr make_between(ValuePtr v, RtValue low, RtValue high) {
  return std::make_shared<Between>(std::move(v), low, high);
}
BoolPtr make_in(ValuePtr v, ValueSet set) {
  return std::make_shared<InSet>(std::move(v), std::move(set));
}
BoolPtr make_string_op(Op op, ValuePtr lhs, ValuePtr rhs) {
  return std::make_shared<StringOp>(op, std::move(lhs), std::move(rhs));
}
BoolPtr make_glob(ValuePtr v, std::string pattern) {
  return std::make_shared<Glob>(std::move(v), std::move(pattern));
}
BoolPtr make_regex(ValuePtr v, Regex re) {
  return std::make_shared<RegexNode>(std::move(v), std::move(re));
}

}  // namespace bw::rules
