#include "sim/people.h"

#include <cstdio>
#include <numeric>

#include "sim/name_pools.h"
#include "util/time.h"

namespace bw::sim {

namespace {

constexpr int kDaysPerYear = 365;

int year_of(int64_t days) {
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  return y;
}

// A birth date making the person exactly `age` on `today_days`.
int64_t birth_for_age(Rng& rng, int age, int64_t today_days) {
  int ty = 0, tm = 0, td = 0;
  civil_from_days(today_days, ty, tm, td);
  const int m = static_cast<int>(rng.between(1, 12));
  const int d = static_cast<int>(rng.between(1, 28));  // no Feb 29: every year has it
  const bool had_birthday = m < tm || (m == tm && d <= td);
  return days_from_civil(ty - age - (had_birthday ? 0 : 1), m, d);
}

int validity_years(Rng& rng, std::string_view nationality, std::string_view type, bool minor) {
  if (type == "border_pass") return nationality == "THA" ? 2 : 1;
  if (minor) return 5;
  if (nationality == "LAO" || nationality == "MMR") return 5;
  // Thailand issued 5-year passports only until 10-year ones came in: both are in use.
  if (nationality == "THA") return rng.chance(0.5) ? 5 : 10;
  return 10;
}

pools::Place pick_place(Rng& rng, std::span<const pools::Place> places) {
  return places[rng.below(places.size())];
}

std::string_view draw_document_type(Rng& rng, const Person& p) {
  const bool may_use_pass = p.border_resident && (p.nationality == "THA" || p.nationality == "KHM");
  return may_use_pass && rng.chance(0.7) ? "border_pass" : "passport";
}

void draw_residence(Rng& rng, Person& p) {
  pools::Place place;
  if (p.nationality == "THA") {
    place = pick_place(
        rng, p.border_resident ? pools::thai_border_places() : pools::thai_inland_places());
  } else if (p.nationality == "KHM") {
    place = pick_place(
        rng, p.border_resident ? pools::khmer_border_places() : pools::khmer_inland_places());
  } else {
    place = pools::foreign_place(p.nationality, rng.below(3));
  }
  p.province = place.province;
  p.district = place.district;
}

// Formats: a fixed prefix (or letters drawn from the index) and a zero-padded serial.
struct NumberFormat {
  const char* prefix;
  int letters;  // leading letters taken from the index (first A-D for Thai passports)
  int digits;
};

NumberFormat number_format(std::string_view nationality, std::string_view type) {
  // Border passes are province-coded: Chanthaburi (22) on the Thai side. The Cambodian ones
  // (Battambang 02, Pailin 24) have two prefixes: see document_at.
  if (type == "border_pass") return {"TBP22", 0, 6};
  if (nationality == "THA") return {"", 2, 7};  // AA1234567: series letters, then 7 digits
  if (nationality == "KHM") return {"N", 0, 8};
  if (nationality == "VNM") return {"C", 0, 7};
  if (nationality == "CHN") return {"E", 0, 8};
  if (nationality == "LAO") return {"P", 0, 7};
  if (nationality == "MMR") return {"MC", 0, 6};
  return {"X", 0, 8};
}

uint64_t pow10(int n) {
  uint64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

std::string padded(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

}  // namespace

std::string format_date(int64_t days) {
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

uint64_t document_space(std::string_view nationality, std::string_view type) {
  const NumberFormat f = number_format(nationality, type);
  if (type == "border_pass" && nationality != "THA") return 2 * pow10(6);
  return (f.letters == 2 ? 4 * 26 : 1) * pow10(f.digits);
}

std::string document_at(std::string_view nationality, std::string_view type, uint64_t index) {
  const NumberFormat f = number_format(nationality, type);
  if (type == "border_pass" && nationality != "THA") {
    return std::string(index % 2 == 0 ? "KBP02" : "KBP24") + padded(index / 2 % pow10(6), 6);
  }
  std::string out = f.prefix;
  if (f.letters == 2) {
    const uint64_t series = index / pow10(f.digits);
    out.push_back(static_cast<char>('A' + series / 26 % 4));
    out.push_back(static_cast<char>('A' + series % 26));
  }
  return out + padded(index % pow10(f.digits), f.digits);
}

std::string document_number(Rng& rng, std::string_view nationality, std::string_view type) {
  return document_at(nationality, type, rng.below(document_space(nationality, type)));
}

uint64_t permute(uint64_t serial, uint64_t size, uint64_t salt) {
  static constexpr uint64_t kMultipliers[] = {2'147'483'647, 1'000'000'007, 998'244'353,
                                              15'485'863};
  uint64_t a = 1;
  for (uint64_t m : kMultipliers) {
    if (std::gcd(m, size) == 1) {
      a = m;
      break;
    }
  }
  const auto x = static_cast<unsigned __int128>(serial % size) * a + salt % size;
  return static_cast<uint64_t>(x % size);
}

Document make_document(Rng& rng, std::string_view nationality, std::string_view type,
                       int64_t today_days, bool minor) {
  Document doc;
  doc.type = type;
  doc.country = nationality;
  doc.number = document_number(rng, nationality, type);
  const int years = validity_years(rng, nationality, type, minor);
  const int64_t validity = years * kDaysPerYear + years / 4;
  doc.issued_days = today_days - rng.between(60, validity - 30);
  doc.expiry_days = doc.issued_days + validity;
  return doc;
}

std::string thai_id_number(Rng& rng, int birth_year) {
  // First digit: 1 for people registered at birth since 1984, 3 for residents before that.
  std::string id(1, birth_year >= 1984 ? '1' : '3');
  id += "22";  // Chanthaburi's province code: most Thai crossers here are registered nearby
  id += rng.digits(9);
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (id[i] - '0') * (13 - i);
  id.push_back(static_cast<char>('0' + (11 - sum % 11) % 10));
  return id;
}

bool valid_thai_id(std::string_view id) {
  if (id.size() != 13) return false;
  int sum = 0;
  for (int i = 0; i < 13; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    if (i < 12) sum += (id[i] - '0') * (13 - i);
  }
  return id[12] - '0' == (11 - sum % 11) % 10;
}

Person make_person(Rng& rng, const PersonSpec& spec, int64_t today_days) {
  Person p;
  p.nationality = spec.nationality;
  p.sex = spec.sex != 0 ? spec.sex : (rng.chance(0.55) ? 'M' : 'F');
  const auto& names = pools::names_for(p.nationality);
  const auto& given = p.sex == 'M' ? names.male_given : names.female_given;
  if (names.surnames.empty()) {
    p.surname = given[rng.below(given.size())];
  } else {
    p.surname = !spec.surname.empty()
                    ? spec.surname
                    : std::string(names.surnames[rng.below(names.surnames.size())]);
    p.given_names = given[rng.below(given.size())];
  }
  const int age = static_cast<int>(rng.between(spec.min_age, spec.max_age));
  p.birth_days = birth_for_age(rng, age, today_days);
  p.birth_year_only = p.nationality == "KHM" && age >= 18 && rng.chance(0.03);
  const double resident_share = p.nationality == "THA" ? 0.4 : p.nationality == "KHM" ? 0.55 : 0;
  p.border_resident =
      spec.border_resident >= 0 ? spec.border_resident == 1 : rng.chance(resident_share);
  draw_residence(rng, p);
  if (p.nationality == "THA") p.id_number = thai_id_number(rng, year_of(p.birth_days));
  p.document = make_document(rng, p.nationality, draw_document_type(rng, p), today_days, age < 18);
  return p;
}

json::Value traveller_json(const Person& p) {
  json::Value doc;
  doc.set("type", p.document.type);
  doc.set("number", p.document.number);
  doc.set("country", p.document.country);
  doc.set("expiry", format_date(p.document.expiry_days));
  doc.set("issued", format_date(p.document.issued_days));
  json::Value t;
  t.set("document", std::move(doc));
  t.set("surname", p.surname);
  if (!p.given_names.empty()) t.set("given_names", p.given_names);
  t.set("birth_date",
        p.birth_year_only ? format_date(p.birth_days).substr(0, 4) : format_date(p.birth_days));
  t.set("sex", std::string(1, p.sex));
  t.set("nationality", p.nationality);
  if (!p.id_number.empty()) t.set("id_number", p.id_number);
  json::Value residence;
  residence.set("province", p.province);
  residence.set("district", p.district);
  t.set("residence", std::move(residence));
  return t;
}

namespace {

const uint64_t kThaiLetters = pools::thai_plate_letters().size();

std::string thai_letter(uint64_t i) {
  return std::string(pools::thai_plate_letters()[i]);
}

}  // namespace

uint64_t plate_space(std::string_view country, std::string_view type) {
  if (country != "THA") return 3 * 26 * 10'000;  // 1A-0000 .. 3Z-9999
  if (type == "truck") return 30 * 10'000;       // 70-0000 .. 99-9999
  if (type == "motorcycle") return kThaiLetters * kThaiLetters * kThaiLetters * 999;
  return 10 * kThaiLetters * kThaiLetters * 9999;  // [1-9]กข 1..9999
}

std::string plate_at(std::string_view country, std::string_view type, uint64_t index) {
  if (country != "THA") {
    const uint64_t series = index / 10'000;
    return std::to_string(series / 26 % 3 + 1) + static_cast<char>('A' + series % 26) + "-" +
           padded(index % 10'000, 4);
  }
  // Trucks carry the numeric commercial series (70-99); motorcycles three letters.
  if (type == "truck")
    return std::to_string(70 + index / 10'000 % 30) + "-" + padded(index % 10'000, 4);
  if (type == "motorcycle") {
    const uint64_t l = index / 999;
    return thai_letter(l / (kThaiLetters * kThaiLetters) % kThaiLetters) +
           thai_letter(l / kThaiLetters % kThaiLetters) + thai_letter(l % kThaiLetters) + " " +
           std::to_string(index % 999 + 1);
  }
  const uint64_t l = index / 9999;
  const uint64_t prefix = l / (kThaiLetters * kThaiLetters) % 10;
  return (prefix == 0 ? std::string() : std::to_string(prefix)) +
         thai_letter(l / kThaiLetters % kThaiLetters) + thai_letter(l % kThaiLetters) + " " +
         std::to_string(index % 9999 + 1);
}

std::string thai_plate(Rng& rng, std::string_view type) {
  return plate_at("THA", type, rng.below(plate_space("THA", type)));
}

std::string khmer_plate(Rng& rng) {
  return plate_at("KHM", "", rng.below(plate_space("KHM", "")));
}

Vehicle make_vehicle(Rng& rng, std::string_view country, std::string_view type) {
  Vehicle v;
  v.country = country;
  v.type = type;
  if (country == "THA") {
    v.plate = thai_plate(rng, type);
    const auto provinces = pools::thai_plate_provinces();
    v.province = provinces[rng.below(provinces.size())];
  } else {
    v.plate = khmer_plate(rng);
    const auto provinces = pools::khmer_plate_provinces();
    v.province = provinces[rng.below(provinces.size())];
  }
  return v;
}

json::Value vehicle_json(const Vehicle& v) {
  json::Value out;
  out.set("plate", v.plate);
  out.set("province", v.province);
  out.set("country", v.country);
  out.set("type", v.type);
  return out;
}

}  // namespace bw::sim
