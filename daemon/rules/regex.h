// The matcher behind the `regex` operator: a facade over RE2 (https://github.com/google/re2).
//
// Why RE2: it matches in time linear in the value's length with memory fixed at compile time,
// never backtracks and never recurses per character, so no event value, however long or
// crafted, can stall or crash evaluation (libstdc++'s std::regex recurses per character and
// overflows the stack on long values). Only regex.cc sees RE2; the rest of the engine uses
// this class, so the dependency stays in one file.
//
// Syntax: RE2's (rules/README.md "Regex syntax"), with these options: UTF-8 (a Thai
// character is one `.`), `.` also matches a line break (like the `s` flag, as the engine
// always did), no capture groups (only "does it match" is asked, which lets RE2 use its DFA).
// Search semantics: the pattern may match anywhere in the value unless anchored; `^` and `$`
// are the start and end of the value.
//
// Resources: each compiled pattern may use at most kMaxMemory bytes for its program and its
// DFA cache; a pattern whose program does not fit is a compile error ("pattern too large").
// Matching is linear in the value's length, but when a value makes the DFA cache overflow RE2
// falls back to its NFA, which costs up to the program size per byte (measured: 0.9 s for a
// 64 KiB value against `.{0,999}z`, 8,000 instructions). So one search does at most kMaxWork
// byte-instruction steps: a value longer than max_subject() = kMaxWork / program size never
// matches. That is 64 KiB or more for programs under 256 instructions (typical document, plate
// and name patterns, so no realistic value escapes them by being long) and about 2 KiB for the
// largest programs; a fixed cap would instead let any padded value escape every pattern.
//
// Ownership and threads: a Regex is an immutable, cheaply copyable handle to a shared compiled
// pattern. search() is const and safe from any number of threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace bw::rules {

class Regex {
 public:
  struct Error {
    std::string message;  // what is wrong, e.g. "missing ')'"
    size_t offset = 0;    // byte offset of the offending part in the pattern
  };

  // Program plus DFA cache, per pattern. About 10,000 instructions for the forward program;
  // worst-case memory is this times the number of regex conditions in the rule set.
  static constexpr int64_t kMaxMemory = 1 << 20;
  // Byte-instruction steps one search may cost in the worst case (about 30 ms).
  static constexpr size_t kMaxWork = size_t{1} << 24;

  // The compiled pattern, or nullopt with `error` saying what is wrong and where. Never throws
  // except std::bad_alloc.
  static std::optional<Regex> compile(std::string_view pattern, Error& error);

  // True when the pattern matches somewhere in `subject` (UTF-8); always false when the
  // subject is longer than max_subject(). Thread-safe.
  bool search(std::string_view subject) const;

  // RE2's measure of the compiled program (instructions).
  int program_size() const;
  // The longest subject search() looks at: kMaxWork / program_size().
  size_t max_subject() const { return max_subject_; }

 private:
  explicit Regex(std::shared_ptr<const re2::RE2> re);

  std::shared_ptr<const re2::RE2> re_;  // never null
  size_t max_subject_ = 0;
};

// Which of many literal needles occur in a value, found in one pass over it (an RE2::Set).
// The rule index uses it to test `employer icontains "golden star"` and its like only
// against events whose value contains the needle. Matching may over-report (case folding is
// Unicode's, a superset of icontains' ASCII folding), never under-report: when RE2's DFA runs
// out of memory, find() reports every needle. A value without the first eight bytes of any
// needle (ASCII case aside) is rejected before the set runs. Immutable and cheaply copyable; find()
// is thread-safe.
class NeedleSet {
 public:
  enum class Mode { kContains, kIContains, kStartsWith, kEndsWith };
  struct Needle {
    std::string text;
    Mode mode = Mode::kContains;
  };
  static constexpr int64_t kMaxMemory = 8 << 20;

  // nullopt when RE2 cannot build the set (a needle that is not UTF-8, or too many).
  static std::optional<NeedleSet> build(const std::vector<Needle>& needles);

  // Appends the indices (into build()'s vector) of the needles that occur in `value`.
  void find(std::string_view value, std::vector<int>& out) const;

 private:
  struct Prefilter;
  struct Impl;
  explicit NeedleSet(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<const Impl> impl_;  // never null
};

}  // namespace bw::rules
