// CrossingGenerator: deterministic, realistic schema-v1 crossing events for the configured
// checkpoints, with known cases injected at a chosen rate or exact count. Used by bwsim,
// bwbench and the integration tests.
//
// Contract:
// - Determinism: the same config checkpoints + options (seed included) give the same sequence
//   of events, byte for byte, on any platform with this code (sim/rng.h explains why).
// - Validity: every event passes bw::event::validate() against the config it was made for.
//   event_id is "<id_prefix>-<9-digit sequence>", unique across the generator's life.
// - Time: a simulated clock starts at `start` and advances by exponential gaps with mean
//   1/events_per_second_simulated. With follow_opening_hours it only emits while a checkpoint
//   is open (nights are skipped); event times never go backwards.
// - Traffic: Ban Laem busiest, then Ban Phakkad, then the temporary trade points; mostly
//   Cambodian and Thai travellers, a few Vietnamese/Chinese/Lao/Myanmar; families and work
//   groups share party_id/party_size; many day crossers return the same day on the same
//   document at the same checkpoint.
// - Identity: every generated person has a document number no other generated person has,
//   and every vehicle its own plate (unique per number format, until a format's space is
//   used up: 10^6 Thai border passes, 3x10^5 Thai truck plates, ...). A same-day return
//   shows the same person and document again.
// - Ground truth: natural events never carry a listed document or plate, more than 3 SIM
//   cards or 2 phones, a SIM box, undeclared cash over USD 20,000 (or THB 450,000), an
//   expired document or one issued within 60 days, a minor without family, or a third-country
//   national at a temporary trade point. Only injected events carry the first six of these,
//   and last_injection() says which was injected.
// - Injection: each injected event is a solo crossing of one Injection kind; kinds are taken
//   in turn from inject_kinds (round robin). With inject_count > 0 exactly that many of the
//   first inject_within events are injected (selection sampling); otherwise each event is
//   injected with probability inject_rate.
// Failure: create() returns an Error for unusable options (no open checkpoint, bad rate, a
// kind whose list is empty); nothing else fails or throws.
// Thread safety: none; a generator is used by one thread at a time. It copies what it needs
// from the config, so the config need not outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/config.h"
#include "json/value.h"
#include "sim/people.h"
#include "sim/rng.h"
#include "util/result.h"
#include "util/time.h"

namespace bw::sim {

enum class Injection {
  kNone,
  kStolenDocument,   // document number drawn from stolen_documents
  kWatchedPlate,     // vehicle plate drawn from watched_plates
  kBulkSimCards,     // goods: sim_card 25..3000 (rules look for > 20), some phones, SIM boxes
  kUndeclaredCash,   // cash: USD 20,500..95,000, declared false
  kExpiredDocument,  // document expired 1..400 days before the crossing
  kMinorAlone,       // aged 12..16, exiting, no party, no vehicle
};
inline constexpr size_t kInjectionKinds = 7;  // including kNone
const char* to_string(Injection kind);
// "stolen_document", "watched_plate", "bulk_sim_cards", "undeclared_cash", "expired_document",
// "minor_alone" -> kind; false when unknown.
bool parse_injection(std::string_view name, Injection& out);

struct GeneratorOptions {
  uint64_t seed = 1;
  EpochMs start = 0;                         // simulated UTC time of the first crossing
  double events_per_second_simulated = 0.2;  // about 17,000 a day: normal Chanthaburi traffic
  bool follow_opening_hours = true;          // emit only while some checkpoint is open
  bool follow_status = true;                 // closed: no traffic; restricted: only THA in, KHM out
  std::string id_prefix;                     // "" -> "sim<seed>"
  std::vector<std::string> stolen_documents;  // as listed; need not be normalised
  std::vector<std::string> watched_plates;
  std::vector<Injection> inject_kinds;  // empty: every kind whose data is available
  double inject_rate = 0;               // 0..1
  uint64_t inject_count = 0;            // > 0: exact count mode (inject_rate ignored)
  uint64_t inject_within = 0;           // exact mode: among the first N events (N >= count)
};

struct GeneratorStats {
  uint64_t events = 0;
  uint64_t injected = 0;
  std::array<uint64_t, kInjectionKinds> by_kind{};  // indexed by Injection
  uint64_t parties = 0;                             // groups started
  uint64_t returns = 0;                             // same-day return crossings emitted
};

class CrossingGenerator {
 public:
  static Result<CrossingGenerator> create(const config::Config& config, GeneratorOptions options);

