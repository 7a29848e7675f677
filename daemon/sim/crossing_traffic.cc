// Who crosses, in which direction, why, and with what. The shares are rough readings of the
// shared reference on the Chanthaburi border (day traders and farm workers from Battambang
// and Pailin, Thai traders, casino visitors to Pailin, border-pass holders), not statistics.
#include "sim/crossing_generator.h"

#include "sim/name_pools.h"
#include "util/hash.h"
#include "watchlist/normalize.h"

namespace bw::sim {

namespace {

constexpr double kPartyShare = 0.12;  // fresh crossings that start a group

struct Weighted {
  const char* value;
  double weight;
};

template <size_t N>
std::string draw(Rng& rng, const Weighted (&items)[N]) {
  std::vector<double> w;
  for (const auto& i : items) w.push_back(i.weight);
  return items[rng.weighted(w)].value;
}

json::Value goods_item(std::string_view category, int64_t count) {
  json::Value g;
  g.set("category", category);
  g.set("count", count);
  return g;
}

json::Value cash_item(std::string_view currency, int64_t amount, bool declared) {
  json::Value c;
  c.set("currency", currency);
  c.set("amount", amount);
  c.set("declared", declared);
  return c;
}

bool day_trip(std::string_view purpose) {
  return purpose == "trade" || purpose == "work" || purpose == "family" || purpose == "tourism" ||
         purpose == "casino";
}

}  // namespace

Person CrossingGenerator::person(const PersonSpec& spec) {
  Person p = make_person(rng_, spec, local_day());
  unique_document(p.document);
  return p;
}

uint64_t CrossingGenerator::next_serial(const std::string& format, uint64_t space) {
  const uint64_t serial = serials_[format]++;
  return permute(serial, space, rng_salt_ ^ fnv1a64(format));
}

// Unique numbers by serial, skipping listed ones: natural traffic never presents a listed
// document, and two generated people never share one.
void CrossingGenerator::unique_document(Document& doc) {
  const std::string format = doc.country + "/" + doc.type;
  const uint64_t space = document_space(doc.country, doc.type);
  do {
    doc.number = document_at(doc.country, doc.type, next_serial(format, space));
  } while (listed_documents_.count(watchlist::normalise_document_number(doc.number)) != 0);
}

void CrossingGenerator::unique_plate(Vehicle& v) {
  // Cars, pickups and vans share the Thai private-vehicle series.
  const std::string kind = v.country != "THA"                            ? std::string()
                           : v.type == "truck" || v.type == "motorcycle" ? v.type
                                                                         : "car";
  const std::string format = v.country + "/" + kind;
  const uint64_t space = plate_space(v.country, kind);
  do {
    v.plate = plate_at(v.country, kind, next_serial(format, space));
  } while (listed_plates_.count(watchlist::normalise_plate(v.plate)) != 0);
}

std::string CrossingGenerator::phone() {
  static constexpr const char* kMobilePrefixes[] = {"6", "8", "9"};
  return std::string("+66") + rng_.pick(kMobilePrefixes) + rng_.digits(8);
}

size_t CrossingGenerator::pick_site(const std::vector<size_t>& open) {
  std::vector<double> w;
  for (size_t i : open) w.push_back(sites_[i].weight);
  return open[rng_.weighted(w)];
}

std::string CrossingGenerator::pick_nationality(size_t site, bool exit) {
  if (sites_[site].restricted) return exit ? "KHM" : "THA";
  // Temporary trade points serve Thai and Cambodian border traffic only.
  static constexpr Weighted kLocal[] = {{"KHM", 65}, {"THA", 35}};
  if (!sites_[site].permanent) return draw(rng_, kLocal);
  static constexpr Weighted kMix[] = {{"KHM", 62},  {"THA", 33}, {"VNM", 1.5},
                                      {"CHN", 1.5}, {"LAO", 1},  {"MMR", 1}};
  return draw(rng_, kMix);
}

bool CrossingGenerator::pick_exit(size_t site, std::string_view nationality) {
  if (sites_[site].restricted) return nationality != "THA";
  // Mornings: Cambodians come in to trade and work, Thais go out; afternoons the reverse.
  const bool morning = local_minute() < 12 * 60;
  double p_exit = 0.5;
  if (nationality == "KHM") p_exit = morning ? 0.3 : 0.7;
  if (nationality == "THA") p_exit = morning ? 0.7 : 0.3;
  return rng_.chance(p_exit);
}

std::string CrossingGenerator::pick_purpose(size_t site, bool exit, std::string_view nat) {
  const double trade = sites_[site].permanent ? 1.0 : 2.0;             // trade points are for trade
  const double casino = sites_[site].id == "BAN_PHAKKAD" ? 2.0 : 1.0;  // Pailin's casinos
  if (nat == "KHM" && exit) {
    const Weighted w[] = {{"return", 50}, {"trade", 40 * trade}, {"family", 10}};
    return draw(rng_, w);
  }
  if (nat == "KHM") {
    const Weighted w[] = {{"trade", 50 * trade}, {"work", 28}, {"family", 12}, {"tourism", 10}};
    return draw(rng_, w);
  }
  if (nat == "THA" && exit) {
    const Weighted w[] = {{"trade", 35 * trade},
                          {"tourism", 20},
                          {"casino", 15 * casino},
                          {"family", 10},
                          {"work", 10}};
    return draw(rng_, w);
  }
  if (nat == "THA") {
    const Weighted w[] = {{"return", 60}, {"trade", 30 * trade}, {"family", 10}};
    return draw(rng_, w);
  }
  const Weighted w[] = {{"tourism", 50}, {"transit", 30}, {"trade", 20}};
  return draw(rng_, w);
}

void CrossingGenerator::assign_post(Crossing& c) {
  const Site& s = sites_[c.site];
  c.lane = "L" + std::to_string(rng_.between(1, s.permanent ? 6 : 2));
  c.officer = s.abbrev + "-" + std::to_string(101 + rng_.below(8));
}

void CrossingGenerator::add_goods(Crossing& c) {
  if (c.purpose == "trade") {
    // Farm produce comes into Thailand; consumer goods go out to Cambodian markets.
    static constexpr Weighted kIn[] = {
        {"fruit", 40}, {"vegetables", 25}, {"clothing", 15}, {"gems", 5}, {"cassava", 15}};
    static constexpr Weighted kOut[] = {{"consumer_goods", 40},
                                        {"clothing", 25},
                                        {"fruit", 20},
                                        {"electronics", 10},
                                        {"construction_materials", 5}};
    const int items = static_cast<int>(rng_.between(1, 3));
    for (int i = 0; i < items; ++i) {
      const std::string cat = c.exit ? draw(rng_, kOut) : draw(rng_, kIn);
      const int64_t count = cat == "electronics" ? rng_.between(1, 8)
                            : cat == "gems"      ? rng_.between(1, 40)
                                                 : rng_.between(5, 400);
      c.goods.push_back(goods_item(cat, count));
    }
    return;
  }
  if (c.purpose == "work" || !rng_.chance(0.15)) return;
  static constexpr Weighted kPersonal[] = {
      {"clothing", 40}, {"consumer_goods", 30}, {"phone", 20}, {"sim_card", 10}};
  const std::string cat = draw(rng_, kPersonal);
  const int64_t count = cat == "phone"      ? rng_.between(1, 2)
                        : cat == "sim_card" ? rng_.between(1, 3)
                                            : rng_.between(1, 20);
  c.goods.push_back(goods_item(cat, count));
}

void CrossingGenerator::add_cash(Crossing& c) {
  const bool trader = c.purpose == "trade";
  if (!rng_.chance(trader ? 0.25 : 0.08)) return;
  if (trader && rng_.chance(0.01)) {
    // A declared large sum: lawful, and a realistic near miss for the cash rules.
    c.cash.push_back(cash_item("USD", rng_.between(20'500, 60'000), true));
    return;
  }
  const auto& nat = c.person.nationality;
  if (nat == "THA") {
    c.cash.push_back(cash_item("THB", rng_.between(500, trader ? 150'000 : 30'000), false));
  } else if (nat == "KHM") {
    const int which = static_cast<int>(rng_.below(3));
    if (which == 0) c.cash.push_back(cash_item("THB", rng_.between(200, 40'000), false));
    if (which == 1) c.cash.push_back(cash_item("KHR", rng_.between(10, 400) * 1000, false));
    if (which == 2)
      c.cash.push_back(cash_item("USD", rng_.between(50, trader ? 8'000 : 2'000), false));
  } else {
    c.cash.push_back(cash_item("USD", rng_.between(100, 4'000), false));
  }
}

void CrossingGenerator::maybe_add_vehicle(Crossing& c) {
  const auto& nat = c.person.nationality;
  if (nat != "THA" && nat != "KHM") return;
  const auto& p = c.purpose;
  std::string type;
  if (p == "trade" && rng_.chance(0.35)) type = rng_.chance(0.6) ? "pickup" : "truck";
  if (nat == "THA" && (p == "tourism" || p == "casino" || p == "family") && rng_.chance(0.3)) {
    type = "car";
  }
  if (nat == "KHM" && p != "trade" && rng_.chance(0.12)) type = "motorcycle";
  if (type.empty()) return;
  Vehicle v = make_vehicle(rng_, nat, type);
  unique_plate(v);
  c.vehicle = std::move(v);
}

CrossingGenerator::Crossing CrossingGenerator::solo_crossing(size_t site, bool exit,
                                                             std::string nationality) {
  Crossing c;
  c.site = site;
  c.exit = exit;
  c.person = person({.nationality = std::move(nationality)});
  c.purpose = pick_purpose(site, exit, c.person.nationality);
  assign_post(c);
  if (c.purpose == "work" && c.person.nationality == "KHM") {
    const auto employers = pools::thai_employers();
    c.employer = employers[rng_.below(employers.size())];
    c.contact_phone = phone();
  }
  maybe_add_vehicle(c);
  add_goods(c);
  add_cash(c);
  const auto& nat = c.person.nationality;
  c.may_return = day_trip(c.purpose) && (nat == "THA" || nat == "KHM");
  return c;
}

CrossingGenerator::Crossing CrossingGenerator::fresh_crossing() {
  const size_t site = pick_site(open_sites());
  if (!sites_[site].restricted && rng_.chance(kPartyShare)) return start_party(site);
  bool exit = rng_.chance(0.5);  // used only where the checkpoint decides nationality
  std::string nat = pick_nationality(site, exit);
  if (!sites_[site].restricted) exit = pick_exit(site, nat);
  return solo_crossing(site, exit, std::move(nat));
}

CrossingGenerator::Crossing CrossingGenerator::start_party(size_t site) {
  static constexpr Weighted kKinds[] = {{"family", 50}, {"work", 35}, {"traders", 15}};
  const std::string kind = draw(rng_, kKinds);
  const std::string nat = kind == "work" ? "KHM" : (rng_.chance(0.5) ? "THA" : "KHM");
  const bool exit = pick_exit(site, nat);
  const int size = static_cast<int>(kind == "family" ? rng_.between(2, 5)
                                    : kind == "work" ? rng_.between(4, 12)
                                                     : rng_.between(2, 3));
  Crossing base;
  base.site = site;
  base.exit = exit;
  base.party_id = options_.id_prefix + "-P" + std::to_string(++party_sequence_);
  base.party_size = size;
  assign_post(base);
  std::string vehicle_type;
  if (kind == "family") {
    base.purpose = rng_.chance(0.6) ? "family" : "tourism";
    if (rng_.chance(nat == "THA" ? 0.6 : 0.3)) vehicle_type = rng_.chance(0.7) ? "car" : "van";
  } else if (kind == "work") {
    base.purpose = exit ? "return" : "work";
    const auto employers = pools::thai_employers();
    base.employer = employers[rng_.below(employers.size())];
    base.contact_phone = phone();
    if (rng_.chance(0.5)) vehicle_type = rng_.chance(0.6) ? "van" : "pickup";
  } else {
    base.purpose = "trade";
    vehicle_type = rng_.chance(0.5) ? "truck" : "pickup";
  }
  if (!vehicle_type.empty()) {
    // Work groups ride in the Thai employer's vehicle; everyone else in their own.
    Vehicle v = make_vehicle(rng_, kind == "work" ? "THA" : nat, vehicle_type);
    unique_plate(v);
    base.vehicle = std::move(v);
  }
  const Person lead = person({.nationality = nat,
                              .min_age = kind == "work" ? 18 : 25,
                              .max_age = kind == "work" ? 35 : 55,
                              .sex = kind == "family" ? 'M' : char{0}});
  for (int i = 0; i < size; ++i) {
    Crossing c = base;
    if (i == 0) {
      c.person = lead;
    } else if (kind == "family") {
      // A second parent, then children; all share the lead's surname and home.
      const bool parent = i == 1 && rng_.chance(0.6);
      c.person = person({.nationality = nat,
                         .min_age = parent ? 22 : 1,
                         .max_age = parent ? 55 : 17,
                         .sex = parent ? 'F' : char{0},
                         .surname = lead.surname,
                         .border_resident = lead.border_resident});
      c.person.province = lead.province;
      c.person.district = lead.district;
    } else {
      c.person = person({.nationality = nat,
                         .min_age = kind == "work" ? 18 : 25,
                         .max_age = kind == "work" ? 35 : 60});
    }
    if (kind == "traders" && i == 0) add_goods(c);  // the driver declares the load
    party_queue_.push_back(std::move(c));
  }
  ++stats_.parties;
  Crossing first = std::move(party_queue_.front());
  party_queue_.pop_front();
  return first;
}

CrossingGenerator::Crossing CrossingGenerator::injected_crossing(Injection kind) {
  const size_t site = pick_site(open_sites());
  const bool restricted = sites_[site].restricted;
  bool exit = kind == Injection::kMinorAlone ? true : rng_.chance(0.5);
  std::string nat = pick_nationality(site, exit);
  if (!restricted && kind != Injection::kMinorAlone) exit = pick_exit(site, nat);
  Crossing c = solo_crossing(site, exit, nat);
  c.may_return = false;
  switch (kind) {
    case Injection::kStolenDocument:
      c.person.document.number = rng_.pick(options_.stolen_documents);
      break;
    case Injection::kWatchedPlate:
      if (!c.vehicle) c.vehicle = make_vehicle(rng_, nat == "KHM" ? "KHM" : "THA", "pickup");
      c.vehicle->plate = rng_.pick(options_.watched_plates);
      break;
    case Injection::kBulkSimCards:
      c.goods = json::Array{goods_item("sim_card", rng_.between(25, 3000))};
      if (rng_.chance(0.5)) c.goods.push_back(goods_item("phone", rng_.between(5, 60)));
      if (rng_.chance(0.2)) c.goods.push_back(goods_item("sim_box", rng_.between(1, 4)));
      break;
    case Injection::kUndeclaredCash:
      c.cash = json::Array{cash_item("USD", rng_.between(20'500, 95'000), false)};
      break;
    case Injection::kExpiredDocument: {
      // At least two days back, so it is expired whichever day (local or UTC) a rule uses.
      auto& doc = c.person.document;
      const int64_t validity = doc.expiry_days - doc.issued_days;
      doc.expiry_days = local_day() - rng_.between(2, 400);
      doc.issued_days = doc.expiry_days - validity;
      break;
    }
    case Injection::kMinorAlone:
      c.person = person({.nationality = nat, .min_age = 12, .max_age = 16});
      c.purpose = rng_.chance(0.5) ? "family" : "tourism";
      c.vehicle.reset();
      c.employer.clear();
      c.contact_phone.clear();
      c.goods.clear();
      c.cash.clear();
      break;
    case Injection::kNone:
      break;
  }
  return c;
}

}  // namespace bw::sim
