// Rules engine: the RE2-backed matcher behind the `regex` operator.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/regex.h"

namespace {

using bw::rules::NeedleSet;
using bw::rules::Regex;

Regex compile(const std::string& pattern) {
  Regex::Error error;
  auto re = Regex::compile(pattern, error);
  REQUIRE_MESSAGE(re.has_value(), pattern << ": " << error.message);
  return *re;
}

bool search(const std::string& pattern, const std::string& subject) {
  return compile(pattern).search(subject);
}

// The indices of the needles find() reports in `value`, sorted.
std::vector<int> needles_in(const NeedleSet& set, const std::string& value) {
  std::vector<int> found;
  set.find(value, found);
  std::sort(found.begin(), found.end());
  return found;
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
      {"abc$", "abc\n", false},  // `$` is the end of the value only
      {"^$", "", true},
      {"^a*$", "", true},
      {"a.c", "a-c", true},
      {"a.c", "a\nc", true},  // `.` also matches a line break
      {"a.c", "ac", false},
      {"^a.c$", "aกc", true},  // one Thai character is one character
      {"^[ก-ฮ]+$", "สมชาย", false},
      {"^[ก-๙]+$", "สมชาย", true},
      {"^\\p{Thai}+$", "สมชาย", true},
      {"^\\p{Thai}+$", "Somchai", false},
      {"colou?r", "color", true},
      {"colou?r", "colour", true},
      {"^ab+c$", "ac", false},
      {"^ab+c$", "abbbc", true},
      {"^(ab|cd)+$", "abcdab", true},
      {"^(ab|cd)+$", "abca", false},
      {"^(?:a|b)*c$", "ababc", true},
      {"^(?P<prefix>[A-Z]{2})\\d+$", "AB12", true},
      {"^[0-9]{13}$", "1100700123456", true},
      {"^[0-9]{13}$", "110070012345", false},
      {"^\\d{2,3}-\\d+$", "12-3", true},
      {"^\\d{2,3}-\\d+$", "1234-3", false},
      {"^\\d{2,}$", "12345", true},
      {"^[A-Z]{2}\\d{7}$", "AB1234567", true},
      {"^[^0-9]+$", "abc", true},
      {"^[^0-9]+$", "ab1", false},
      {"^[[:digit:]]+$", "123", true},
      {"\\s", "a b", true},
      {"^\\S+$", "a b", false},
      {"^\\w+$", "abc_123", true},
      {"^\\W+$", "--", true},
      {"\\bstar\\b", "golden star co", true},
      {"\\bstar\\b", "golden starlight", false},
      {"\\.", "a.b", true},
      {"\\.", "ab", false},
      {"a{", "a{", true},  // not a repeat: a literal brace
      {"[a\\-z]", "-", true},
      {"[]a]", "]", true},
      {"^(a*)*b$", "aaab", true},
      {"(golden|kings) (star|roman)", "GOLDEN STAR", false},
      {"(?i)(golden|kings) (star|roman)", "GOLDEN STAR", true},
      {"(golden|kings) (star|roman)", "kings roman co", true},
      {"^.*?x", "aax", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.subject);
    CHECK(search(c.pattern, c.subject) == c.match);
  }
}

TEST_CASE("regex: rejected patterns name the problem and its offset") {
  struct Case {
    const char* pattern;
    size_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"(", 0, "missing ')'"},
      {"x(a(b)", 1, "missing ')'"},
      {"a)", 1, "unbalanced ')'"},
      {"ab(c)d)e", 6, "unbalanced ')'"},
      {"[(]a)", 4, "unbalanced ')'"},  // a '(' in a class opens nothing
      {"[abc", 0, "missing ']'"},
      {"*a", 0, "nothing to repeat before '*'"},
      {"a|+", 2, "nothing to repeat before '+'"},
      {"a**", 1, "bad repetition operator '**'"},
      {"(?=a)", 0, "unsupported group or flag '(?='"},
      {"(a)\\1", 3, "invalid escape '\\1' (backreferences are not supported)"},
      {"\\q", 0, "invalid escape '\\q'"},
      {"[z-a]", 1, "invalid character class range 'z-a'"},
      {"a{3,1}", 1, "invalid repeat count '{3,1}'"},
      {"a{1001}", 1, "invalid repeat count '{1001}'"},
      {"(a{100}){100}", 8, "invalid repeat count '{100}'"},  // the outer one: 100 x 100
      {"abc\\", 3, "pattern ends with '\\'"},
      {"ab\xFF", 2, "invalid UTF-8 in the pattern"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    Regex::Error error;
    CHECK_FALSE(Regex::compile(c.pattern, error).has_value());
    CHECK(error.message.rfind(c.message, 0) == 0);
    CHECK(error.offset == c.offset);
  }
}

