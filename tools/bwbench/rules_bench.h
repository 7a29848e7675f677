// bwbench rules: rule evaluation throughput with 10, 100 and 1,000 rules on one event stream.
//
// The events come from the crossing generator (sim/crossing_generator.h), decoded and
// validated before any clock starts; each rule set is compiled, then evaluated over the whole
// stream, on one thread, as the daemon's ingest loop does, until the pass takes at least
// --seconds. The rule sets are generated (generate_rules) as an operator's set grows: ten
// basic checks every site has (watchlists, passport formats, goods and cash limits, a minor
// leaving alone, opening hours), then mostly look-outs for particular documents, people,
// plates and phones, and goods and cash thresholds, watched employers, officer and checkpoint
// monitoring, traveller profiles. Smaller sets are prefixes of larger ones, so the 10-rule
// set is the basic checks and the ratio shows what growing the set costs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event/event.h"

namespace bw::bench {

struct RulesOptions {
  size_t events = 20'000;  // distinct events in the stream
  double seconds = 1.0;    // minimum measuring time per rule count
  std::vector<size_t> counts = {10, 100, 1000};
  uint64_t seed = 1;
  double inject_rate = 0.01;  // listed documents and plates, bulk SIM cards, cash, ...
  std::string config_path = "config/borderwatch.yaml";
  std::string save_rules;  // directory to write the generated rule files to ("" = don't)
};

// Values seen in the event stream, so that some look-outs match travellers who do cross.
struct RuleCorpus {
  std::vector<std::string> documents, id_numbers, plates, phones, officers, employers;
  std::vector<std::string> checkpoints;  // sorted
  struct Person {
    std::string surname, given_names, birth_date;
  };
  std::vector<Person> people;
};
RuleCorpus corpus_of(const std::vector<event::Event>& events);

// One rule file (YAML) of `count` rules, deterministic for a seed; the first k rules are the
// same for every count >= k. Starts with the `outbound` macro.
std::string generate_rules(size_t count, uint64_t seed, const RuleCorpus& corpus);

}  // namespace bw::bench
