// What the watchlist import fuzzers check after a parse: every problem formats, document and
// vehicle lists find every imported row by the number as written, and person lists screen
// their own names with scores in [0, 1], best first. Any violation traps.
#pragma once

#include <algorithm>
#include <utility>

#include "watchlist/csv_import.h"
#include "watchlist/person_list.h"
#include "watchlist/watchlist.h"

namespace bw::fuzz {

inline void check_persons(std::vector<watchlist::PersonEntry> persons) {
  watchlist::PersonList list(std::move(persons));
  const size_t probes = std::min<size_t>(list.size(), 16);  // screening all would be O(n²)
  for (size_t i = 0; i < probes; ++i) {
    const auto& e = list.entries()[i];
    if (e.names.empty()) continue;
    watchlist::PersonQuery q{e.names.front(), e.birth, e.nationality, e.sex, {}};
    const auto hits = list.screen(q, 0.0);
    for (size_t h = 0; h < hits.size(); ++h) {
      if (!(hits[h].score >= 0.0 && hits[h].score <= 1.0)) __builtin_trap();
      if (h > 0 && hits[h].score > hits[h - 1].score) __builtin_trap();
    }
  }
}

inline void check_import(watchlist::ImportResult& parsed) {
  for (const auto& p : parsed.problems) (void)p.to_string();
  if (parsed.kind == watchlist::Kind::kPersons) {
    check_persons(std::move(parsed.persons));
    return;
  }
  const auto entries = parsed.entries;
  watchlist::Watchlist list("fuzz", parsed.kind, std::move(parsed.entries));
  if (list.size() != entries.size()) __builtin_trap();
  for (const auto& e : entries) {
    const auto* found = list.lookup(e.display);
    if (e.key.empty() || found == nullptr || found->line != e.line) __builtin_trap();
  }
}

}  // namespace bw::fuzz
