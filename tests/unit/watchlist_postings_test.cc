// The person index's posting lists: a scan yields exactly the postings in the birth-date
// windows, and stops reading undated entries only where may_hit would reject them all.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "watchlist/match_evidence.h"
#include "watchlist/name_score.h"
#include "watchlist/posting_lists.h"

using namespace bw::watchlist;

namespace {

PartialDate date(int y, int m, int d) {
  return {static_cast<uint16_t>(y), static_cast<uint8_t>(m), static_cast<uint8_t>(d)};
}

struct Listed {
  uint32_t entry;
  Brief brief;
};

// Two lists: 0 holds every entry, 1 every third; list 2 stays empty.
PostingLists build(const std::vector<Listed>& listed) {
  PostingLists lists(3);
  const auto lists_of = [](uint32_t e) { return e % 3 == 0 ? 2u : 1u; };
  for (const auto& l : listed) {
    for (uint32_t list = 0; list < lists_of(l.entry); ++list) lists.count(list);
  }
  lists.start();
  std::vector<Listed> order = listed;  // undated rarest first, then by key
  std::sort(order.begin(), order.end(), [](const Listed& a, const Listed& b) {
    const uint64_t ka = date_key(a.brief.birth, a.entry), kb = date_key(b.brief.birth, b.entry);
    const bool a_dated = ka >= PostingLists::kDated, b_dated = kb >= PostingLists::kDated;
    if (a_dated || b_dated) return a_dated == b_dated ? ka < kb : b_dated;
    return a.brief.log_namesakes < b.brief.log_namesakes;
  });
  for (const auto& l : order) {
    for (uint32_t list = 0; list < lists_of(l.entry); ++list) {
      lists.add(list, date_key(l.brief.birth, l.entry), l.brief);
    }
  }
  lists.finish();
  return lists;
}

// What a scan of `list` must yield, by brute force over every listed entry.
template <typename Windows>
std::multiset<uint32_t> expected_scan(const std::vector<Listed>& listed, uint32_t list,
                                      const Windows& windows, double bound) {
  std::multiset<uint32_t> expected;
  for (const auto& l : listed) {
    if (list >= (l.entry % 3 == 0 ? 2u : 1u)) continue;
    const uint64_t k = date_key(l.brief.birth, l.entry);
    const bool in_window = std::any_of(windows.begin(), windows.end(),
                                       [&](const auto& w) { return k >= w.first && k < w.second; });
    const bool too_common = !l.brief.birth.known() && l.brief.log_namesakes > bound;
    if (in_window && !too_common) expected.insert(l.entry);
  }
  return expected;
}

}  // namespace

TEST_CASE("watchlist postings: a scan yields the postings in the windows, rare undated ones") {
  std::vector<Listed> listed;
  uint32_t e = 0;
  for (float rarity : {-9.0f, -3.0f, 2.0f, -7.5f}) listed.push_back({e++, {{}, 0, 0, rarity}});
  for (int y : {1979, 1980, 1981}) {
    for (int m : {0, 3, 7}) {
      for (int d : {0, 7, 3}) {
        if (m == 0 && d != 0) continue;
        listed.push_back({e++, {date(y, m, d), 0, 0, 5.0f}});
      }
    }
  }
  const PostingLists lists = build(listed);
  CHECK(lists.size(0) == listed.size());
  CHECK(lists.size(2) == 0);
  const double bound = -5.0;
  for (const PartialDate q :
       {date(1980, 3, 7), date(1980, 7, 3), date(1980, 0, 0), PartialDate{}}) {
    const auto windows = compatible_dates(q);
    for (uint32_t list : {0u, 1u, 2u}) {
      std::multiset<uint32_t> got;
      lists.scan(list, windows, bound, [&](uint32_t entry, const Brief& b) {
        got.insert(entry);
        CHECK(b.birth.year == listed[entry].brief.birth.year);
      });
      const auto expected = expected_scan(listed, list, windows, bound);
      INFO(q.to_string() << " list " << list);
      CHECK(got == expected);
    }
  }
}

