// Person scoring: how likely a traveller is a listed person, with the reasons.
//
// Names are compared token by token regardless of order (folded tokens, name_fold.h): each
// query token pairs with at most one entry token (or an adjacent pair of them, for merged and
// split tokens), best pairs first; a pair counts with the entry token's rarity weight, so a
// shared "Nguyen" says little and a shared rare given name says much. Missing middle names
// cost a little; single-letter initials pair with any token of that initial. Birth date,
// nationality and sex then adjust the score; a value missing on either side never counts as a
// match. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "watchlist/person.h"

namespace bw::watchlist {

// The final score is kNameWeight * name similarity + adjustments: a perfect name alone
// (0.9) is a hit at the default threshold, a name with a typo needs a birth date or
// nationality that agrees, and a birth date that differs (-0.2) outweighs any name.
inline constexpr double kDefaultThreshold = 0.88;
inline constexpr double kNameWeight = 0.9;
// Attribute adjustments (attribute_adjustment). A different sex outweighs what the same full
// birth date and nationality add (0.1): the same name, date and nationality with the other sex
// is another person far more often than a recording error, and a listed document still hits.
inline constexpr double kNationalitySame = 0.03;
inline constexpr double kNationalityDiffers = -0.05;
inline constexpr double kSexDiffers = -0.15;
// Token pairs less similar than this do not pair at all.
inline constexpr double kMinTokenSimilarity = 0.75;

// 1 - edits / longer length (optimal string alignment: substitutions, insertions, deletions,
// adjacent transpositions), in [0, 1]; an initial against a name starting with it is 0.8.
// Returns 0, cutting the computation short, once `min_sim` cannot be reached.
double token_similarity(std::string_view a, std::string_view b, double min_sim = 0);

struct WeightedToken {
  std::string_view text;  // folded
  float weight = 1;       // rarity in (0, 1]
};

struct NamePair {
  std::string query, entry;  // folded tokens; "a+b" for merged tokens
  double similarity = 0;
  double weight = 0;
};

// Order-free name similarity in [0, 1]. Fills `pairs` (when not null) with the pairing.
double name_similarity(const std::vector<WeightedToken>& query,
                       const std::vector<WeightedToken>& entry, std::vector<NamePair>* pairs);

struct Adjustment {
  std::string what;  // "birth_date exact", "nationality differs", "document listed", ...
  double delta = 0;
};

// Birth date, nationality and sex adjustments of `e` against `q`, appended to `out` (when not
// null); returns their sum. Precondition: none.
double attribute_adjustment(const PersonQuery& q, const PersonEntry& e,
                            std::vector<Adjustment>* out);

// -0.2 (differs) / +0.02 (year one off) / +0.03 (partly known, agrees) / +0.04 (day and month
// swapped) / +0.07 (same) and a label: the birth-date part of attribute_adjustment, exposed
// for the index's candidate filter (a date that cannot be compatible drops the candidate).
double birth_adjustment(PartialDate q, PartialDate e, const char** label);

}  // namespace bw::watchlist