TEST_CASE("regex: a program over the memory budget is rejected") {
  Regex::Error error;
  CHECK_FALSE(Regex::compile("\\pL{1000}", error).has_value());
  CHECK(error.message.rfind("pattern too large", 0) == 0);
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
  const std::string deep = std::string(400, '(') + "a" + std::string(400, ')');
  CHECK(search(deep, "xa"));
}

TEST_CASE("regex: the subject limit follows the program size") {
  // Realistic patterns are small, so every value an event can carry (64 KiB by default) is
  // searched to its end: padding a value does not hide it.
  for (const char* p : {"^[A-Z]{2}[0-9]{7}$", "(?i)golden.*star", "^\\p{Thai}+$", "x$"}) {
    CAPTURE(p);
    CHECK(compile(p).max_subject() >= 64 * 1024);
  }
  CHECK(search("golden$", std::string(65000, ' ') + "golden"));
  // A huge program gets a short limit: one search stays within Regex::kMaxWork steps.
  const Regex big = compile(".{0,999}z");
  CHECK(big.program_size() > 4000);
  CHECK(big.max_subject() == Regex::kMaxWork / static_cast<size_t>(big.program_size()));
  CHECK(big.search(std::string(big.max_subject(), 'z')));
  CHECK_FALSE(big.search(std::string(big.max_subject() + 1, 'z')));
}

TEST_CASE("needle set: finds every needle present, in one pass") {
  using Mode = NeedleSet::Mode;
  auto set = NeedleSet::build({{"golden", Mode::kIContains},
                               {"Co", Mode::kContains},
                               {"1ก", Mode::kStartsWith},
                               {"LTD", Mode::kEndsWith},
                               {"a.b", Mode::kContains}});  // needles are literal text
  REQUIRE(set.has_value());
  auto find = [&](const std::string& value) { return needles_in(*set, value); };
  CHECK(find("GOLDEN Star Co., LTD") == std::vector<int>{0, 1, 3});
  CHECK(find("golden star co., ltd") == std::vector<int>{0});  // contains is case-sensitive
  CHECK(find("1กข 1234") == std::vector<int>{2});
  CHECK(find("x1ก LTD.") == std::vector<int>{});  // not at the start, not at the end
  CHECK(find("axb") == std::vector<int>{});
  CHECK(find("a.b") == std::vector<int>{4});
  CHECK_FALSE(NeedleSet::build({{"ab\xFF", Mode::kContains}}).has_value());
}

TEST_CASE("needle set: needles of eight bytes or more, found in any case and place") {
  using Mode = NeedleSet::Mode;
  // All needles at least eight bytes long: a value without the first eight bytes of any of
  // them is rejected before the set runs; every value holding one must still be reported.
  auto set = NeedleSet::build({{"golden star", Mode::kIContains},
                               {"Paradise Resort", Mode::kContains},
                               {"Lucky Group", Mode::kStartsWith},
                               {"holdings ltd", Mode::kIContains},
                               {"ทองคำ จำกัด", Mode::kContains}});
  REQUIRE(set.has_value());
  auto find = [&](const std::string& value) { return needles_in(*set, value); };
  CHECK(find("GOLDEN STAR") == std::vector<int>{0});
  CHECK(find("the Golden Star casino") == std::vector<int>{0});
  CHECK(find("xx gOLDEN sTAR") == std::vector<int>{0});
  CHECK(find("Paradise Resort and Spa") == std::vector<int>{1});
  CHECK(find("paradise resort") == std::vector<int>{});  // contains is case-sensitive
  CHECK(find("Lucky Group Holdings Ltd") == std::vector<int>{2, 3});
  CHECK(find("The Lucky Group") == std::vector<int>{});  // not at the start
  CHECK(find("บริษัท ทองคำ จำกัด") == std::vector<int>{4});
  CHECK(find("Golden Sta") == std::vector<int>{});  // shorter than the needle
  CHECK(find("Pong Nam Ron Durian Orchard") == std::vector<int>{});
  CHECK(find("") == std::vector<int>{});
}
