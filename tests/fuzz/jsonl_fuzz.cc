// Watchlist JSON Lines import (bwctl watchlist import FILE.jsonl): parse, then use the list.
#include <cstdint>
#include <string_view>

#include "import_check.h"
#include "watchlist/jsonl_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = bw::watchlist::parse_jsonl({reinterpret_cast<const char*>(data), size});
  if (parsed) bw::fuzz::check_import(*parsed);
  return 0;
}
