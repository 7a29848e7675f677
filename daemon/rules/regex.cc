// Regex: pattern parsing and compilation to the Pike VM program (matching is in regex_vm.cc).
#include "rules/regex.h"

#include <memory>

namespace bw::rules {

namespace {

// Parsed pattern. Built by recursive descent bounded by Regex::kMaxNesting.
struct Node {
  enum class Kind { kEmpty, kChar, kAny, kClass, kBegin, kEnd, kCat, kAlt, kRepeat };
  Kind kind = Kind::kEmpty;
  uint32_t value = 0;    // code point or class index
  int min = 0, max = 0;  // kRepeat; max < 0: unbounded
  std::vector<Node> kids{};
};

struct Fail {
  std::string message;
  size_t offset;
};

bool is_digit(uint32_t c) {
  return c >= '0' && c <= '9';
}

}  // namespace

uint32_t next_code_point(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto bits = [&](size_t k) { return static_cast<uint32_t>(s[i + k]) & 0x3F; };
  uint32_t cp;
  size_t len;
  if (b0 < 0x80) {
    cp = b0, len = 1;
  } else if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
    cp = ((b0 & 0x1Fu) << 6) | bits(1), len = 2;
  } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
    cp = ((b0 & 0x0Fu) << 12) | (bits(1) << 6) | bits(2), len = 3;
  } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
    cp = ((b0 & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3), len = 4;
  } else {
    cp = 0x110000 + b0, len = 1;
  }
  i += len;
  return cp;
}

bool Regex::Class::contains(uint32_t cp) const {
  bool in = false;
  for (const Range& r : ranges) {
    if (cp >= r.lo && cp <= r.hi) {
      in = true;
      break;
    }
  }
  return in != negated;
}

class RegexCompiler {
 public:
  RegexCompiler(std::string_view p, Regex& out) : p_(p), out_(out) {}

  void run() {
    Node root = alternation(0);
    if (pos_ < p_.size()) throw Fail{"unbalanced ')'", pos_};
    emit(root);
    add({Regex::Code::kMatch});
  }

 private:
  bool at(char c) const { return pos_ < p_.size() && p_[pos_] == c; }
  uint32_t take() { return next_code_point(p_, pos_); }

  Node alternation(int depth) {
    if (depth > Regex::kMaxNesting) throw Fail{"regex is nested too deeply", pos_};
    Node alt{Node::Kind::kAlt};
    alt.kids.push_back(concatenation(depth));
    while (at('|')) {
      ++pos_;
      alt.kids.push_back(concatenation(depth));
    }
    return alt.kids.size() == 1 ? std::move(alt.kids.front()) : alt;
  }

  Node concatenation(int depth) {
    Node cat{Node::Kind::kCat};
    while (pos_ < p_.size() && !at('|') && !at(')')) cat.kids.push_back(repeat(depth));
    return cat;
  }

  Node repeat(int depth) {
    const size_t start = pos_;
    Node atom_node = atom(depth);
    int min, max;
    if (pos_ >= p_.size() || !quantifier(min, max)) return atom_node;
    if (atom_node.kind == Node::Kind::kBegin || atom_node.kind == Node::Kind::kEnd) {
      throw Fail{"nothing to repeat", start};
    }
    if (at('?')) ++pos_;  // lazy: same set of matching values
    int ignored;
    if (pos_ < p_.size() && quantifier(ignored, ignored)) {
      throw Fail{"a quantifier cannot follow a quantifier", pos_ - 1};
    }
    Node r{Node::Kind::kRepeat};
    r.min = min;
    r.max = max;
    r.kids.push_back(std::move(atom_node));
    return r;
  }

  bool quantifier(int& min, int& max) {
    const char c = p_[pos_];
    if (c == '*' || c == '+' || c == '?') {
      ++pos_;
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
      return true;
    }
    if (c != '{') return false;
    size_t p = pos_ + 1;
    auto number = [&](int& v) {
      const size_t from = p;
      v = 0;
      while (p < p_.size() && is_digit(p_[p]) && v <= Regex::kMaxRepeat)
        v = v * 10 + (p_[p++] - '0');
      return p > from;
    };
    if (!number(min)) return false;  // a literal '{'
    max = min;
    if (p < p_.size() && p_[p] == ',') {
      ++p;
      if (!number(max)) max = -1;
    }
    if (p >= p_.size() || p_[p] != '}') return false;
    if (min > Regex::kMaxRepeat || max > Regex::kMaxRepeat) {
      throw Fail{"repeat count above " + std::to_string(Regex::kMaxRepeat), pos_};
    }
    if (max >= 0 && max < min) throw Fail{"repeat range out of order", pos_};
    pos_ = p + 1;
    return true;
  }

  Node atom(int depth) {
    const size_t start = pos_;
    const uint32_t c = take();
    switch (c) {
      case '(':
        return group(depth, start);
      case '[':
        return char_class(start);
      case '.':
        return Node{Node::Kind::kAny};
      case '^':
        return Node{Node::Kind::kBegin};
      case '$':
        return Node{Node::Kind::kEnd};
      case '\\':
        return escape(start);
      case '*':
      case '+':
      case '?':
        throw Fail{"nothing to repeat", start};
      default:
        return literal(c);
    }
  }

  static Node literal(uint32_t c) {
    Node n{Node::Kind::kChar};
    n.value = c;
    return n;
  }

  Node group(int depth, size_t start) {
    if (at('?')) {
      if (pos_ + 1 < p_.size() && p_[pos_ + 1] == ':') {
        pos_ += 2;
      } else {
        throw Fail{"lookaround and flags are not supported", start};
      }
    }
    Node inner = alternation(depth + 1);
    if (!at(')')) throw Fail{"missing ')'", start};
    ++pos_;
    return inner;
  }

