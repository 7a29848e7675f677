#include "rules/parser.h"

#include <array>

#include "rules/lexer.h"

namespace bw::rules {

namespace {

constexpr std::array<std::string_view, 14> kKeywords = {
    "and",      "or",   "not",   "in",     "contains", "icontains", "startswith",
    "endswith", "glob", "regex", "exists", "between",  "true",      "false"};

struct SyntaxError {
  size_t offset;
  std::string message;
};

class Parser {
 public:
  Parser(const SourceText& text, size_t begin, size_t end)
      : text_(text), lex_(std::string_view(text.text).substr(begin, end - begin)), base_(begin) {
    advance();
  }

  std::unique_ptr<Expr> condition_to_end() {
    auto e = or_expr();
    if (tok_.kind != Tok::kEnd) {
      fail(tok_.kind == Tok::kRParen ? "unbalanced ')'"
                                     : "unexpected " + shown(tok_) +
                                           " after a complete condition (missing 'and' or 'or'?)");
    }
    return e;
  }

  Operand operand_to_end() {
    Operand o = operand();
    if (tok_.kind != Tok::kEnd) fail("unexpected " + shown(tok_) + " after the field");
    return o;
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p(p) {
      if (++p.depth_ > kMaxDepth) {
        p.fail("condition is nested too deeply (more than " + std::to_string(kMaxDepth) +
               " levels)");
      }
    }
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  [[noreturn]] void fail(std::string message) { throw SyntaxError{offset(), std::move(message)}; }
  [[noreturn]] void fail_at(size_t at, std::string message) {
    throw SyntaxError{at, std::move(message)};
  }
  size_t offset() const { return base_ + tok_.offset; }

  void advance() {
    tok_ = lex_.next();
    if (tok_.kind == Tok::kError) fail(tok_.text);
  }
  bool at_word(std::string_view w) const { return tok_.kind == Tok::kIdent && tok_.text == w; }
  Tok peek_kind() const {
    Lexer copy = lex_;
    return copy.next().kind;
  }
  static std::string shown(const Token& t) {
    if (t.kind == Tok::kEnd) return "end of condition";
    return "'" + std::string(t.raw.substr(0, 40)) + "'";
  }
  void expect(Tok kind, const char* what) {
    if (tok_.kind != kind) fail(std::string("expected ") + what + ", found " + shown(tok_));
    advance();
  }

  template <typename T>
  T located(T node, size_t at) {
    node.text = &text_;
    node.offset = at;
    return node;
  }

  std::unique_ptr<Expr> make_expr(Expr::Kind kind, size_t at) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->text = &text_;
    e->offset = at;
    return e;
  }

  std::unique_ptr<Expr> binary(Expr::Kind kind, std::string_view word,
                               std::unique_ptr<Expr> (Parser::*next)()) {
    const size_t at = offset();
    std::vector<std::unique_ptr<Expr>> parts;
    parts.push_back((this->*next)());
    while (at_word(word)) {
      advance();
      parts.push_back((this->*next)());
    }
    if (parts.size() == 1) return std::move(parts.front());
    auto e = make_expr(kind, at);
    e->children = std::move(parts);
    return e;
  }

  std::unique_ptr<Expr> or_expr() { return binary(Expr::Kind::kOr, "or", &Parser::and_expr); }
  std::unique_ptr<Expr> and_expr() { return binary(Expr::Kind::kAnd, "and", &Parser::not_expr); }

  std::unique_ptr<Expr> not_expr() {
    if (!at_word("not")) return primary();
    DepthGuard guard(*this);
    auto e = make_expr(Expr::Kind::kNot, offset());
    advance();
    e->children.push_back(not_expr());
    return e;
  }

  std::unique_ptr<Expr> primary() {
    if (tok_.kind == Tok::kLParen) {
      DepthGuard guard(*this);
      advance();
      auto e = or_expr();
      expect(Tok::kRParen, "')'");
      return e;
    }
    if (at_word("true") || at_word("false")) {
      auto e = make_expr(Expr::Kind::kConst, offset());
      e->value = at_word("true");
      advance();
      return e;
    }
    return relation();
  }

  std::unique_ptr<Expr> relation() {
    auto e = make_expr(Expr::Kind::kRelation, offset());
    e->lhs = operand();
    e->op_offset = offset();
    switch (tok_.kind) {
      case Tok::kEq:
        e->op = Op::kEq;
        break;
      case Tok::kNe:
        e->op = Op::kNe;
        break;
      case Tok::kLt:
        e->op = Op::kLt;
        break;
      case Tok::kLe:
        e->op = Op::kLe;
        break;
      case Tok::kGt:
        e->op = Op::kGt;
        break;
      case Tok::kGe:
        e->op = Op::kGe;
        break;
      case Tok::kIdent:
        e->op = word_op(tok_.text);
        break;
      default:
        break;
    }
    if (e->op == Op::kNone) return e;
    advance();
    predicate(*e);
    return e;
  }

  static Op word_op(std::string_view w) {
    static constexpr std::pair<std::string_view, Op> kOps[] = {{"in", Op::kIn},
                                                               {"contains", Op::kContains},
                                                               {"icontains", Op::kIContains},
                                                               {"startswith", Op::kStartsWith},
                                                               {"endswith", Op::kEndsWith},
                                                               {"glob", Op::kGlob},
                                                               {"regex", Op::kRegex},
                                                               {"exists", Op::kExists},
                                                               {"between", Op::kBetween}};
    for (const auto& [word, op] : kOps) {
      if (w == word) return op;
    }
    return Op::kNone;
  }

