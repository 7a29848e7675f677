// Thai script to Latin the way Thai names are romanised (RTGS-like), for name folding.
//
// ICU's Thai-Latin transliterates letter by letter: it writes no unwritten vowel (สม "sm" for
// Som), keeps silent letters (วงศ์ "wngs" for Wong) and gives final consonants their initial
// sound (บุญ "buy" for Boon, พร "phr" for Porn), so script-changed names did not meet their
// romanised forms. This reads syllables instead: an optional leading vowel, an initial (with ร
// or ล as cluster), vowel marks, a final; an initial without a vowel is closed with the unwritten
// "o" when the next letter ends the syllable and opened with "a" when it starts the next one;
// letters under the silencer ์ are dropped; finals take their final sound (k, t, p, n, m, ng).
// Output is lower-case ASCII. No dictionary: names whose syllables the rules split wrongly
// come out a letter or two off and rely on fuzzy matching. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace bw::watchlist {

// True for code points in the Thai block (U+0E00..U+0E7F).
inline bool is_thai(char32_t c) {
  return c >= 0x0E00 && c <= 0x0E7F;
}

// Romanises a run of Thai code points; non-Thai code points in it are skipped.
std::string romanise_thai(std::u32string_view thai);

}  // namespace bw::watchlist