  // \d \w \s as ranges; false for anything else.
  static bool shorthand(uint32_t c, std::vector<Regex::Range>& out) {
    switch (c) {
      case 'd':
        out.push_back({'0', '9'});
        return true;
      case 'w':
        out.insert(out.end(), {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}});
        return true;
      case 's':
        out.insert(out.end(), {{'\t', '\r'}, {' ', ' '}});
        return true;
      default:
        return false;
    }
  }

  static bool escaped_literal(uint32_t c, uint32_t& out) {
    switch (c) {
      case 'n':
        out = '\n';
        return true;
      case 't':
        out = '\t';
        return true;
      case 'r':
        out = '\r';
        return true;
      default:
        if (c < 0x80 && !std::isalnum(static_cast<int>(c))) {
          out = c;
          return true;
        }
        return false;
    }
  }

  Node escape(size_t start) {
    if (pos_ >= p_.size()) throw Fail{"pattern ends with '\\'", start};
    const uint32_t c = take();
    Regex::Class cls;
    if (shorthand(c, cls.ranges)) return class_node(std::move(cls));
    if (c == 'D' || c == 'W' || c == 'S') {
      shorthand(c + ('a' - 'A'), cls.ranges);
      cls.negated = true;
      return class_node(std::move(cls));
    }
    uint32_t lit;
    if (escaped_literal(c, lit)) return literal(lit);
    if (is_digit(c)) throw Fail{"backreferences are not supported", start};
    throw Fail{"unknown escape '\\" + std::string(1, static_cast<char>(c)) + "'", start};
  }

  Node char_class(size_t start) {
    Regex::Class cls;
    if (at('^')) {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    while (pos_ < p_.size() && (first || !at(']'))) {
      first = false;
      uint32_t lo;
      if (!class_char(lo, cls.ranges)) continue;
      uint32_t hi = lo;
      if (at('-') && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        if (!class_char(hi, cls.ranges)) throw Fail{"bad range in [...]", start};
        if (hi < lo) throw Fail{"range out of order in [...]", start};
      }
      cls.ranges.push_back({lo, hi});
    }
    if (!at(']')) throw Fail{"missing ']'", start};
    ++pos_;
    return class_node(std::move(cls));
  }

  // One class member: a character (returned) or a shorthand (added, returns false).
  bool class_char(uint32_t& out, std::vector<Regex::Range>& ranges) {
    const size_t start = pos_;
    out = take();
    if (out != '\\') return true;
    if (pos_ >= p_.size()) throw Fail{"pattern ends with '\\'", start};
    const uint32_t c = take();
    if (shorthand(c, ranges)) return false;
    if (escaped_literal(c, out) || c == 'b') {
      if (c == 'b') out = '\b';
      return true;
    }
    throw Fail{"unsupported escape in [...]", start};
  }

  Node class_node(Regex::Class cls) {
    out_.classes_.push_back(std::move(cls));
    Node n{Node::Kind::kClass};
    n.value = static_cast<uint32_t>(out_.classes_.size() - 1);
    return n;
  }

  // --- code generation ---------------------------------------------------------------------

  size_t add(Regex::Inst inst) {
    if (out_.program_.size() >= Regex::kMaxProgram) {
      throw Fail{"regex is too complex (over " + std::to_string(Regex::kMaxProgram) +
                     " instructions once repeats are expanded)",
                 0};
    }
    out_.program_.push_back(inst);
    return out_.program_.size() - 1;
  }
  uint32_t here() const { return static_cast<uint32_t>(out_.program_.size()); }

  void emit(const Node& n) {
    using C = Regex::Code;
    switch (n.kind) {
      case Node::Kind::kEmpty:
        return;
      case Node::Kind::kChar:
        add({C::kChar, n.value});
        return;
      case Node::Kind::kAny:
        add({C::kAny});
        return;
      case Node::Kind::kClass:
        add({C::kClass, n.value});
        return;
      case Node::Kind::kBegin:
        add({C::kBegin});
        return;
      case Node::Kind::kEnd:
        add({C::kEnd});
        return;
      case Node::Kind::kCat:
        for (const Node& k : n.kids) emit(k);
        return;
      case Node::Kind::kAlt:
        return emit_alt(n, 0);
      case Node::Kind::kRepeat:
        return emit_repeat(n);
    }
  }

  void emit_alt(const Node& n, size_t i) {
    if (i + 1 == n.kids.size()) return emit(n.kids[i]);
    const size_t split = add({Regex::Code::kSplit, here() + 1});
    emit(n.kids[i]);
    const size_t jump = add({Regex::Code::kJmp});
    out_.program_[split].alt = here();
    emit_alt(n, i + 1);
    out_.program_[jump].arg = here();
  }

  void emit_repeat(const Node& n) {
    for (int i = 0; i < n.min; ++i) emit(n.kids.front());
    if (n.max < 0) {
      const size_t split = add({Regex::Code::kSplit, here() + 1});
      emit(n.kids.front());
      add({Regex::Code::kJmp, static_cast<uint32_t>(split)});
      out_.program_[split].alt = here();
      return;
    }
    std::vector<size_t> splits;
    for (int i = n.min; i < n.max; ++i) {
      splits.push_back(add({Regex::Code::kSplit, here() + 1}));
      emit(n.kids.front());
    }
    for (size_t s : splits) out_.program_[s].alt = here();
  }

  std::string_view p_;
  size_t pos_ = 0;
  Regex& out_;
};

std::optional<Regex> Regex::compile(std::string_view pattern, Error& error) {
  Regex re;
  try {
    RegexCompiler(pattern, re).run();
  } catch (const Fail& f) {
    error = Error{f.message, f.offset};
    return std::nullopt;
  }
  return re;
}

}  // namespace bw::rules
