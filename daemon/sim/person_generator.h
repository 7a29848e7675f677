// Synthetic persons with the region's name structure, and mutated queries, for the watchlist
// benchmark (bwbench watchlist) and tests.
//
// Thai (given name then a long, rarely shared surname, also in Thai script), Khmer (family
// name first, few and frequent: Sok, Chea, Kim), Vietnamese (Nguyen for a third, Van/Thi
// middle names), Chinese (pinyin, given names merged or split), Lao and Myanmar (no family
// name, few distinct tokens) names, romanised. Deterministic for a seed. Not thread-safe (one
// generator per thread).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "watchlist/person.h"

namespace bw::sim {

enum class Mutation {
  kTypo,
  kTransposition,
  kRomanisation,
  kOrderSwap,
  kMergeSplit,
  kMissingMiddle,
  kThaiScript,
  kBirthSwap,
  kHardNegative,  // the same name, another person (different birth date)
  kUnlisted,      // a person not on the list
};
inline constexpr Mutation kAllMutations[] = {Mutation::kTypo,         Mutation::kTransposition,
                                             Mutation::kRomanisation, Mutation::kOrderSwap,
                                             Mutation::kMergeSplit,   Mutation::kMissingMiddle,
                                             Mutation::kThaiScript,   Mutation::kBirthSwap,
                                             Mutation::kHardNegative, Mutation::kUnlisted};
const char* to_string(Mutation m);

class PersonGenerator {
 public:
  explicit PersonGenerator(uint64_t seed) : rng_(seed) {}

  // One person; `thai_script` receives the Thai-script spelling of Thai names ("" otherwise).
  watchlist::PersonEntry person(std::string* thai_script = nullptr);

  // A query for `listed` of the given kind (kUnlisted ignores `listed`); false when the
  // mutation does not apply to this entry (no Thai spelling, no middle name, day > 12, ...).
  bool query(const watchlist::PersonEntry& listed, const std::string& thai_script, Mutation m,
             watchlist::PersonQuery& out);

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::string mutate_token(const std::string& t, Mutation m);

  std::mt19937_64 rng_;
};

}  // namespace bw::sim