  void predicate(Expr& e) {
    switch (e.op) {
      case Op::kExists:
        return;
      case Op::kIn:
        return in_list(e);
      case Op::kBetween:
        e.rhs.push_back(literal_operand("a literal after 'between'"));
        if (!at_word("and")) fail("expected 'and' in 'between X and Y', found " + shown(tok_));
        advance();
        e.rhs.push_back(literal_operand("a literal after 'between X and'"));
        return;
      default:
        e.rhs.push_back(value());
        return;
    }
  }

  void in_list(Expr& e) {
    if (tok_.kind == Tok::kIdent && !is_keyword(tok_.text)) {
      e.list_name = tok_.text;
      e.list_offset = offset();
      advance();
      return;
    }
    expect(Tok::kLParen, "'(' or a list name after 'in'");
    while (tok_.kind != Tok::kRParen) {
      e.rhs.push_back(literal_operand("a literal in 'in (...)' (quote strings: \"THA\")"));
      if (tok_.kind != Tok::kComma) break;
      advance();
    }
    expect(Tok::kRParen, "',' or ')'");
  }

  bool at_literal() const {
    return tok_.kind == Tok::kString || tok_.kind == Tok::kNumber || at_word("true") ||
           at_word("false");
  }

  Operand literal_operand(const char* what) {
    if (!at_literal()) fail(std::string("expected ") + what + ", found " + shown(tok_));
    Operand o = located(Operand{}, offset());
    o.kind = Operand::Kind::kLiteral;
    Literal& l = o.literal;
    if (tok_.kind == Tok::kString) {
      l.kind = Literal::Kind::kString;
      l.str = tok_.text;
    } else if (tok_.kind == Tok::kNumber) {
      l.kind = Literal::Kind::kNumber;
      l.num = tok_.number;
      l.str = std::string(tok_.raw);
    } else {
      l.kind = Literal::Kind::kBool;
      l.boolean = tok_.text == "true";
      l.str = tok_.text;
    }
    advance();
    return o;
  }

  Operand value() { return at_literal() ? literal_operand("a literal") : operand(); }

  Operand operand() {
    if (tok_.kind != Tok::kIdent) {
      fail("expected a field, a function or '(', found " + shown(tok_));
    }
    if (is_keyword(tok_.text)) {
      fail("expected a field, a function or '(', found keyword '" + tok_.text + "'");
    }
    if (peek_kind() == Tok::kLParen) return call();
    return field();
  }

  Operand call() {
    DepthGuard guard(*this);
    Operand o = located(Operand{}, offset());
    o.kind = Operand::Kind::kCall;
    o.name = tok_.text;
    advance();
    advance();  // '('
    while (tok_.kind != Tok::kRParen) {
      o.args.push_back(value());
      if (tok_.kind != Tok::kComma) break;
      advance();
    }
    expect(Tok::kRParen, "',' or ')' in the call");
    return o;
  }

  std::string step_name() {
    if (tok_.kind != Tok::kIdent) fail("expected a field name after '.', found " + shown(tok_));
    std::string s = tok_.text;
    advance();
    return s;
  }

  Operand field() {
    Operand o = located(Operand{}, offset());
    o.kind = Operand::Kind::kField;
    o.steps.push_back(step_name());
    while (tok_.kind == Tok::kDot) {
      advance();
      o.steps.push_back(step_name());
    }
    if (tok_.kind != Tok::kLBracket) return o;
    DepthGuard guard(*this);
    o.filter_offset = offset();
    advance();
    o.filter = or_expr();
    expect(Tok::kRBracket, "']' to close the filter");
    while (tok_.kind == Tok::kDot) {
      advance();
      o.after.push_back(step_name());
    }
    if (tok_.kind == Tok::kLBracket) fail("only one [filter] is allowed in a field");
    return o;
  }

  const SourceText& text_;
  Lexer lex_;
  size_t base_;
  Token tok_;
  int depth_ = 0;
};

}  // namespace

bool is_keyword(std::string_view word) {
  for (auto k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

std::unique_ptr<Expr> parse_condition(const SourceText& text, Diagnostics& diags) {
  if (text.text.size() > kMaxConditionBytes) {
    diags.error_at(text, 0,
                   "condition is longer than " + std::to_string(kMaxConditionBytes) + " bytes");
    return nullptr;
  }
  try {
    Parser p(text, 0, text.text.size());
    return p.condition_to_end();
  } catch (const SyntaxError& e) {
    diags.error_at(text, e.offset, e.message);
    return nullptr;
  }
}

std::optional<Operand> parse_operand(const SourceText& text, size_t begin, size_t end,
                                     Diagnostics& diags) {
  if (end - begin > kMaxConditionBytes) {
    diags.error_at(text, begin, "field expression is too long");
    return std::nullopt;
  }
  try {
    Parser p(text, begin, end);
    return p.operand_to_end();
  } catch (const SyntaxError& e) {
    diags.error_at(text, e.offset, e.message);
    return std::nullopt;
  }
}

}  // namespace bw::rules
