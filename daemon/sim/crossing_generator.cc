// The generator's clock, checkpoints, injection schedule and JSON assembly. Who crosses and
// with what is in crossing_traffic.cc.
#include "sim/crossing_generator.h"

#include <cmath>

#include "json/writer.h"
#include "watchlist/normalize.h"

namespace bw::sim {

namespace {

constexpr int64_t kUsPerMinute = 60'000'000;
constexpr int64_t kMsPerDay = 86'400'000;
constexpr int kMinutesPerDay = 24 * 60;
constexpr size_t kMaxPendingReturns = 50'000;  // bounds memory at high simulated rates
constexpr double kReturnShare = 0.6;           // day crossers who come back the same day

struct KindName {
  Injection kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {Injection::kNone, "none"},
    {Injection::kStolenDocument, "stolen_document"},
    {Injection::kWatchedPlate, "watched_plate"},
    {Injection::kBulkSimCards, "bulk_sim_cards"},
    {Injection::kUndeclaredCash, "undeclared_cash"},
    {Injection::kExpiredDocument, "expired_document"},
    {Injection::kMinorAlone, "minor_alone"},
};

// Relative traffic: Ban Laem has the province's largest border market; the trade points are
// small. Checkpoints the simulator does not know get a weight by type.
double traffic_weight(const config::Checkpoint& c) {
  if (c.id == "BAN_LAEM") return 45;
  if (c.id == "BAN_PHAKKAD") return 25;
  if (c.id == "SUAN_SOM" || c.id == "SAP_TARI" || c.id == "BUENG_CHANANG") return 10;
  return c.type == config::CheckpointType::kPermanent ? 20 : 8;
}

// BAN_LAEM -> BL: the prefix of officer ids at that checkpoint.
std::string abbreviate(std::string_view id) {
  std::string out;
  bool word_start = true;
  for (char c : id) {
    if (c == '_' || c == '-') {
      word_start = true;
    } else if (word_start) {
      out.push_back(c);
      word_start = false;
    }
  }
  return out.empty() ? "CP" : out;
}

bool needs_list(Injection kind) {
  return kind == Injection::kStolenDocument || kind == Injection::kWatchedPlate;
}

}  // namespace

const char* to_string(Injection kind) {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

bool parse_injection(std::string_view name, Injection& out) {
  for (const auto& k : kKindNames) {
    if (k.kind != Injection::kNone && name == k.name) {
      out = k.kind;
      return true;
    }
  }
  return false;
}

Result<CrossingGenerator> CrossingGenerator::create(const config::Config& config,
                                                    GeneratorOptions options) {
  CrossingGenerator g;
  g.options_ = std::move(options);
  if (auto s = g.init(config); !s) return s.error();
  return g;
}

Status CrossingGenerator::init(const config::Config& config) {
  auto& o = options_;
  if (!(o.events_per_second_simulated > 0) || !std::isfinite(o.events_per_second_simulated)) {
    return Error{"generator: events_per_second_simulated must be a positive number"};
  }
  if (!(o.inject_rate >= 0 && o.inject_rate <= 1)) {
    return Error{"generator: inject_rate must be between 0 and 1"};
  }
  if (o.inject_count > 0 && o.inject_within < o.inject_count) {
    return Error{"generator: inject_within (" + std::to_string(o.inject_within) +
                 ") must be at least inject_count (" + std::to_string(o.inject_count) + ")"};
  }
  if (o.inject_kinds.empty()) {
    if (!o.stolen_documents.empty()) o.inject_kinds.push_back(Injection::kStolenDocument);
    if (!o.watched_plates.empty()) o.inject_kinds.push_back(Injection::kWatchedPlate);
    for (auto k : {Injection::kBulkSimCards, Injection::kUndeclaredCash,
                   Injection::kExpiredDocument, Injection::kMinorAlone}) {
      o.inject_kinds.push_back(k);
    }
  }
  for (auto k : o.inject_kinds) {
    if (k == Injection::kNone) return Error{"generator: \"none\" is not an injection kind"};
    const auto& list = k == Injection::kStolenDocument ? o.stolen_documents : o.watched_plates;
    if (needs_list(k) && list.empty()) {
      return Error{std::string("generator: cannot inject ") + to_string(k) + ": its list is empty"};
    }
  }
  for (const auto& d : o.stolen_documents) {
    listed_documents_.insert(watchlist::normalise_document_number(d));
  }
  for (const auto& p : o.watched_plates) listed_plates_.insert(watchlist::normalise_plate(p));

  offset_minutes_ = config.timezone_offset_minutes;
  for (const auto& c : config.checkpoints) {
    Site s{c.id,  abbreviate(c.id), c.type == config::CheckpointType::kPermanent,
           false, c.hours,          traffic_weight(c)};
    if (o.follow_status) {
      if (c.status == config::CheckpointStatus::kClosed) s.weight = 0;
      s.restricted = c.status == config::CheckpointStatus::kRestricted;
    }
    sites_.push_back(std::move(s));
  }
  bool any = false;
  for (const auto& s : sites_) any = any || s.weight > 0;
  if (!any) return Error{"generator: no configured checkpoint is open, so nobody can cross"};

  if (o.id_prefix.empty()) o.id_prefix = "sim" + std::to_string(o.seed);
  rng_ = Rng(o.seed);
  inject_rng_ = Rng(o.seed ^ 0x6a09e667f3bcc909ull);
  rng_salt_ = Rng(o.seed ^ 0xbb67ae8584caa73bull).next();
  clock_us_ = o.start * 1000;
  return ok_status();
}

int CrossingGenerator::local_minute() const {
  const int64_t local_ms = clock_us_ / 1000 + offset_minutes_ * int64_t{60'000};
  const int64_t minute = floor_div(local_ms, 60'000);
  return static_cast<int>(minute - floor_div(minute, kMinutesPerDay) * kMinutesPerDay);
}

int64_t CrossingGenerator::local_day() const {
  return floor_div(clock_us_ / 1000 + offset_minutes_ * int64_t{60'000}, kMsPerDay);
}

bool CrossingGenerator::site_open(size_t site) const {
  const Site& s = sites_[site];
  return s.weight > 0 && (!options_.follow_opening_hours || s.hours.contains(local_minute()));
}

std::vector<size_t> CrossingGenerator::open_sites() const {
  std::vector<size_t> open;
  for (size_t i = 0; i < sites_.size(); ++i) {
    if (site_open(i)) open.push_back(i);
  }
  return open;
}

void CrossingGenerator::advance_clock() {
  const double mean_us = 1e6 / options_.events_per_second_simulated;
  clock_us_ += static_cast<int64_t>(rng_.exponential(mean_us));
  if (!open_sites().empty()) return;
  // Everything is closed: nobody crosses until the next checkpoint opens.
  const int64_t minute_start = floor_div(clock_us_, kUsPerMinute) * kUsPerMinute;
  for (int i = 1; i <= kMinutesPerDay; ++i) {
    clock_us_ = minute_start + i * kUsPerMinute;
    if (!open_sites().empty()) {
      clock_us_ += static_cast<int64_t>(rng_.below(kUsPerMinute));
      return;
    }
  }
}

bool CrossingGenerator::should_inject() {
  const auto& o = options_;
  if (o.inject_count > 0) {
    // Selection sampling: exactly inject_count of the first inject_within events.
    if (stats_.events >= o.inject_within) return false;
    const uint64_t needed = o.inject_count - stats_.injected;
    const uint64_t left = o.inject_within - stats_.events;
    return inject_rng_.below(left) < needed;
  }
  return o.inject_rate > 0 && inject_rng_.chance(o.inject_rate);
}

CrossingGenerator::Crossing CrossingGenerator::next_crossing() {
  last_injection_ = Injection::kNone;
  if (should_inject()) {
    const auto& kinds = options_.inject_kinds;
    last_injection_ = kinds[stats_.injected % kinds.size()];
    return injected_crossing(last_injection_);
  }
  while (!party_queue_.empty()) {
    Crossing c = std::move(party_queue_.front());
    party_queue_.pop_front();
    if (site_open(c.site)) return c;
    // The checkpoint closed while the group queued: the rest of it crosses another day.
    party_queue_.clear();
  }
  if (auto r = take_due_return()) return std::move(*r);
  return fresh_crossing();
}

std::optional<CrossingGenerator::Crossing> CrossingGenerator::take_due_return() {
  while (!returns_.empty() && returns_.top().due_us <= clock_us_) {
    Crossing c = returns_.top().crossing;
    returns_.pop();
    if (!site_open(c.site)) continue;  // missed closing time: stays over, not simulated
    ++stats_.returns;
    return c;
  }
  return std::nullopt;
}

void CrossingGenerator::maybe_schedule_return(const Crossing& c) {
  const Site& site = sites_[c.site];
  if (!c.may_return || site.restricted || returns_.size() >= kMaxPendingReturns) return;
  if (!rng_.chance(kReturnShare)) return;
  int64_t latest_us = 9 * 60 * kUsPerMinute;
  const auto& h = site.hours;
  if (options_.follow_opening_hours && h.open_minute != h.close_minute) {
    const int to_close = (h.close_minute - local_minute() + kMinutesPerDay) % kMinutesPerDay;
    latest_us = std::min<int64_t>(latest_us, (to_close - 10) * kUsPerMinute);
  }
  const int64_t earliest_us = 30 * kUsPerMinute;
  if (latest_us < earliest_us + 10 * kUsPerMinute) return;
  Return r{clock_us_ + rng_.between(earliest_us, latest_us), return_order_++, c};
  Crossing& back = r.crossing;
  back.exit = !c.exit;
  back.may_return = false;
  back.purpose = c.purpose == "trade" ? "trade" : "return";
  back.goods.clear();
  back.cash.clear();
  assign_post(back);
  add_goods(back);
  add_cash(back);
  returns_.push(std::move(r));
}

json::Value CrossingGenerator::to_json(const Crossing& c) {
  std::string seq = std::to_string(++sequence_);
  if (seq.size() < 9) seq.insert(0, 9 - seq.size(), '0');
  last_event_id_ = options_.id_prefix + "-" + seq;
  json::Value v;
  v.set("event_id", last_event_id_);
  v.set("checkpoint", sites_[c.site].id);
  v.set("time", format_rfc3339(clock_us_ / 1000, offset_minutes_));
  v.set("direction", c.exit ? "exit" : "entry");
  v.set("lane", c.lane);
  v.set("officer", c.officer);
  v.set("traveller", traveller_json(c.person));
  if (c.vehicle) v.set("vehicle", vehicle_json(*c.vehicle));
  if (!c.party_id.empty()) {
    v.set("party_id", c.party_id);
    v.set("party_size", c.party_size);
  }
  v.set("purpose", c.purpose);
  if (!c.employer.empty()) v.set("employer", c.employer);
  if (!c.contact_phone.empty()) v.set("contact_phone", c.contact_phone);
  if (!c.goods.empty()) v.set("goods", c.goods);
  if (!c.cash.empty()) v.set("cash", c.cash);
  return v;
}

json::Value CrossingGenerator::next() {
  advance_clock();
  Crossing c = next_crossing();
  json::Value v = to_json(c);
  if (last_was_injected()) {
    ++stats_.injected;
    ++stats_.by_kind[static_cast<size_t>(last_injection_)];
  } else {
    maybe_schedule_return(c);
  }
  ++stats_.events;
  return v;
}

std::string CrossingGenerator::next_json() {
  return json::to_string(next());
}

}  // namespace bw::sim
