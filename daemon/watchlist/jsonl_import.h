// JSON Lines watchlist import: one JSON object per line, blank lines ignored.
//   documents: {"number": "AA1234567", "country": "THA", "type": "passport", "reason": "..."}
//   vehicles:  {"plate": "1กข 4821", "province": "Chanthaburi", "reason": "..."}
//   persons:   see person_json.h
// The kind is taken from the first good line; a line of another kind is a problem. Every bad
// line is reported with its line number and what is wrong; the caller decides whether the good
// ones may be imported without them. Pure function of its input; thread-safe.
#pragma once

#include <string_view>

#include "util/result.h"
#include "watchlist/csv_import.h"

namespace bw::watchlist {

// Error when the file as a whole is unusable (empty, or no line is of any kind).
Result<ImportResult> parse_jsonl(std::string_view text, size_t max_entries = 5'000'000);

}  // namespace bw::watchlist
