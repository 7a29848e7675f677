// Rules engine: the regex engine behind the `regex` operator.
#include <doctest/doctest.h>

#include <string>

#include "rules/regex.h"

namespace {

using bw::rules::Regex;

bool search(const std::string& pattern, const std::string& subject) {
  Regex::Error error;
  auto re = Regex::compile(pattern, error);
  REQUIRE_MESSAGE(re.has_value(), pattern << ": " << error.message);
  return re->search(subject);
}

}  // namespace

TEST_CASE("regex: matching") {
  struct Case {
    const char* pattern;
    const char* subject;
    bool match;
  };
  const Case cases[] = {
      {"abc", "xxabcxx", true},
      {"abc", "ab", false},
      {"^abc", "abcd", true},
      {"^abc", "xabc", false},
      {"abc$", "xabc", true},
      {"abc$", "abcx", false},
      {"^$", "", true},
      {"^a*$", "", true},
      {"a.c", "a-c", true},
      {"a.c", "ac", false},
      {"^a.c$", "aกc", true},  // one Thai character is one character
      {"^[ก-ฮ]+$", "สมชาย", false},
      {"^[ก-๙]+$", "สมชาย", true},
      {"colou?r", "color", true},
      {"colou?r", "colour", true},
      {"^ab+c$", "ac", false},
      {"^ab+c$", "abbbc", true},
      {"^(ab|cd)+$", "abcdab", true},
      {"^(ab|cd)+$", "abca", false},
      {"^(?:a|b)*c$", "ababc", true},
      {"^[0-9]{13}$", "1100700123456", true},
      {"^[0-9]{13}$", "110070012345", false},
      {"^\\d{2,3}-\\d+$", "12-3", true},
      {"^\\d{2,3}-\\d+$", "1234-3", false},
      {"^\\d{2,}$", "12345", true},
      {"^[A-Z]{2}\\d{6}$", "AB123456", true},
      {"^[^0-9]+$", "abc", true},
      {"^[^0-9]+$", "ab1", false},
      {"\\s", "a b", true},
      {"^\\S+$", "a b", false},
      {"^\\w+$", "abc_123", true},
      {"^\\W+$", "--", true},
      {"\\.", "a.b", true},
      {"\\.", "ab", false},
      {"a{", "a{", true},  // not a quantifier: literal brace
      {"[a\\-z]", "-", true},
      {"[]a]", "]", true},
      {"^(a*)*b$", "aaab", true},
      {"(golden|kings) (star|roman)", "GOLDEN STAR", false},
      {"(golden|kings) (star|roman)", "kings roman co", true},
      {"^.*?x", "aax", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.subject);
    CHECK(search(c.pattern, c.subject) == c.match);
  }
}

TEST_CASE("regex: rejected patterns with offsets") {
  struct Case {
    const char* pattern;
    size_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"(", 0, "missing ')'"},
      {"a)", 1, "unbalanced ')'"},
      {"[abc", 0, "missing ']'"},
      {"*a", 0, "nothing to repeat"},
      {"a|+", 2, "nothing to repeat"},
      {"^*", 0, "nothing to repeat"},
      {"a**", 2, "a quantifier cannot follow a quantifier"},
      {"(?=a)", 0, "lookaround and flags are not supported"},
      {"(a)\\1", 3, "backreferences are not supported"},
      {"\\q", 0, "unknown escape '\\q'"},
      {"[z-a]", 0, "range out of order in [...]"},
      {"a{3,1}", 1, "repeat range out of order"},
      {"a{101}", 1, "repeat count above 100"},
      {"(a{100}){100}", 0, "regex is too complex"},
      {"abc\\", 3, "pattern ends with '\\'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    Regex::Error error;
    CHECK_FALSE(Regex::compile(c.pattern, error).has_value());
    CHECK(error.message.rfind(c.message, 0) == 0);
    CHECK(error.offset == c.offset);
  }
  std::string deep(40, '(');
  Regex::Error error;
  CHECK_FALSE(Regex::compile(deep + "a" + std::string(40, ')'), error));
  CHECK(error.message == "regex is nested too deeply");
}

TEST_CASE("regex: long values and nested patterns neither crash nor take long") {
  const std::string long_a(100000, 'a');
  CHECK_FALSE(search("^(a|b)*c$", long_a));
  CHECK(search("^(a|b)*$", long_a));
  std::string nested = "^";
  for (int i = 0; i < 30; ++i) nested += "(";
  nested += "a|b";
  for (int i = 0; i < 30; ++i) nested += ")*";
  CHECK(search(nested + "$", long_a));
  CHECK_FALSE(search("^(a+)+$", long_a + "!"));  // catastrophic for backtracking engines
  CHECK(search("\xFF", "a\xFF"));                // invalid UTF-8 bytes are characters too
  CHECK(search("^.$", "\xFF"));
}
