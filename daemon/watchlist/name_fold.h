// Name folding: turns a name as written (any script, any romanisation) into comparable tokens.
//
// Steps: Unicode to Latin ASCII through ICU (Thai letter by letter, Vietnamese accents dropped),
// lower case, split on anything that is not a letter or digit, then fold the romanisation
// variants of the region so "Chhea", "Jea" and "Chea" become one token: ph/p, th/t, kh/k,
// ch/j/c, v/w, ou/oo/u, ee/y/i, doubled letters, final h, final r (Chear, Porn).
// Thread safety: all functions are thread-safe (ICU transliterators are per thread).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bw::watchlist {

// Lower-case ASCII tokens of `raw` before romanisation folding (Thai and accented Latin are
// transliterated; scripts ICU cannot romanise, such as Khmer, yield no tokens).
std::vector<std::string> latin_tokens(std::string_view raw);

// Folds one lower-case ASCII token.
std::string fold_token(std::string_view token);

// latin_tokens then fold_token, dropping empty results.
std::vector<std::string> name_tokens(std::string_view raw);

}  // namespace bw::watchlist
