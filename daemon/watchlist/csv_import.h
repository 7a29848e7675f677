// CSV watchlist import. The first line is a header naming the columns, in any order:
//   documents: number (required), country, type, reason
//   vehicles:  plate (required), province, reason
//   persons:   name or names (required), id, birth_date, nationality, sex, documents,
//              reason, source; several names (aliases) or documents are separated by ';'
// The kind is taken from the header (a "number" column means documents, "plate" vehicles,
// "name"/"names" persons). A bad person field is reported as line:column.
// Quoted fields ("a, b" and "" escapes) follow RFC 4180. Every bad row is reported with its
// line number; the caller decides whether good rows may be imported without them.
// Pure function of its input; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "watchlist/person.h"
#include "watchlist/watchlist.h"

namespace bw::watchlist {

struct ImportProblem {
  size_t line = 0;
  std::string message;
  size_t column = 0;  // 1-based field of the CSV row at fault; 0 when not one field
  std::string to_string() const {
    return "line " + std::to_string(line) + (column != 0 ? ":" + std::to_string(column) : "") +
           ": " + message;
  }
};

struct ImportResult {
  Kind kind = Kind::kDocuments;
  std::vector<Entry> entries;           // good rows, normalised, duplicates folded
  std::vector<PersonEntry> persons;     // kind kPersons: the good records (entries stays empty)
  std::vector<ImportProblem> problems;  // bad rows
};

// Error when the file as a whole is unusable (empty, no recognisable header).
Result<ImportResult> parse_csv(std::string_view text, size_t max_entries = 5'000'000);

}  // namespace bw::watchlist
