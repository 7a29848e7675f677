#include "rules/lexer.h"

#include <charconv>

namespace bw::rules {

namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

Token make(Tok kind, size_t start, std::string_view raw) {
  Token t;
  t.kind = kind;
  t.offset = start;
  t.raw = raw;
  return t;
}

Token error(size_t at, std::string message) {
  Token t = make(Tok::kError, at, {});
  t.text = std::move(message);
  return t;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

Token Lexer::next() {
  while (pos_ < in_.size() &&
         (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) {
    ++pos_;
  }
  const size_t start = pos_;
  if (pos_ >= in_.size()) return make(Tok::kEnd, start, {});
  const char c = in_[pos_];
  if (is_ident_start(c)) {
    while (pos_ < in_.size() && is_ident_char(in_[pos_])) ++pos_;
    Token t = make(Tok::kIdent, start, in_.substr(start, pos_ - start));
    t.text = std::string(t.raw);
    return t;
  }
  if (c == '"') return string_token(start);
  if (is_digit(c) || (c == '-' && pos_ + 1 < in_.size() && is_digit(in_[pos_ + 1]))) {
    return number_token(start);
  }
  static constexpr std::string_view kPunct = "()[],.";
  static constexpr Tok kPunctTok[] = {Tok::kLParen,   Tok::kRParen, Tok::kLBracket,
                                      Tok::kRBracket, Tok::kComma,  Tok::kDot};
  if (size_t p = kPunct.find(c); p != std::string_view::npos) {
    ++pos_;
    return make(kPunctTok[p], start, in_.substr(start, 1));
  }
  return op_token(start);
}

Token Lexer::op_token(size_t start) {
  auto two = [&](char second) { return pos_ + 1 < in_.size() && in_[pos_ + 1] == second; };
  Tok kind;
  size_t len = 1;
  switch (in_[pos_]) {
    case '=':
      kind = Tok::kEq, len = two('=') ? 2 : 1;
      break;
    case '!':
      if (!two('=')) return error(start, "unexpected '!' (use 'not' or '!=')");
      kind = Tok::kNe, len = 2;
      break;
    case '<':
      kind = two('=') ? Tok::kLe : Tok::kLt, len = two('=') ? 2 : 1;
      break;
    case '>':
      kind = two('=') ? Tok::kGe : Tok::kGt, len = two('=') ? 2 : 1;
      break;
    case '\'':
      return error(start, "strings are written in double quotes");
    default: {
      const unsigned char u = static_cast<unsigned char>(in_[pos_]);
      std::string shown =
          u >= 0x20 && u < 0x7F
              ? std::string(1, in_[pos_])
              : "\\x" + std::string(1, "0123456789abcdef"[u >> 4]) + "0123456789abcdef"[u & 15];
      return error(start, "unexpected character '" + shown + "'");
    }
  }
  pos_ += len;
  return make(kind, start, in_.substr(start, len));
}

Token Lexer::number_token(size_t start) {
  if (in_[pos_] == '-') ++pos_;
  while (pos_ < in_.size() && is_digit(in_[pos_])) ++pos_;
  if (pos_ + 1 < in_.size() && in_[pos_] == '.' && is_digit(in_[pos_ + 1])) {
    ++pos_;
    while (pos_ < in_.size() && is_digit(in_[pos_])) ++pos_;
  }
  if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
    size_t p = pos_ + 1;
    if (p < in_.size() && (in_[p] == '+' || in_[p] == '-')) ++p;
    if (p < in_.size() && is_digit(in_[p])) {
      pos_ = p;
      while (pos_ < in_.size() && is_digit(in_[pos_])) ++pos_;
    }
  }
  if (pos_ < in_.size() && is_ident_char(in_[pos_])) {
    return error(start,
                 "malformed number '" + std::string(in_.substr(start, pos_ + 1 - start)) + "'");
  }
  Token t = make(Tok::kNumber, start, in_.substr(start, pos_ - start));
  auto [ptr, ec] = std::from_chars(t.raw.data(), t.raw.data() + t.raw.size(), t.number);
  if (ec != std::errc() || ptr != t.raw.data() + t.raw.size()) {
    return error(start, "number out of range '" + std::string(t.raw) + "'");
  }
  return t;
}

Token Lexer::string_token(size_t start) {
  ++pos_;  // opening quote
  std::string value;
  while (pos_ < in_.size() && in_[pos_] != '"') {
    if (in_[pos_] == '\\') {
      Token err;
      if (!read_escape(value, err)) return err;
      continue;
    }
    value += in_[pos_++];
  }
  if (pos_ >= in_.size()) return error(start, "unterminated string");
  ++pos_;  // closing quote
  Token t = make(Tok::kString, start, in_.substr(start, pos_ - start));
  t.text = std::move(value);
  return t;
}

bool Lexer::read_hex4(std::string_view s, unsigned& out) {
  if (s.size() < 4) return false;
  out = 0;
  for (char h : s.substr(0, 4)) {
    int v = is_digit(h)              ? h - '0'
            : (h >= 'a' && h <= 'f') ? h - 'a' + 10
            : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                     : -1;
    if (v < 0) return false;
    out = out * 16 + static_cast<unsigned>(v);
  }
  return true;
}

// Escapes: \" \\ \/ \n \t \r and \uXXXX (a Basic Multilingual Plane code point).
bool Lexer::read_escape(std::string& out, Token& err) {
  const size_t at = pos_;
  if (pos_ + 1 >= in_.size()) {
    err = error(at, "unterminated string");
    return false;
  }
  const char e = in_[pos_ + 1];
  pos_ += 2;
  switch (e) {
    case '"':
      out += '"';
      return true;
    case '\\':
      out += '\\';
      return true;
    case '/':
      out += '/';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 'u': {
      unsigned cp;
      if (!read_hex4(in_.substr(pos_), cp) || (cp >= 0xD800 && cp < 0xE000) || cp == 0) {
        err = error(at, "bad \\u escape (four hex digits, no surrogates or NUL)");
        return false;
      }
      pos_ += 4;
      append_utf8(out, cp);
      return true;
    }
    default:
      err = error(at, std::string("unknown escape '\\") + e + "'");
      return false;
  }
}

const char* describe(Tok kind) {
  switch (kind) {
    case Tok::kEnd:
      return "end of condition";
    case Tok::kError:
      return "invalid input";
    case Tok::kIdent:
      return "a name";
    case Tok::kString:
      return "a string";
    case Tok::kNumber:
      return "a number";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kLBracket:
      return "'['";
    case Tok::kRBracket:
      return "']'";
    case Tok::kComma:
      return "','";
    case Tok::kDot:
      return "'.'";
    case Tok::kEq:
      return "'='";
    case Tok::kNe:
      return "'!='";
    case Tok::kLt:
      return "'<'";
    case Tok::kLe:
      return "'<='";
    case Tok::kGt:
      return "'>'";
    case Tok::kGe:
      return "'>='";
  }
  return "token";
}

}  // namespace bw::rules
