// Tokens of the condition language (see parser.h for the grammar).
//
// The lexer works on a string_view it does not own; tokens point into it. Untrusted input is
// fine: every byte is either part of a token or an error token, and nothing recurses.
// A Lexer is used by one thread; separate lexers share nothing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bw::rules {

enum class Tok {
  kEnd,
  kError,   // `text` holds the message
  kIdent,   // [A-Za-z_][A-Za-z0-9_]* (keywords too: the parser decides by position)
  kString,  // "..." with escapes; `text` is the decoded value
  kNumber,  // -?digits[.digits][e[+-]digits]
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,  // = or ==
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t offset = 0;     // byte offset in the condition text
  std::string_view raw;  // the token's bytes
  std::string text;      // decoded string value, identifier, or error message
  double number = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}
  Token next();

 private:
  Token string_token(size_t start);
  Token number_token(size_t start);
  Token op_token(size_t start);
  bool read_escape(std::string& out, Token& error);
  static bool read_hex4(std::string_view s, unsigned& out);

  std::string_view in_;
  size_t pos_ = 0;
};

const char* describe(Tok kind);  // for messages: "')'", "a string"...

}  // namespace bw::rules
