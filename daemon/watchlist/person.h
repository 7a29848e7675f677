// Listed persons and the traveller data they are screened against. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bw::watchlist {

// A birth date that may be partial: year only, or year and month. year == 0 means unknown.
struct PartialDate {
  uint16_t year = 0;
  uint8_t month = 0;  // 0: unknown
  uint8_t day = 0;    // 0: unknown
  bool known() const { return year != 0; }
  std::string to_string() const;
};
// "YYYY", "YYYY-MM", "YYYY-MM-DD", and OFAC's "12 Jan 1965" / "Jan 1965". nullopt when it is
// none of these or out of range (an empty string is an unknown date, not an error).
std::optional<PartialDate> parse_partial_date(std::string_view text);

struct PersonEntry {
  std::string id;                      // as imported (OFAC uid, or the row's id column)
  std::vector<std::string> names;      // first is the primary name, then aliases; any script
  PartialDate birth;                   // the first listed birth date
  std::string nationality;             // ICAO 3-letter or as listed
  std::string sex;                     // "M", "F" or empty
  std::vector<std::string> documents;  // normalised document numbers
  std::string reason, source;
  size_t line = 0;  // position in the imported file (line, or record for XML)
};

// What is known about the traveller at the gate.
struct PersonQuery {
  std::string name;  // "SURNAME Given Names" in any order and script
  PartialDate birth;
  std::string nationality;
  std::string sex;
  std::string document;  // raw document number, may be empty
};

}  // namespace bw::watchlist
