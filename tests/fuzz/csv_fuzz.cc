// Watchlist CSV import (bwctl watchlist import): parse, then build the list and look every
// imported row up the way screening does (see import_check.h).
#include <cstdint>
#include <string_view>

#include "import_check.h"
#include "watchlist/csv_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = bw::watchlist::parse_csv({reinterpret_cast<const char*>(data), size});
  if (parsed) bw::fuzz::check_import(*parsed);
  return 0;
}
