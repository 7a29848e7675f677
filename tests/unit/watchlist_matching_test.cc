// Watchlist matching quality: Thai-script romanisation, the birth-date ranges the index reads,
// the corroboration a common name needs, and the index against full scoring on generated
// people for every mutation type (sim/person_generator.h), hard negatives included.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "sim/person_generator.h"
#include "watchlist/hashed_lists.h"
#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/name_score.h"
#include "watchlist/person_list.h"
#include "watchlist/thai_romanise.h"

using namespace bw::watchlist;

namespace {

std::u32string u32(const char* utf8) {
  std::u32string out;
  const auto* s = reinterpret_cast<const unsigned char*>(utf8);
  while (*s != 0) {  // Thai is three bytes a letter in UTF-8
    if (*s < 0x80) {
      out.push_back(*s++);
    } else {
      out.push_back(
          static_cast<char32_t>((s[0] & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F)));
      s += 3;
    }
  }
  return out;
}

PartialDate date(int y, int m, int d) {
  return PartialDate{static_cast<uint16_t>(y), static_cast<uint8_t>(m), static_cast<uint8_t>(d)};
}

PersonEntry entry(std::string name, PartialDate birth, const char* nat, const char* sex) {
  PersonEntry p;
  p.id = name;
  p.names = {std::move(name)};
  p.birth = birth;
  p.nationality = nat;
  p.sex = sex;
  return p;
}

PersonQuery traveller(const char* name, PartialDate birth, const char* nat, const char* sex) {
  PersonQuery q;
  q.name = name;
  q.birth = birth;
  q.nationality = nat;
  q.sex = sex;
  return q;
}

// A random token of 2..max_length letters drawn from `alphabet`, for scorer property tests.
std::string random_token(std::mt19937& rng, const std::string& alphabet, size_t max_length) {
  std::string t(std::uniform_int_distribution<size_t>(2, max_length)(rng), 'a');
  for (char& c : t)
    c = alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
  return t;
}

// A plain full-matrix optimal string alignment as the reference for the scorer's rolling-row,
// banded one: transpositions need the row before the previous one, which the rotation must keep.
size_t full_osa(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

TEST_CASE("watchlist matching: Thai script romanised by syllable") {
  const std::pair<const char*, const char*> table[] = {
      {"สม", "som"},        {"ชาย", "chai"},     {"บุญ", "bun"},    {"วงศ์", "wong"},
      {"พร", "phon"},       {"สวัสดิ์", "sawat"},   {"ทอง", "thong"}, {"แก้ว", "kaew"},
      {"มณี", "mani"},       {"ศรี", "sri"},       {"กิตติ", "kitti"}, {"จันทร์", "chan"},
      {"สุกัญญา", "sukanya"}, {"สำราญ", "samran"},
  };
  for (const auto& [thai, latin] : table) CHECK_MESSAGE(romanise_thai(u32(thai)) == latin, latin);
  // The script-changed name folds to the tokens of its usual romanisation.
  CHECK(name_tokens("สมชาย ศรีสุข") == name_tokens("Somchai Srisuk"));
  CHECK(name_tokens("บุญพร วงศ์ทอง") == name_tokens("Boonporn Wongthong"));
  CHECK(name_tokens("Nguyễn สม") == std::vector<std::string>{"nguien", "som"});
}

TEST_CASE("watchlist matching: Thai and ASCII fold without ICU as they do with it") {
  // A name of Thai and ASCII only skips ICU; one more accented letter sends it through ICU.
  // Both must give the same tokens, or the index and a query would fold a name differently.
  for (const char* name :
       {"สมชาย ศรีสุข", "บุญพร วงศ์ทอง", "SOM-สวัสดิ์ แก้ว", "กิตติ,มณี 2 สุกัญญา", "จันทร์สำราญ ๑๒"}) {
    std::vector<std::string> with_icu = name_tokens(std::string(name) + " é");
    REQUIRE(!with_icu.empty());
    CHECK_MESSAGE(with_icu.back() == "e", name);
    with_icu.pop_back();
    CHECK_MESSAGE(name_tokens(name) == with_icu, name);
  }
  CHECK(latin_tokens("SOM สม") == std::vector<std::string>{"som", "som"});
  // Malformed UTF-8 around Thai letters (a cut sequence, a stray continuation byte) is left
  // to ICU's replacement: no crash, and the intact letters still fold.
  for (const char* bad : {"สม\xE0\xB8", "\xB8สม", "สม\xE0\xB8\x41"}) {
    const auto tokens = name_tokens(bad);
    CHECK_MESSAGE(std::find(tokens.begin(), tokens.end(), "som") != tokens.end(), bad);
  }
}

TEST_CASE("watchlist matching: the index reads exactly the birth dates that can still hit") {
  const PartialDate travellers[] = {date(1980, 3, 7), date(1980, 7, 3), date(1980, 3, 0),
                                    date(1980, 0, 0), date(1980, 12, 31)};
  std::vector<PartialDate> listed = {PartialDate{}};
  for (int y : {1978, 1979, 1980, 1981, 1982}) {
    listed.push_back(date(y, 0, 0));
    for (int m : {3, 7, 12}) {
      listed.push_back(date(y, m, 0));
      for (int d : {3, 7, 12, 31}) listed.push_back(date(y, m, d));
    }
  }
  for (const PartialDate q : travellers) {
    const auto windows = compatible_dates(q);
    for (const PartialDate e : listed) {
      const uint64_t k = date_key(e, 42);
      bool read = false;
      for (const auto& [lo, hi] : windows) read = read || (k >= lo && k < hi);
      INFO(q.to_string() << " against " << e.to_string());
      CHECK(read == (date_evidence(q, e) != DateEvidence::kDiffers));
    }
  }
}

TEST_CASE("watchlist matching: a common name needs a birth date that corroborates it") {
  // 300 namesakes make "Nguyen Van Anh" common, 150 make "Tran Duc Binh" less so;
  // "Somchai Wongsawat" is on the list once.
  std::vector<PersonEntry> v;
  for (int i = 0; i < 300; ++i) {
    v.push_back(entry("Nguyen Van Anh", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), "VNM", "M"));
  }
  for (int i = 0; i < 150; ++i) {
    v.push_back(entry("Tran Duc Binh", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), "VNM", "M"));
  }
  for (int i = 0; i < 3000; ++i) {  // filler so the list has a realistic size and rarities
    v.push_back(entry("Filler" + std::to_string(i) + " Person" + std::to_string(i % 97),
                      date(1960 + i % 40, 1 + i % 12, 1 + i % 28), "KHM", "F"));
  }
  v.push_back(entry("Nguyen Van Anh", date(1990, 0, 0), "VNM", "M"));  // year only
  v.push_back(entry("Nguyen Van Anh", PartialDate{}, "VNM", "M"));     // no birth date
  v.push_back(entry("Somchai Wongsawat", PartialDate{}, "THA", "M"));
  const PersonList list(std::move(v));
  const auto ids = [&](const PersonQuery& q) {
    std::set<std::string> out;
    for (const auto& h : list.screen(q)) out.insert(list.entries()[h.entry].id);
    return out;
  };
  // The same full birth date and sex corroborate a name shared by 150: one traveller in about
  // 250 would share them with one of the namesakes by chance (1 / (57 x 336) x 1/2 each).
  CHECK(ids(traveller("TRAN Duc Binh", date(1951, 2, 2), "VNM", "M")).size() == 1);
  // Without the traveller's sex, half the namesakes more could agree by chance: no hit.
  CHECK(ids(traveller("TRAN Duc Binh", date(1951, 2, 2), "VNM", "")).empty());
  // With 300 namesakes even the same full birth date and sex agree by chance too often.
  CHECK(ids(traveller("NGUYEN Van Anh", date(1951, 2, 2), "VNM", "M")).empty());
  // A year-only agreement or no birth date leaves hundreds of namesakes possible: no hit.
  CHECK(ids(traveller("Nguyen Van Anh", date(1990, 5, 17), "VNM", "M")).empty());
  CHECK(ids(traveller("Nguyen Van Anh", PartialDate{}, "VNM", "M")).empty());
  // A rare name needs no birth date, and its score says what the birth date did not do.
  CHECK(ids(traveller("Somchai Wongsawat", date(1970, 1, 1), "THA", "M")).size() == 1);
  const auto hits = list.screen(traveller("Nguyen Van Anh", date(1990, 5, 17), "VNM", "M"), 0.5);
  const auto year_only = std::find_if(hits.begin(), hits.end(), [&](const PersonHit& h) {
    return list.entries()[h.entry].birth.year == 1990 && list.entries()[h.entry].birth.month == 0;
  });
  REQUIRE(year_only != hits.end());
  CHECK(year_only->adjustments.front().what == "name too common for the birth-date agreement");
  CHECK(year_only->adjustments.front().delta < 0);
}

