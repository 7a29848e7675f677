#include "watchlist/name_fold.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "watchlist/thai_romanise.h"

namespace bw::watchlist {

namespace {

// One transliterator per thread: ICU transliterators are not safe to share, and building one
// takes milliseconds, so it is built once per thread on first use.
const icu::Transliterator* to_latin() {
  thread_local std::unique_ptr<icu::Transliterator> tr = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  return tr.get();
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Thai runs go through romanise_thai (ICU's letter-by-letter Thai-Latin misses unwritten
// vowels, silent letters and final sounds); the rest is left for ICU.
icu::UnicodeString romanise_thai_runs(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  std::u32string run;
  const auto flush = [&] {
    if (run.empty()) return;
    const std::string latin = romanise_thai(run);
    out.append(icu::UnicodeString::fromUTF8(latin));
    run.clear();
  };
  for (int32_t i = 0; i < in.length();) {
    const UChar32 c = in.char32At(i);
    if (is_thai(static_cast<char32_t>(c))) {
      run.push_back(static_cast<char32_t>(c));
    } else {
      flush();
      out.append(c);
    }
    i += U16_LENGTH(c);
  }
  flush();
  return out;
}

std::string lower_ascii(std::string out) {
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ASCII and Thai letters only (well-formed UTF-8), the script of most non-Latin names at the
// checkpoint: romanised without ICU, whose conversions to and from UTF-16 would cost most of the
// query's folding. The same string as romanise_thai_runs then lower case. False, with `out`
// unspecified, for anything else.
bool romanise_ascii_thai(std::string_view raw, std::string& out) {
  std::u32string run;
  const auto flush = [&] {
    if (run.empty()) return;
    out += romanise_thai(run);
    run.clear();
  };
  for (size_t i = 0; i < raw.size();) {
    const auto b0 = static_cast<unsigned char>(raw[i]);
    if (b0 < 0x80) {
      flush();
      out.push_back(raw[i]);
      ++i;
      continue;
    }
    // U+0E00..U+0E7F is E0 B8 80..BF and E0 B9 80..BF.
    if (raw.size() - i < 3) return false;
    const auto b1 = static_cast<unsigned char>(raw[i + 1]);
    const auto b2 = static_cast<unsigned char>(raw[i + 2]);
    if (b0 != 0xE0 || (b1 != 0xB8 && b1 != 0xB9) || (b2 & 0xC0) != 0x80) return false;
    run.push_back(static_cast<char32_t>(0x0E00 + ((b1 & 1) << 6) + (b2 & 0x3F)));
    i += 3;
  }
  flush();
  out = lower_ascii(std::move(out));
  return true;
}

std::string to_lower_ascii(std::string_view raw) {
  if (is_ascii(raw)) return lower_ascii(std::string(raw));
  if (std::string out; romanise_ascii_thai(raw, out)) return out;
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  u = romanise_thai_runs(u);
  std::string out;
  u.toUTF8String(out);
  // A Thai name is ASCII once its Thai runs are romanised: ICU would only lower-case it. The
  // transliterator is built only when needed: building it takes milliseconds, which a
  // thread's first Thai query would otherwise pay.
  if (is_ascii(out)) return lower_ascii(std::move(out));
  const icu::Transliterator* tr = to_latin();
  if (tr == nullptr) return {};
  out.clear();
  tr->transliterate(u);
  u.toUTF8String(out);
  return out;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<std::string> latin_tokens(std::string_view raw) {
  const std::string lower = to_lower_ascii(raw);
  std::vector<std::string> out;
  std::string cur;
  for (char c : lower) {
    if (c == '\'') continue;  // O'Neil, Ma'an: one token
    if (is_alnum(c)) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string fold_token(std::string_view t) {
  std::string s;
  s.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const char n = i + 1 < t.size() ? t[i + 1] : '\0';
    if (n == 'h' && (c == 'p' || c == 't' || c == 'k' || c == 'c')) {
      s.push_back(c);  // ph/p, th/t, kh/k, ch/c: aspirates are not written consistently
      ++i;
    } else if ((c == 'o' && (n == 'u' || n == 'o')) || (c == 'e' && n == 'e')) {
      s.push_back(c == 'o' ? 'u' : 'i');
      ++i;
    } else if (c == 'j') {
      s.push_back('c');
    } else if (c == 'v') {
      s.push_back('w');
    } else if (c == 'y') {
      s.push_back('i');
    } else {
      s.push_back(c);
    }
  }
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (out.empty() || out.back() != c) out.push_back(c);  // Sokk, Channa: doubled letters
  }
  if (out.size() > 2 && out.back() == 'h') out.pop_back();  // Sokh, Srisukh: final h
  // Chear/Chea, Porn/Phon: a final r after a vowel, or before a final n, is not pronounced.
  const auto vowel = [](char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  };
  if (out.size() > 3 && out.back() == 'r' && vowel(out[out.size() - 2])) out.pop_back();
  if (out.size() > 3 && out.back() == 'n' && out[out.size() - 2] == 'r')
    out.erase(out.size() - 2, 1);
  return out;
}

std::vector<std::string> name_tokens(std::string_view raw) {
  std::vector<std::string> out;
  for (const auto& t : latin_tokens(raw)) {
    std::string f = fold_token(t);
    if (!f.empty()) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace bw::watchlist
