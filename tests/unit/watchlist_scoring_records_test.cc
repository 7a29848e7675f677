// The person index scores candidates from packed scoring records (scoring_records.h) and
// explains hits from the entries themselves: the records must hold exactly what was packed, and
// both paths must give the same score to the last bit, or a threshold would keep a hit whose
// breakdown says it is below it (or drop one at it).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "sim/person_generator.h"
#include "watchlist/person_list.h"
#include "watchlist/scoring_records.h"

using namespace bw::watchlist;

TEST_CASE("watchlist scoring records: names, tokens, weights and sex read back as packed") {
  ScoringRecords records;
  records.reserve(3, 3, 5, 26);
  records.begin_entry("M");
  records.begin_name(4);
  records.add_token("sok", 0.25f);
  records.add_token("chea", 0.5f);
  records.begin_name(0);
  records.add_token("chear", 1.0f);
  records.begin_entry("");  // no names at all
  records.begin_entry("F");
  records.begin_name(7);
  records.add_token("", 0.75f);
  records.add_token(std::string(70, 'x'), 0.125f);  // longer than a cache line
  records.finish();
  REQUIRE(records.size() == 3);
  CHECK(records.sex_known(0));
  CHECK(records.sex(0) == 'M');
  CHECK_FALSE(records.sex_known(1));
  CHECK(records.sex(2) == 'F');

  std::vector<WeightedToken> scratch;
  std::vector<std::string> seen;
  const auto collect = [&](uint32_t e) {
    seen.clear();
    records.for_each_name(e, scratch,
                          [&](uint32_t n, uint32_t namesakes, double weight,
                              const std::vector<WeightedToken>& tokens) {
                            std::string s = std::to_string(n) + ":" + std::to_string(namesakes) +
                                            ":" + std::to_string(weight) + ":";
                            for (const auto& t : tokens)
                              s += std::string(t.text) + "/" + std::to_string(t.weight) + " ";
                            seen.push_back(s);
                          });
    return seen;
  };
  CHECK(collect(0) == std::vector<std::string>{"0:4:0.750000:sok/0.250000 chea/0.500000 ",
                                               "1:0:1.000000:chear/1.000000 "});
  CHECK(collect(1).empty());
  CHECK(collect(2) ==
        std::vector<std::string>{"0:7:0.875000:/0.750000 " + std::string(70, 'x') + "/0.125000 "});
}

TEST_CASE("watchlist scoring records: a record read at its offset is its entry's") {
  // Candidates carry their record's offset (Brief::record) and are scored through it.
  ScoringRecords records;
  records.begin_entry("F");
  records.begin_name(2);
  records.add_token("dara", 0.5f);
  records.begin_entry("");
  records.begin_entry("M");
  records.begin_name(0);
  records.add_token("sok", 0.25f);
  records.add_token("chea", 1.0f);
  records.finish();
  std::vector<WeightedToken> scratch;
  const auto names = [&](auto&& for_each) {
    std::string s;
    for_each([&](uint32_t n, uint32_t namesakes, double weight,
                 const std::vector<WeightedToken>& tokens) {
      s += std::to_string(n) + ":" + std::to_string(namesakes) + ":" + std::to_string(weight);
      for (const auto& t : tokens) s += " " + std::string(t.text);
      s += ";";
    });
    return s;
  };
  CHECK(records.offset(0) == 0);
  for (uint32_t e = 0; e < 3; ++e) {
    const uint32_t at = records.offset(e);
    if (e > 0) CHECK(at > records.offset(e - 1));
    CHECK(records.sex_known_at(at) == records.sex_known(e));
    CHECK(records.sex_at(at) == records.sex(e));
    CHECK(names([&](auto fn) { records.for_each_name_at(at, scratch, fn); }) ==
          names([&](auto fn) { records.for_each_name(e, scratch, fn); }));
  }
  CHECK(names([&](auto fn) { records.for_each_name_at(records.offset(2), scratch, fn); }) ==
        "0:0:1.250000 sok chea;");
}

TEST_CASE("watchlist scoring records: the screening score equals the explained one exactly") {
  bw::sim::PersonGenerator gen(11);
  std::vector<PersonEntry> people;
  std::vector<std::string> thai;
  for (int i = 0; i < 800; ++i) {
    std::string t;
    people.push_back(gen.person(&t));
    people.back().id = std::to_string(i);
    if (i % 5 == 0) people.back().sex.clear();
    if (i % 7 == 0) people.back().nationality = "Cambodia";  // not a code: never compared
    if (i % 11 == 0) people.back().documents = {"N" + std::to_string(i)};
    thai.push_back(t);
  }
  const PersonList list(people);
  bw::sim::PersonGenerator qgen(12);
  size_t checked = 0;
  for (const auto m : bw::sim::kAllMutations) {
    for (size_t target = 0, queries = 0; target < people.size() && queries < 6; target += 53) {
      PersonQuery q;
      if (!qgen.query(people[target], thai[target], m, q)) continue;
      ++queries;
      if (queries % 3 == 0) q.sex.clear();
      if (queries % 4 == 0) q.document = "n" + std::to_string(target / 11 * 11);
      INFO(bw::sim::to_string(m) << ": " << q.name << " " << q.birth.to_string() << " " << q.sex);
      // The explained score of every entry; then each of the best few must be a hit at exactly
      // its score and not above it, so the screening score is neither lower nor higher.
      auto all = list.screen_exhaustive(q, 0.0);
      all.resize(std::min<size_t>(all.size(), 4));
      for (const auto& h : all) {
        if (h.score <= 0) continue;
        const auto has = [&](const std::vector<PersonHit>& hits) {
          return std::any_of(hits.begin(), hits.end(),
                             [&](const PersonHit& x) { return x.entry == h.entry; });
        };
        CHECK(has(list.screen_exhaustive(q, h.score)));
        if (h.score < 1) CHECK_FALSE(has(list.screen_exhaustive(q, std::nextafter(h.score, 2.0))));
        // The index scores its candidates through the records their postings point to: the
        // same score, or the posting leads to another entry's record.
        if (h.score >= 0.7) {
          CHECK(has(list.screen(q, h.score)));
          if (h.score < 1) CHECK_FALSE(has(list.screen(q, std::nextafter(h.score, 2.0))));
        }
        ++checked;
      }
    }
  }
  CHECK(checked > 100);
}
