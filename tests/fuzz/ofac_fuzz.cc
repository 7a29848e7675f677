// OFAC sdnList XML import (bwctl watchlist import FILE.xml): parse, then use the list.
#include <cstdint>
#include <string_view>

#include "import_check.h"
#include "watchlist/ofac_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bw::watchlist::OfacStats stats;
  auto parsed = bw::watchlist::parse_ofac_xml({reinterpret_cast<const char*>(data), size}, &stats);
  if (parsed) bw::fuzz::check_import(*parsed);
  return 0;
}