TEST_CASE("watchlist matching: chance agreement counts a sex known on both sides") {
  const double date_only = chance_agreement(DateEvidence::kExact);
  CHECK(chance_agreement(DateEvidence::kExact, true) == doctest::Approx(date_only / 2));
  // 150 namesakes: the budget of one chance hit per 1,000 crossings is exceeded either way,
  // the more so without the sex.
  const double with_sex = corroboration_factor(1, 1'000'000, DateEvidence::kExact, 150, true);
  const double without = corroboration_factor(1, 1'000'000, DateEvidence::kExact, 150, false);
  CHECK(with_sex < 1);
  CHECK(without < with_sex);
  // Twenty namesakes with the same full date and sex stay within it.
  CHECK(corroboration_factor(1, 1'000'000, DateEvidence::kExact, 20, true) == 1);
}

TEST_CASE("watchlist matching: per mutation type, the index finds every entry full scoring does") {
  bw::sim::PersonGenerator gen(7);
  std::vector<PersonEntry> people;
  std::vector<std::string> thai;
  for (int i = 0; i < 1500; ++i) {
    std::string t;
    people.push_back(gen.person(&t));
    people.back().id = std::to_string(i);
    thai.push_back(t);
  }
  const PersonList list(people);
  bw::sim::PersonGenerator qgen(8);
  for (const auto m : bw::sim::kAllMutations) {
    size_t queries = 0, found = 0;
    for (size_t target = 0; target < people.size() && queries < 12; target += 37) {
      PersonQuery q;
      if (!qgen.query(people[target], thai[target], m, q)) continue;
      ++queries;
      INFO(bw::sim::to_string(m) << ": " << q.name << " " << q.birth.to_string());
      // Full scores of every entry (threshold 0 disables every bound), cut at the threshold.
      std::set<uint32_t> expected;
      for (const auto& h : list.screen_exhaustive(q, 0.0)) {
        if (h.score >= kDefaultThreshold) expected.insert(h.entry);
      }
      std::set<uint32_t> indexed;
      for (const auto& h : list.screen(q)) indexed.insert(h.entry);
      CHECK(indexed == expected);
      found += indexed.count(static_cast<uint32_t>(target));
    }
    CHECK(queries > 0);
    if (m == bw::sim::Mutation::kHardNegative) {
      CHECK(found == 0);  // another birth date: never the listed entry
    } else if (m != bw::sim::Mutation::kUnlisted && m != bw::sim::Mutation::kThaiScript) {
      CHECK(found * 10 >= queries * 7);  // most mutated names still find their entry
    }
  }
}

