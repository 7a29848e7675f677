// A small regular-expression engine for the `regex` operator.
//
// Why not std::regex: libstdc++ matches by recursion per character, so a long event value
// (events may be 64 KiB) or a nested pattern overflows the stack and kills the daemon. This
// engine compiles the pattern once into a program for a Pike VM (Thompson NFA simulation):
// no recursion and no backtracking when matching, time linear in the value's length times
// the program's size, and memory bounded by the program. Matching works on UTF-8 code points,
// so `.` and classes see one Thai character as one character.
//
// Syntax (a subset of ECMAScript/RE2): literals; `.` (any character); classes `[abc]`,
// `[a-z]`, `[^...]`; escapes `\d \D \w \W \s \S` and `\` before any punctuation; anchors
// `^` (start of value) and `$` (end of value); groups `( )` and `(?: )`; alternation `|`;
// quantifiers `* + ?`, `{n}`, `{n,}`, `{n,m}` (n, m <= 100; a trailing `?` is accepted and
// makes no difference to whether a value matches). Not supported: backreferences, lookaround,
// flags. Search semantics: the pattern may match anywhere in the value unless anchored.
//
// Thread safety: a compiled Regex is immutable; search() may run on many threads at once
// (each thread keeps its own scratch buffers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bw::rules {

class Regex {
 public:
  struct Error {
    std::string message;
    size_t offset = 0;  // byte offset in the pattern
  };

  static constexpr size_t kMaxProgram = 4000;  // instructions after expanding repeats
  static constexpr int kMaxNesting = 32;
  static constexpr int kMaxRepeat = 100;

  // The compiled pattern, or an Error saying what is wrong and where.
  static std::optional<Regex> compile(std::string_view pattern, Error& error);

  bool search(std::string_view subject) const;
  size_t program_size() const { return program_.size(); }

  enum class Code : uint8_t { kChar, kAny, kClass, kSplit, kJmp, kBegin, kEnd, kMatch };
  struct Inst {
    Code code;
    uint32_t arg = 0;  // code point, class index, or jump target
    uint32_t alt = 0;  // second target of kSplit
  };
  struct Range {
    uint32_t lo, hi;
  };
  struct Class {
    std::vector<Range> ranges;
    bool negated = false;
    bool contains(uint32_t cp) const;
  };

 private:
  friend class RegexCompiler;
  std::vector<Inst> program_;
  std::vector<Class> classes_;
};

// Decodes one UTF-8 code point at s[i], advancing i; an invalid byte b decodes as
// 0x110000 + b so it only ever matches `.` and negated classes.
uint32_t next_code_point(std::string_view s, size_t& i);

}  // namespace bw::rules
