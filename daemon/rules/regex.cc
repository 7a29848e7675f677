// Regex over RE2: options, error messages, and finding where in the pattern an error is.
// RE2 reports an error code and the offending fragment but not its offset, and rule authors
// get file:line:column diagnostics, so the offset is recovered here.
#include "rules/regex.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace bw::rules {

namespace {

RE2::Options options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);  // errors become diagnostics; RE2 must not write to stderr
  o.set_max_mem(Regex::kMaxMemory);
  o.set_dot_nl(true);
  o.set_never_capture(true);
  return o;
}

std::string quoted(const std::string& fragment) {
  return fragment.empty() ? std::string() : " '" + fragment + "'";
}

std::string describe(const RE2& re) {
  const std::string& arg = re.error_arg();
  switch (re.error_code()) {
    case RE2::ErrorBadEscape:
      return "invalid escape" + quoted(arg) + " (backreferences are not supported)";
    case RE2::ErrorBadCharClass:
      return "invalid character class" + quoted(arg);
    case RE2::ErrorBadCharRange:
      return "invalid character class range" + quoted(arg);
    case RE2::ErrorMissingBracket:
      return "missing ']'";
    case RE2::ErrorMissingParen:
      return "missing ')'";
    case RE2::ErrorUnexpectedParen:
      return "unbalanced ')'";
    case RE2::ErrorTrailingBackslash:
      return "pattern ends with '\\'";
    case RE2::ErrorRepeatArgument:
      return "nothing to repeat before" + quoted(arg);
    case RE2::ErrorRepeatSize:
      return "invalid repeat count" + quoted(arg) +
             " (at most 1000, and nested repeats may not multiply to more)";
    case RE2::ErrorRepeatOp:
      return "bad repetition operator" + quoted(arg);
    case RE2::ErrorBadPerlOp:
      return "unsupported group or flag" + quoted(arg) + " (lookaround is not supported)";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8 in the pattern";
    case RE2::ErrorBadNamedCapture:
      return "invalid named group" + quoted(arg);
    case RE2::ErrorPatternTooLarge:
      return "pattern too large: its compiled program exceeds " +
             std::to_string(Regex::kMaxMemory >> 20) + " MiB";
    default:
      return re.error();
  }
}

// Where a bracket problem is: the last '(' never closed (missing) or the first ')' that closes
// nothing (unbalanced). Skips escapes, \Q...\E literal text and [...] classes as RE2 does.
size_t paren_offset(std::string_view p, bool missing) {
  std::vector<size_t> open;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      if (i + 1 < p.size() && p[i + 1] == 'Q') {
        const size_t end = p.find("\\E", i + 2);
        i = end == std::string_view::npos ? p.size() : end + 1;
      } else {
        ++i;
      }
    } else if (p[i] == '[') {
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is a literal
      for (; j < p.size() && p[j] != ']'; ++j) {
        if (p[j] == '\\') {
          ++j;
        } else if (p.compare(j, 2, "[:") == 0) {
          const size_t end = p.find(":]", j + 2);
          if (end != std::string_view::npos) j = end + 1;
        }
      }
      i = j;
    } else if (p[i] == '(') {
      open.push_back(i);
    } else if (p[i] == ')') {
      if (open.empty()) return missing ? 0 : i;
      open.pop_back();
    }
  }
  return missing && !open.empty() ? open.back() : 0;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence.
size_t invalid_utf8_offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80                ? 1
                       : b >= 0xC2 && b < 0xE0 ? 2
                       : b >= 0xE0 && b < 0xF0 ? 3
                       : b >= 0xF0 && b < 0xF5 ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return 0;
}

// The first place the fragment RE2 names occurs such that the pattern up to and including it
// fails the same way. RE2 parses left to right, so an earlier occurrence that is fine (the
// inner `{100}` of `(a{100}){100}`) compiles, or fails differently (an unclosed group).
size_t fragment_offset(std::string_view p, const RE2& re) {
  const std::string& arg = re.error_arg();
  if (arg.empty()) return 0;
  const size_t first = p.find(arg);
  for (size_t at = first; at != std::string_view::npos; at = p.find(arg, at + 1)) {
    const RE2 prefix(p.substr(0, at + arg.size()), options());
    if (prefix.error_code() == re.error_code()) return at;
  }
  return first == std::string_view::npos ? 0 : first;
}

