// What a name hit needs besides the name: how many namesakes a list of this size holds for a
// name (from its tokens' rarity weights), how likely a traveller's birth date agrees with one of
// them by chance, and the birth dates a candidate may have at all.
//
// A name match is evidence in proportion to how few people share the name. The rarity weight of
// a token is 1 - ln(df) / ln(N) (person_list.h), so a name whose tokens weigh W in all is shared,
// tokens independent, by about N^(1 - W) entries: "Nguyen Van Anh" by hundreds, a three-syllable
// Thai surname by nobody. Each namesake whose birth date (and sex) happens to agree is a false
// hit, so the name must be the rarer the weaker the agreement: with the same full birth date and
// sex a name may have a few dozen namesakes, a year-only agreement needs a name rarer than one
// entry, and without a birth date on both sides the name alone must be rare enough that a thousand
// lists would not hold a namesake. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "watchlist/person.h"

namespace bw::watchlist {

// How far the birth dates corroborate a name (see birth_adjustment in name_score.h).
enum class DateEvidence {
  kNone,     // unknown on either side: nothing to corroborate
  kYear,     // the same year, or agreeing parts of partial dates
  kFuzzy,    // full dates one year off, or day and month swapped
  kExact,    // the same full date
  kDiffers,  // disagrees: the birth adjustment already rules a hit out
};
DateEvidence date_evidence(PartialDate q, PartialDate e);

// Probability that a namesake agrees this well by chance: its birth date (57 birth years and
// 336 days in a year as the generator and a real population spread them, rounded up) and, when
// `sex_agrees` (known on both sides and the same), its sex (one namesake in two; a namesake of
// the other sex cannot hit, see kSexDiffers).
double chance_agreement(DateEvidence ev, bool sex_agrees = false);

// Factor in (0, 1] on the name similarity of an entry whose name tokens weigh `name_weight`
// in all (already scaled by the similarity), in a list of `list_size` entries: 1 while the
// expected chance hits (namesakes x chance agreement) stay below kTolerableChanceHits, then
// kCostPerDecade less for every tenfold more, floored at 0.5. Every traveller is screened, so
// the chance hits a name may cause are the false hits it adds per crossing: the budget
// is one false hit per 1,000 unlisted crossings, and a name alone must stay within it.
inline constexpr double kTolerableChanceHits = 0.001;
inline constexpr double kCostPerDecade = 0.2;
// `listed_namesakes`: other entries listing exactly this name; it replaces the estimate when
// larger, because the tokens of common names are not independent (Nguyen goes with Van).
double corroboration_factor(double name_weight, size_t list_size, DateEvidence ev,
                            size_t listed_namesakes = 0, bool sex_agrees = false);

// What the candidate filter knows of an entry (or a traveller) without reading the entry: 20
// bytes, so rejecting a candidate costs no cache miss on its strings.
struct Brief {
  PartialDate birth;
  char sex = 0;              // 'M', 'F' or 0
  uint32_t nationality = 0;  // three upper-case letters packed, 0 when not an ICAO code
  float log_namesakes = 0;   // ln(expected namesakes) of the entry's rarest name
  // Where the entry's scoring record starts (ScoringRecords::offset; 0 for a traveller): a
  // candidate that passes the filter reaches its record without reading the table of offsets,
  // a cache miss of its own.
  uint32_t record = 0;
};
uint32_t nationality_code(const std::string& nationality);
// ln of the expected namesakes of a name whose tokens weigh `name_weight` in all, or of
// `listed_namesakes` when larger (see corroboration_factor).
double log_namesakes(double name_weight, size_t list_size, size_t listed_namesakes = 0);

// False when no name, however similar, can lift `entry` to `threshold` for `traveller`: the
// attributes (birth_adjustment, nationality, sex as in attribute_adjustment) and the
// corroboration factor of its rarest name bound its score. Ignores documents.
bool may_hit(const Brief& traveller, const Brief& entry, double threshold);

// The largest Brief::log_namesakes with which an entry whose birth date is unknown can pass
// may_hit at `threshold`, for any traveller (infinity when every such entry can): the posting
// lists order these entries by rarity and stop reading them there.
double max_log_namesakes_undated(double threshold);

// corroboration_factor from ln(expected namesakes) directly.
double corroboration_factor_log(double log_namesakes, DateEvidence ev, bool sex_agrees = false);

// Posting key of an entry: birth date then entry index, so postings sort by date and a query
// reads only the date ranges that could still reach a hit.
uint64_t date_key(PartialDate birth, uint32_t entry);

// [lo, hi) key ranges of the birth dates an entry may have and still be a hit for a traveller
// born `q` while a differing birth date rules a hit out: unknown, agreeing partial dates, the
// same date, day and month swapped, the same day one year off. Everything when q is unknown.
std::vector<std::pair<uint64_t, uint64_t>> compatible_dates(PartialDate q);

}  // namespace bw::watchlist