TEST_CASE("watchlist matching: hashed lists find every key's values and nothing else") {
  HashedLists empty;
  CHECK(empty.find("sok").empty());
  empty.freeze();
  CHECK(empty.find("sok").empty());
  HashedLists lists;
  for (uint32_t i = 0; i < 1000; ++i) {
    lists.add("token" + std::to_string(i % 300), i);
  }
  lists.freeze();
  for (uint32_t k = 0; k < 300; ++k) {
    const auto values = lists.find("token" + std::to_string(k));
    std::vector<uint32_t> expected;
    for (uint32_t i = k; i < 1000; i += 300) expected.push_back(i);
    CHECK(std::vector<uint32_t>(values.begin(), values.end()) == expected);  // in added order
  }
  CHECK(lists.find("token300").empty());
  CHECK(lists.find("").empty());
}

TEST_CASE("watchlist matching: a token similarity cut off early equals the full one thresholded") {
  // token_similarity stops early (letters not shared, rows of the alignment) once min_sim is
  // out of reach; with min_sim 0 it computes the whole alignment.
  std::mt19937 rng(7);
  const auto token = [&] { return random_token(rng, "aeiknostu", 10); };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = token();
    std::string b = i % 2 ? token() : a;
    if (i % 2 == 0 && b.size() > 2)
      b[std::uniform_int_distribution<size_t>(0, b.size() - 1)(rng)] = 'x';
    const double full = token_similarity(a, b, 0);
    INFO(a << " / " << b);
    CHECK(token_similarity(a, b, kMinTokenSimilarity) == (full >= kMinTokenSimilarity ? full : 0));
  }
}

