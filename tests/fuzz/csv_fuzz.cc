// Watchlist CSV import (bwctl watchlist import): parse, then build the list and look every
// imported row up the way screening does.
#include <cstdint>
#include <string_view>
#include <utility>

#include "watchlist/csv_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = bw::watchlist::parse_csv({reinterpret_cast<const char*>(data), size});
  if (!parsed) return 0;
  for (const auto& p : parsed->problems) (void)p.to_string();
  const auto entries = parsed->entries;
  bw::watchlist::Watchlist list("fuzz", parsed->kind, std::move(parsed->entries));
  // Keys are normalised once on import and again on lookup: an imported row must be found
  // by the number as written, and keys must be non-empty and unique.
  if (list.size() != entries.size()) __builtin_trap();
  for (const auto& e : entries) {
    const auto* found = list.lookup(e.display);
    if (e.key.empty() || found == nullptr || found->line != e.line) __builtin_trap();
  }
  return 0;
}