size_t error_offset(std::string_view p, const RE2& re) {
  switch (re.error_code()) {
    case RE2::ErrorMissingParen:
      return paren_offset(p, true);
    case RE2::ErrorUnexpectedParen:
      return paren_offset(p, false);
    case RE2::ErrorTrailingBackslash:
      return p.empty() ? 0 : p.size() - 1;
    case RE2::ErrorBadUTF8:
      return invalid_utf8_offset(p);
    default:
      return fragment_offset(p, re);
  }
}

}  // namespace

std::optional<Regex> Regex::compile(std::string_view pattern, Error& error) {
  auto re = std::make_shared<const RE2>(pattern, options());
  if (!re->ok()) {
    error = Error{describe(*re), error_offset(pattern, *re)};
    return std::nullopt;
  }
  return Regex(std::move(re));
}

Regex::Regex(std::shared_ptr<const re2::RE2> re) : re_(std::move(re)) {
  max_subject_ = kMaxWork / static_cast<size_t>(std::max(1, re_->ProgramSize()));
}

bool Regex::search(std::string_view subject) const {
  return subject.size() <= max_subject_ && RE2::PartialMatch(subject, *re_);
}

int Regex::program_size() const {
  return re_->ProgramSize();
}

// A value can hold a needle only if it holds the needle's first kWindow bytes, compared with
// bit 0x20 set in every byte (ASCII letters then compare without case; bytes equal before are
// equal after). Two bits per needle of a hash of those bytes, in a table of kBits, reject most
// values without running the set: RE2::Set::Match cost about 130 ns on a 30-byte employer
// that held no needle, the windows a few ns each. Off when a needle is shorter than kWindow.
struct NeedleSet::Prefilter {
  static constexpr size_t kWindow = 8;
  static constexpr int kBits = 12;  // 4096 bits: about 0.1 % of windows pass for 60 needles
  bool on = false;
  uint64_t bits[(1u << kBits) / 64] = {};

  static uint64_t hash(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, kWindow);
    return (w | 0x2020202020202020ull) * 0x9e3779b97f4a7c15ull;
  }
  static uint64_t bit(uint64_t h, int which) {
    return (h >> (64 - kBits * (which + 1))) & ((1u << kBits) - 1);
  }
  bool has(uint64_t b) const { return (bits[b >> 6] >> (b & 63)) & 1; }
  void add(const std::string& needle) {
    const uint64_t h = hash(needle.data());
    for (int i = 0; i < 2; ++i) bits[bit(h, i) >> 6] |= uint64_t{1} << (bit(h, i) & 63);
  }
  bool may_hold(std::string_view value) const {
    if (!on) return true;
    for (size_t i = 0; i + kWindow <= value.size(); ++i) {
      const uint64_t h = hash(value.data() + i);
      if (has(bit(h, 0)) && has(bit(h, 1))) return true;
    }
    return false;
  }
};

struct NeedleSet::Impl {
  explicit Impl(const RE2::Options& o) : set(o, RE2::UNANCHORED) {}
  RE2::Set set;
  int size = 0;
  Prefilter prefilter;
};

std::optional<NeedleSet> NeedleSet::build(const std::vector<Needle>& needles) {
  RE2::Options o = options();
  o.set_max_mem(kMaxMemory);
  auto impl = std::make_shared<Impl>(o);
  for (const Needle& n : needles) {
    std::string pattern = RE2::QuoteMeta(n.text);
    if (n.mode == Mode::kIContains) pattern = "(?i:" + pattern + ")";
    if (n.mode == Mode::kStartsWith) pattern = "^" + pattern;
    if (n.mode == Mode::kEndsWith) pattern += "$";
    if (impl->set.Add(pattern, nullptr) < 0) return std::nullopt;
  }
  if (!impl->set.Compile()) return std::nullopt;
  impl->size = static_cast<int>(needles.size());
  impl->prefilter.on = std::all_of(needles.begin(), needles.end(), [](const Needle& n) {
    return n.text.size() >= Prefilter::kWindow;
  });
  for (const Needle& n : needles) {
    if (impl->prefilter.on) impl->prefilter.add(n.text);
  }
  return NeedleSet(std::move(impl));
}

void NeedleSet::find(std::string_view value, std::vector<int>& out) const {
  if (!impl_->prefilter.may_hold(value)) return;
  thread_local std::vector<int> found;
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  if (impl_->set.Match(value, &found, &info)) {
    out.insert(out.end(), found.begin(), found.end());
  } else if (info.kind != RE2::Set::kNoError) {
    for (int i = 0; i < impl_->size; ++i) out.push_back(i);  // unknown: report all
  }
}

}  // namespace bw::rules
