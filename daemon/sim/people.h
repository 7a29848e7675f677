// Fictitious travellers, their documents and vehicles, for the crossing generator.
//
// Everything is drawn from a caller-supplied Rng, so the same Rng state gives the same person.
// Dates are days since 1970-01-01 (util/time.h). Pure functions of their inputs; thread-safe
// as long as each thread has its own Rng.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "json/value.h"
#include "sim/rng.h"

namespace bw::sim {

struct Document {
  std::string type;     // passport, border_pass
  std::string number;   // as printed: AA1234567 (THA passport), N01234567 (KHM passport)...
  std::string country;  // issuing state, ICAO 3-letter
  int64_t issued_days = 0;
  int64_t expiry_days = 0;
};

struct Person {
  std::string nationality;  // ICAO 3-letter
  std::string surname;
  std::string given_names;  // empty for mononymous names (Myanmar): all of it is in surname
  char sex = 'M';
  int64_t birth_days = 0;
  bool birth_year_only = false;  // some Cambodian records know only the year
  std::string id_number;         // Thai citizens: 13-digit national id with a valid check digit
  std::string province;          // residence
  std::string district;
  bool border_resident = false;  // lives in a border district (may hold a border pass)
  Document document;
};

struct PersonSpec {
  std::string nationality = "KHM";
  int min_age = 18;  // inclusive, whole years on `today`
  int max_age = 70;
  char sex = 0;              // 'M', 'F' or 0 for either
  std::string surname;       // "" = draw one; families pass the parent's
  int border_resident = -1;  // 1 yes, 0 no, -1 draw by nationality
};

// A person aged exactly between min_age and max_age on `today_days`, with a document valid on
// that day (issued at least 60 days before, expiring at least 30 days after).
Person make_person(Rng& rng, const PersonSpec& spec, int64_t today_days);

// A document of `type` for `nationality`, valid on `today_days` as above.
Document make_document(Rng& rng, std::string_view nationality, std::string_view type,
                       int64_t today_days, bool minor);
std::string document_number(Rng& rng, std::string_view nationality, std::string_view type);

// Every number format is an enumeration: document_at(nat, type, i) for i < document_space()
// gives distinct numbers, so a generator can hand out unique ones by serial (see permute).
uint64_t document_space(std::string_view nationality, std::string_view type);
std::string document_at(std::string_view nationality, std::string_view type, uint64_t index);

// A bijection on [0, size): the serial-th element of a salted shuffle (an affine map with a
// multiplier coprime to size). Unique outputs without remembering the ones handed out.
uint64_t permute(uint64_t serial, uint64_t size, uint64_t salt);

// 13 digits whose last is the Thai check digit (mod 11 over weights 13..2).
std::string thai_id_number(Rng& rng, int birth_year);
bool valid_thai_id(std::string_view id);

// The `traveller` object of schema v1.
json::Value traveller_json(const Person& person);

struct Vehicle {
  std::string plate;     // THA: "1กข 1234" (UTF-8), trucks "70-1234"; KHM: "2A-1234"
  std::string province;  // plate province, romanised
  std::string country;   // ICAO 3-letter
  std::string type;      // car, pickup, van, truck, motorcycle
};

Vehicle make_vehicle(Rng& rng, std::string_view country, std::string_view type);
std::string thai_plate(Rng& rng, std::string_view type);
std::string khmer_plate(Rng& rng);
// Plates as an enumeration, like documents: plate_at(country, type, i) for i < plate_space().
uint64_t plate_space(std::string_view country, std::string_view type);
std::string plate_at(std::string_view country, std::string_view type, uint64_t index);
json::Value vehicle_json(const Vehicle& vehicle);

// "YYYY-MM-DD" for days since the epoch.
std::string format_date(int64_t days);

}  // namespace bw::sim
