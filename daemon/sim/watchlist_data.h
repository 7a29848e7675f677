// Watchlists for simulations: generated lists (benchmarks, tests) and the values of a list
// file an operator already has (bwsim --inject-documents / --inject-plates).
// Pure functions apart from load_list_values (reads a file); thread-safe; never throw.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "watchlist/watchlist.h"

namespace bw::sim {

struct ListedDocument {
  std::string number;
  std::string country;  // ICAO 3-letter
  std::string type;     // passport, border_pass
};

// `count` distinct (after normalisation) document numbers in the formats the generator uses:
// Cambodian and Thai passports mostly, some border passes and third-country passports.
std::vector<ListedDocument> make_listed_documents(uint64_t seed, size_t count);
// A documents watchlist CSV (header number,country,type,reason) for WatchlistService.
std::string documents_csv(const std::vector<ListedDocument>& docs, std::string_view reason);
std::vector<std::string> document_numbers(const std::vector<ListedDocument>& docs);

struct ListedVehicle {
  std::string plate;
  std::string province;
};
// `count` distinct plates, Thai (UTF-8) and Cambodian.
std::vector<ListedVehicle> make_listed_plates(uint64_t seed, size_t count);
// A vehicles watchlist CSV (header plate,province,reason).
std::string plates_csv(const std::vector<ListedVehicle>& plates, std::string_view reason);
std::vector<std::string> plate_values(const std::vector<ListedVehicle>& plates);

// The listed values (document numbers or plates, as written in the file) of a watchlist CSV
// file. Error when the file cannot be read, is not a watchlist of kind `expected`, has bad
// rows, or lists nothing.
Result<std::vector<std::string>> load_list_values(const std::string& path,
                                                  watchlist::Kind expected);

}  // namespace bw::sim
