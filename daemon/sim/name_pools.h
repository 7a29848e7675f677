// Reference data the crossing generator draws from: romanised names by nationality, places of
// residence, employers, vehicle data. Static, immutable, thread-safe to read.
//
// Names are common romanisations (Thai RTGS-like spellings, Khmer as printed on Cambodian
// passports, Vietnamese without diacritics). They are picked independently, so a generated
// person is fictitious even when the combination happens to exist.
#pragma once

#include <span>
#include <string_view>

namespace bw::sim::pools {

using Pool = std::span<const std::string_view>;

struct NamePools {
  Pool surnames;  // empty: the nationality has no family names (Myanmar)
  Pool male_given;
  Pool female_given;
};

// ICAO nationality code -> name pools. THA, KHM, VNM, CHN, LAO, MMR; anything else gets KHM.
const NamePools& names_for(std::string_view nationality);

// A place of residence: province and a district of it.
struct Place {
  std::string_view province;
  std::string_view district;
};
// Thai districts next to the Chanthaburi border (border-pass holders live here).
std::span<const Place> thai_border_places();
// Elsewhere in Thailand, near and far from the border.
std::span<const Place> thai_inland_places();
// Cambodian districts next to the border (Battambang, Pailin).
std::span<const Place> khmer_border_places();
// Elsewhere in Cambodia.
std::span<const Place> khmer_inland_places();
// Home towns of third-country nationals, by nationality (falls back to Phnom Penh).
Place foreign_place(std::string_view nationality, size_t index);

Pool thai_employers();        // Chanthaburi orchards, packers, factories
Pool thai_plate_letters();    // Thai consonants used on plates (UTF-8)
Pool thai_plate_provinces();  // provinces whose plates are common at these crossings
Pool khmer_plate_provinces();

}  // namespace bw::sim::pools
