#include "watchlist/thai_romanise.h"

#include <vector>

namespace bw::watchlist {

namespace {

struct Consonant {
  const char* initial;
  const char* final;
};
// U+0E01 (ko kai) .. U+0E2E (ho nokhuk): RTGS initial and final sounds.
constexpr Consonant kConsonants[] = {
    {"k", "k"},  {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"kh", "k"}, {"ng", "ng"},
    {"ch", "t"}, {"ch", "t"}, {"ch", "t"}, {"s", "t"},  {"ch", "t"}, {"y", "n"},  {"d", "t"},
    {"t", "t"},  {"th", "t"}, {"th", "t"}, {"th", "t"}, {"n", "n"},  {"d", "t"},  {"t", "t"},
    {"th", "t"}, {"th", "t"}, {"th", "t"}, {"n", "n"},  {"b", "p"},  {"p", "p"},  {"ph", "p"},
    {"f", "p"},  {"ph", "p"}, {"f", "p"},  {"ph", "p"}, {"m", "m"},  {"y", "i"},  {"r", "n"},
    {"rue", ""}, {"l", "n"},  {"lue", ""}, {"w", "w"},  {"s", "t"},  {"s", "t"},  {"s", "t"},
    {"h", ""},   {"l", "n"},  {"", "o"},   {"h", ""},
};
constexpr char32_t kKoKai = 0x0E01, kHoNokhuk = 0x0E2E, kOAng = 0x0E2D, kRoRua = 0x0E23,
                   kLoLing = 0x0E25, kWoWaen = 0x0E27, kYoYak = 0x0E22, kHoHip = 0x0E2B,
                   kSaraA = 0x0E30, kMaiHanAkat = 0x0E31, kSaraAa = 0x0E32, kSaraAm = 0x0E33,
                   kSaraI = 0x0E34, kSaraIi = 0x0E35, kSaraUee = 0x0E37, kSaraUu = 0x0E39,
                   kSaraE = 0x0E40, kSaraAi = 0x0E44, kThanthakhat = 0x0E4C;

bool consonant(char32_t c) {
  return c >= kKoKai && c <= kHoNokhuk;
}
bool following_vowel(char32_t c) {
  return c >= kSaraA && c <= kSaraUu;
}
bool leading_vowel(char32_t c) {
  return c >= kSaraE && c <= kSaraAi;
}
const Consonant& of(char32_t c) {
  return kConsonants[c - kKoKai];
}

const char* vowel_sound(char32_t c) {
  switch (c) {
    case kSaraA:
    case kMaiHanAkat:
    case kSaraAa:
      return "a";
    case kSaraAm:
      return "am";
    case kSaraI:
    case kSaraIi:
      return "i";
    case 0x0E36:
    case kSaraUee:
      return "ue";
    default:
      return "u";  // sara u, sara uu
  }
}

const char* leading_sound(char32_t c) {
  static constexpr const char* kSounds[] = {"e", "ae", "o", "ai", "ai"};
  return kSounds[c - kSaraE];
}

// Letters, without tone marks, and without the letters the silencer ์ mutes (with the vowel
// marks written on them: ดิ์ in สวัสดิ์).
std::vector<char32_t> audible(std::u32string_view in) {
  std::vector<char32_t> out;
  for (char32_t c : in) {
    if (c == kThanthakhat) {
      while (!out.empty() && following_vowel(out.back())) out.pop_back();
      if (!out.empty() && consonant(out.back())) out.pop_back();
    } else if (consonant(c) || following_vowel(c) || leading_vowel(c)) {
      out.push_back(c);
    }
  }
  return out;
}

bool cluster(char32_t initial, char32_t second) {
  const std::u32string_view liquids_after = U"กขคตปพผบทศส";
  if (second == kRoRua || second == kLoLing)
    return liquids_after.find(initial) != std::u32string_view::npos;
  return second == kWoWaen && (initial == kKoKai || initial == 0x0E02 || initial == 0x0E04);
}

}  // namespace

std::string romanise_thai(std::u32string_view thai) {
  const std::vector<char32_t> s = audible(thai);
  const auto at = [&](size_t i) -> char32_t { return i < s.size() ? s[i] : 0; };
  std::string out;
  bool closed_before = false;  // the previous syllable ended in a final consonant
  size_t i = 0;
  while (i < s.size()) {
    std::string vowel = leading_vowel(at(i)) ? leading_sound(s[i++]) : "";
    if (!consonant(at(i))) {
      ++i;
      continue;
    }
    char32_t initial = s[i++];
    // ห before a sonorant only sets the tone: หญิง, หมอ.
    if (initial == kHoHip && consonant(at(i)) &&
        std::u32string_view(U"งญนมยรลว").find(at(i)) != std::u32string_view::npos) {
      initial = s[i++];
    }
    const bool lone_at_end = i >= s.size() && vowel.empty();
    if (lone_at_end && closed_before) break;  // a trailing silent letter: จันทร์
    std::string onset = of(initial).initial;
    if (consonant(at(i)) && following_vowel(at(i + 1)) && cluster(initial, at(i))) {
      onset += of(s[i++]).initial;
    }
    bool explicit_vowel = !vowel.empty();
    if (following_vowel(at(i))) {
      std::string marks;
      while (following_vowel(at(i))) marks += vowel_sound(s[i++]);
      if (marks == "a" && at(i) == kWoWaen && !following_vowel(at(i + 1))) {
        marks = "ua";  // ตัว: mai han akat with wo waen
        ++i;
      }
      vowel = vowel == "e" && marks == "i" && at(i) == kYoYak ? "ia" : vowel + marks;
      if (vowel == "ia") ++i;
      explicit_vowel = true;
    } else if (at(i) == kOAng && initial != kOAng) {
      vowel += "o";  // ทอง: o ang carries the vowel
      ++i;
      explicit_vowel = true;
    }
    std::string coda;
    if (consonant(at(i)) && !following_vowel(at(i + 1))) {
      coda = of(s[i++]).final;
      if (!explicit_vowel) vowel = "o";  // สม: closed, unwritten o
    } else if (!explicit_vowel) {
      vowel = "a";  // มณี: open, unwritten a
    }
    if (initial == kOAng && onset.empty() && vowel.empty()) vowel = "o";
    out += onset + vowel + coda;
    closed_before = !coda.empty();
  }
  return out;
}

}  // namespace bw::watchlist