TEST_CASE("watchlist postings: undated entries above the bound never pass may_hit") {
  for (double threshold : {0.45, 0.75, kDefaultThreshold, 0.95}) {
    const double bound = max_log_namesakes_undated(threshold);
    CHECK(std::isinf(bound) == (threshold < 0.48));  // then a name alone may always do
    for (const PartialDate q : {date(1980, 3, 7), date(1980, 0, 0), PartialDate{}}) {
      for (char sex : {'\0', 'M', 'F'}) {
        for (uint32_t nat : {0u, nationality_code("KHM"), nationality_code("THA")}) {
          const Brief traveller{q, sex, nat, 0};
          for (double r = -20; r <= 20; r += 0.25) {
            const Brief entry{{}, 'M', nationality_code("KHM"), static_cast<float>(r)};
            INFO("threshold " << threshold << " rarity " << r);
            if (r > bound) CHECK_FALSE(may_hit(traveller, entry, threshold));
          }
        }
      }
    }
    // The bound is tight: just under it, the most agreeable traveller passes (while a perfect
    // name and agreeing nationality can reach the threshold at all).
    if (!std::isinf(bound) && threshold <= kNameWeight + kNationalitySame) {
      const Brief best{date(1980, 3, 7), 'M', nationality_code("KHM"), 0};
      CHECK(may_hit(best, Brief{{}, 'M', nationality_code("KHM"), static_cast<float>(bound - 1e-3)},
                    threshold));
    }
  }
}

TEST_CASE("watchlist postings: long lists find every window wherever it lies") {
  // Lists long enough that the first dated window is found by interpolation: dates spread
  // unevenly (a crowded decade, empty years), undated entries of every rarity ahead of them.
  std::mt19937 rng(5);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Listed> listed;
  uint32_t e = 0;
  for (int i = 0; i < 3000; ++i) {
    const int y = pick(0, 3) == 0 ? pick(1950, 2006) : pick(1975, 1984);
    if (y == 1980 || y == 1960) continue;
    const int m = pick(0, 6) == 0 ? 0 : pick(1, 12);
    const int d = m == 0 || pick(0, 6) == 0 ? 0 : pick(1, 28);
    listed.push_back({e++, {date(y, m, d), 0, 0, 5.0f}});
    if (pick(0, 19) == 0) listed.push_back({e++, {{}, 0, 0, static_cast<float>(pick(-9, 9))}});
  }
  const PostingLists lists = build(listed);
  for (int i = 0; i < 300; ++i) {
    const PartialDate q = date(pick(1949, 2007), pick(0, 12), pick(0, 28));
    const auto windows = compatible_dates(q.month == 0 ? date(q.year, 0, 0) : q);
    const double bound = pick(-10, 10);
    for (uint32_t list : {0u, 1u}) {
      std::multiset<uint32_t> got;
      lists.scan(list, windows, bound, [&](uint32_t entry, const Brief&) { got.insert(entry); });
      const auto expected = expected_scan(listed, list, windows, bound);
      INFO(q.to_string() << " list " << list << " bound " << bound);
      CHECK(got == expected);
    }
  }
}

TEST_CASE("watchlist postings: briefs amended after the build are what a scan yields") {
  // PersonList learns where each entry's scoring record starts after laying the lists out.
  std::vector<Listed> listed;
  for (uint32_t e = 0; e < 40; ++e) {
    const PartialDate birth = e % 4 == 0 ? PartialDate{} : date(1960 + static_cast<int>(e), 1, 2);
    listed.push_back({e, {birth, 0, 0, -static_cast<float>(e)}});
  }
  PostingLists lists = build(listed);
  size_t amended = 0;
  lists.amend_briefs([&](uint32_t entry, Brief& b) {
    CHECK(b.log_namesakes == listed[entry].brief.log_namesakes);  // the posting's own entry
    b.record = 1000 + entry;
    ++amended;
  });
  CHECK(amended == lists.size(0) + lists.size(1) + lists.size(2));
  const auto everything = compatible_dates(PartialDate{});
  for (uint32_t list : {0u, 1u}) {
    size_t seen = 0;
    lists.scan(list, everything, INFINITY, [&](uint32_t entry, const Brief& b) {
      CHECK(b.record == 1000 + entry);
      ++seen;
    });
    CHECK(seen == lists.size(list));
  }
}
