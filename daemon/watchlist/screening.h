// Screening a traveller (the event's `traveller` object) against one watchlist of any kind,
// with the breakdown officers see in an alert. Used by the rules' watchlist(list, object) form.
// Pure functions over immutable lists; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "json/value.h"
#include "watchlist/watchlist.h"

namespace bw::watchlist {

// Hits scoring below this are not reported at all (rules compare the score with their own
// threshold, which is normally higher).
inline constexpr double kMinReportedScore = 0.6;

// traveller {surname, given_names, birth_date, nationality, sex, document{number, country}}.
PersonQuery query_of(const json::Value& traveller);

struct Screening {
  double score = 0;       // best hit, 0 when none
  json::Value breakdown;  // null when no hit
};

// Persons lists: name screening. Documents lists: the traveller's document (or the object
// itself when it has a "number"). Vehicles lists: the object's "plate".
Screening screen(const Watchlist& list, const json::Value& subject);
// The same, passing over hits on entries for which `cleared(entry_key(entry))` is true (an
// officer's clearance, clearance.h): the best remaining hit is reported.
using ClearedFn = std::function<bool(std::string_view entry_key)>;
Screening screen(const Watchlist& list, const json::Value& subject, const ClearedFn& cleared);

json::Value hit_to_json(const PersonList& list, const PersonHit& hit);

}  // namespace bw::watchlist