  // The next crossing as a JSON object (schema v1).
  json::Value next();
  // The same, serialised compactly (one line, suitable for a ZeroMQ frame or JSON Lines).
  std::string next_json();

  bool last_was_injected() const { return last_injection_ != Injection::kNone; }
  Injection last_injection() const { return last_injection_; }
  const std::string& last_event_id() const { return last_event_id_; }
  EpochMs clock() const { return clock_us_ / 1000; }  // simulated time of the last event
  const GeneratorStats& stats() const { return stats_; }
  const std::vector<Injection>& inject_kinds() const { return options_.inject_kinds; }

 private:
  CrossingGenerator() = default;  // see create()

  struct Site {
    std::string id;
    std::string abbrev;  // officer ids: BAN_LAEM -> BL
    bool permanent = true;
    bool restricted = false;
    config::OpeningHours hours;
    double weight = 0;
  };
  // One crossing before it gets its id and time.
  struct Crossing {
    size_t site = 0;
    bool exit = true;
    Person person;
    std::optional<Vehicle> vehicle;
    std::string lane, officer;
    std::string party_id;
    int party_size = 0;
    std::string purpose, employer, contact_phone;
    json::Array goods, cash;
    bool may_return = false;
  };
  struct Return {
    int64_t due_us = 0;
    uint64_t order = 0;  // ties broken by scheduling order: keeps the sequence deterministic
    Crossing crossing;
    bool operator>(const Return& o) const {
      return due_us != o.due_us ? due_us > o.due_us : order > o.order;
    }
  };

  // crossing_generator.cc: clock, sites, injection, assembly.
  Status init(const config::Config& config);
  void advance_clock();
  int local_minute() const;
  int64_t local_day() const;
  bool site_open(size_t site) const;
  std::vector<size_t> open_sites() const;
  bool should_inject();
  Crossing next_crossing();
  std::optional<Crossing> take_due_return();
  void maybe_schedule_return(const Crossing& c);
  json::Value to_json(const Crossing& c);

  // crossing_traffic.cc: who crosses, with what.
  Crossing fresh_crossing();
  Crossing solo_crossing(size_t site, bool exit, std::string nationality);
  Crossing start_party(size_t site);
  Crossing injected_crossing(Injection kind);
  size_t pick_site(const std::vector<size_t>& open);
  bool pick_exit(size_t site, std::string_view nationality);
  std::string pick_nationality(size_t site, bool exit);
  std::string pick_purpose(size_t site, bool exit, std::string_view nationality);
  void assign_post(Crossing& c);
  void add_goods(Crossing& c);
  void add_cash(Crossing& c);
  void maybe_add_vehicle(Crossing& c);
  Person person(const PersonSpec& spec);
  void unique_document(Document& doc);
  void unique_plate(Vehicle& v);
  uint64_t next_serial(const std::string& format, uint64_t space);
  std::string phone();

  GeneratorOptions options_;
  int offset_minutes_ = 7 * 60;
  std::vector<Site> sites_;
  Rng rng_;                // everything about the traffic
  Rng inject_rng_;         // only the injection decisions, so they do not shift the traffic stream
  uint64_t rng_salt_ = 0;  // shuffles the serial numbering per seed
  int64_t clock_us_ = 0;
  uint64_t sequence_ = 0;
  uint64_t party_sequence_ = 0;
  uint64_t return_order_ = 0;
  std::deque<Crossing> party_queue_;
  std::priority_queue<Return, std::vector<Return>, std::greater<Return>> returns_;
  std::unordered_map<std::string, uint64_t> serials_;  // per number format: next serial
  std::unordered_set<std::string> listed_documents_;   // normalised stolen_documents
  std::unordered_set<std::string> listed_plates_;      // normalised watched_plates
  Injection last_injection_ = Injection::kNone;
  std::string last_event_id_;
  GeneratorStats stats_;
};

}  // namespace bw::sim