TEST_CASE("watchlist matching: token similarity is 1 - OSA distance / longer length") {
  CHECK(token_similarity("sokha", "sokah") == doctest::Approx(1 - 1.0 / 5));
  CHECK(token_similarity("chanthy", "chnathy") == doctest::Approx(1 - 1.0 / 7));
  std::mt19937 rng(11);
  const auto token = [&] { return random_token(rng, "aehkost", 12); };
  for (int i = 0; i < 5000; ++i) {
    const std::string a = token(), b = token();
    if (a == b) continue;
    const double len = static_cast<double>(std::max(a.size(), b.size()));
    INFO(a << " / " << b);
    CHECK(token_similarity(a, b, 0) ==
          doctest::Approx(1 - static_cast<double>(full_osa(a, b)) / len));
  }
}

TEST_CASE("watchlist matching: the banded alignment of long tokens equals the full one") {
  // token_similarity aligns only the cells within the allowed edits of the diagonal. Long tokens
  // (romanised Thai runs to twenty letters and more) a few edits apart, from a small alphabet so
  // that letters repeat, at several thresholds: the similarity is the full alignment's, or 0
  // below the threshold.
  std::mt19937 rng(13);
  const std::string alphabet = "aehknost";
  const auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = random_token(rng, alphabet, 24);
    std::string b = a;
    for (size_t edits = pick(5); edits > 0; --edits) {
      const size_t at = pick(b.size() + 1);
      switch (pick(4)) {
        case 0:
          if (at < b.size() && b.size() > 2) b.erase(at, 1);
          break;
        case 1:
          b.insert(at, 1, alphabet[pick(alphabet.size())]);
          break;
        case 2:
          if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
          break;
        default:
          if (at < b.size()) b[at] = alphabet[pick(alphabet.size())];
      }
    }
    const double len = static_cast<double>(std::max(a.size(), b.size()));
    const double full = a == b ? 1 : 1 - static_cast<double>(full_osa(a, b)) / len;
    for (const double min_sim : {0.5, kMinTokenSimilarity, 0.9}) {
      INFO(a << " / " << b << " at " << min_sim);
      if (full >= min_sim) {
        CHECK(token_similarity(a, b, min_sim) == doctest::Approx(full));
      } else {
        CHECK(token_similarity(a, b, min_sim) == 0);
      }
    }
  }
}

TEST_CASE("watchlist matching: merged tokens pair only when their lengths allow it") {
  // name_similarity skips a merge whose length alone rules it out before building it: merges
  // within reach still pair, with a typo too; one too long for the token does not.
  const auto sim = [](std::vector<WeightedToken> q, std::vector<WeightedToken> e) {
    return name_similarity(q, e, nullptr);
  };
  CHECK(sim({{"chanthy"}, {"sok"}}, {{"chan"}, {"thy"}, {"sok"}}) == doctest::Approx(1));
  CHECK(sim({{"chan"}, {"thy"}, {"sok"}}, {{"chanthy"}, {"sok"}}) == doctest::Approx(1));
  CHECK(sim({{"chanty"}, {"sok"}}, {{"chan"}, {"thy"}, {"sok"}}) > 0.85);
  std::vector<NamePair> pairs;
  name_similarity({{"chanthy"}}, {{"chan"}, {"thyrithvong"}}, &pairs);
  CHECK(pairs.empty());
}
