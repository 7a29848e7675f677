// Person entries as JSON objects: the JSON Lines import format and the stored form.
//
//   {"id": "P-17", "names": ["CHEA Sok", "Sok Chear", "សុខ ជា"], "birth_date": "1984-03",
//    "nationality": "KHM", "sex": "M", "documents": ["N01842273"],
//    "reason": "wanted (trafficking)", "source": "RTP"}
// "name" (one string) may stand for "names". Pure functions, thread-safe.
#pragma once

#include "json/value.h"
#include "util/result.h"
#include "watchlist/person.h"

namespace bw::watchlist {

// Error names the offending field ("birth_date: \"1984-13\" is not YYYY, YYYY-MM or
// YYYY-MM-DD"); the caller adds the position.
Result<PersonEntry> person_from_json(const json::Value& v);
json::Value person_to_json(const PersonEntry& p);

}  // namespace bw::watchlist
