// OFAC sanctions list import (the published sdnList XML format, e.g. SDN or consolidated).
//
// Only individuals (sdnType "Individual") become person entries: primary name and every
// a.k.a. as names, the first readable date of birth, the first nationality (country names of
// the region and its neighbours mapped to ICAO codes, others kept as written), passport and
// national id numbers as documents, "Gender" as sex, the programs as reason, "OFAC" as source.
// Entities, vessels and aircraft are skipped and counted. An individual without any name is a
// problem reported with the line of its <sdnEntry>. The XML is streamed (expat), so a large
// list is not held twice in memory. Pure function of its input; thread-safe.
#pragma once

#include <string_view>

#include "util/result.h"
#include "watchlist/csv_import.h"

namespace bw::watchlist {

struct OfacStats {
  size_t individuals = 0;
  size_t skipped = 0;  // entities, vessels, aircraft
};

// Error (with line:column) when the XML is not well-formed or is not an sdnList.
Result<ImportResult> parse_ofac_xml(std::string_view xml, OfacStats* stats = nullptr,
                                    size_t max_entries = 5'000'000);

}  // namespace bw::watchlist
