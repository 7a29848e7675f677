// Candidate collection for PersonList::screen (person_list.h): from the query's tokens to the
// entries that may score the threshold. Scoring is in person_list.cc, the build in
// person_list_build.cc.
//
// Most of a query's time here is cache misses: table probes for its tokens' one-letter
// deletions and split halves, then the heads and birth-date windows of a dozen posting lists.
// Each level is gathered and prefetched as a whole before it is read, so the misses overlap, and
// probes of keys the table's filter rules out (HashedLists::may_contain) are not made at all.
// Scratch vectors are thread_local: a query allocates next to nothing.
#include <algorithm>

#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/person_list.h"
#include "watchlist/person_list_query.h"

namespace bw::watchlist {

uint32_t PersonList::find_pair(uint64_t key) const {
  const uint64_t hash = HashedLists::hash_of(key_bytes(key));
  if (!pair_table_.may_contain(hash)) return kNoToken;
  for (uint32_t list : pair_table_.find_hashed(hash)) {
    if (pair_keys_[list - tokens_.size()] == key) return list;
  }
  return kNoToken;
}

// Where the query's name can meet a listed one: its tokens, adjacent pairs joined, long
// tokens split in two.
void PersonList::query_positions(const Prepared& p, std::vector<std::string>& positions) const {
  positions.assign(p.tokens.begin(), p.tokens.end());
  for (size_t i = 0; i + 1 < p.tokens.size(); ++i)
    positions.push_back(p.tokens[i] + p.tokens[i + 1]);
  // Split the unfolded tokens, then fold the halves: folding the whole first would lose the
  // letters at the seam ("PrakKosal" folds to "prakosal", "ThanhLuan" keeps an inner "h").
  // Both halves must be listed tokens: the filter rules out most splits without a probe, the
  // lookups of the rest are prefetched together.
  struct Split {
    std::string a, b;
    uint64_t hash_a, hash_b;
    bool listed;  // both halves may be (HashedLists::may_contain)
  };
  thread_local std::vector<Split> splits;
  splits.clear();
  for (const auto& raw : p.raw) {
    for (size_t k = 2; raw.size() >= 4 && k + 2 <= raw.size(); ++k) {
      Split& split =
          splits.emplace_back(Split{fold_token(std::string_view(raw).substr(0, k)),
                                    fold_token(std::string_view(raw).substr(k)), 0, 0, false});
      split.hash_a = HashedLists::hash_of(split.a);
      split.hash_b = HashedLists::hash_of(split.b);
      lookup_.prefetch_filter(split.hash_a);
      lookup_.prefetch_filter(split.hash_b);
    }
  }
  for (auto& split : splits) {
    split.listed = lookup_.may_contain(split.hash_a) && lookup_.may_contain(split.hash_b);
    if (!split.listed) continue;
    lookup_.prefetch(split.hash_a);
    lookup_.prefetch(split.hash_b);
  }
  for (auto& split : splits) {
    if (split.listed && find_token(split.a, split.hash_a) != kNoToken &&
        find_token(split.b, split.hash_b) != kNoToken) {
      positions.push_back(std::move(split.a));
      positions.push_back(std::move(split.b));
    }
  }
}

// Scans the posting list of every listed token a position or its variants name; tokens too
// frequent to scan alone go to `frequent`, to be read through their pairs.
template <typename Scan>
void PersonList::scan_positions(const std::vector<std::string>& positions, const Scan& scan,
                                std::vector<Frequent>& frequent) const {
  // Every position and its one-letter deletions (as deletions() makes them) is looked up:
  // hashed, filtered and prefetched first, so the table misses of a query overlap. The keys'
  // text lies back to back in one buffer rather than in a string each.
  struct Key {
    uint32_t at, size;  // in text
    uint64_t hash;
    bool present;  // may be in the table (HashedLists::may_contain)
  };
  thread_local std::string text;
  thread_local std::vector<Key> keys;
  thread_local std::vector<size_t> first_key;  // by position, then one past the last
  text.clear();
  keys.clear();
  first_key.clear();
  frequent.clear();
  const auto add_key = [&](size_t at) {
    keys.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(text.size() - at), 0, true});
  };
  for (const auto& t : positions) {
    first_key.push_back(keys.size());
    size_t at = text.size();
    text += t;
    add_key(at);
    for (size_t i = 0; t.size() >= kMinDeleteLen && i < t.size(); ++i) {
      // Deleting letter i gives the deletion of letter i - 1 again when both are the same.
      if (i > 0 && t[i] == t[i - 1]) continue;
      at = text.size();
      text.append(t, 0, i).append(t, i + 1);
      add_key(at);
    }
  }
  first_key.push_back(keys.size());
  const auto key_text = [&](const Key& k) { return std::string_view(text).substr(k.at, k.size); };
  // Three passes, so that the misses of each level overlap: the filter's words (a cache larger
  // than the core's own), then the table slots the filter lets through.
  for (auto& k : keys) {
    k.hash = HashedLists::hash_of(key_text(k));
    lookup_.prefetch_filter(k.hash);
  }
  for (auto& k : keys) {
    k.present = lookup_.may_contain(k.hash);
    if (k.present) lookup_.prefetch(k.hash);
  }
  const auto found = [&](size_t pos, uint32_t value, bool exact) {
    if (value & kFrequent) {
      frequent.push_back({pos, value & kIdMask, exact});
    } else {
      scan(value & kIdMask);
    }
  };
  for (size_t pos = 0; pos < positions.size(); ++pos) {
    const Key* first = keys.data() + first_key[pos];
    const Key* last = keys.data() + first_key[pos + 1];
    // The position's own token, then every other token a key names: listed as one of the
    // keys (a deletion of the position that is a token itself), or one of whose deletions a
    // key is. The own token is not read twice.
    uint32_t own = kNoToken;
    if (first->present) {
      for (const uint32_t value : lookup_.find_hashed(first->hash)) {
        if ((value & kExact) && tokens_[value & kIdMask] == key_text(*first)) {
          own = value & kIdMask;
          found(pos, value, true);
        }
      }
    }
    for (const Key* k = first; k != last; ++k) {
      if (!k->present) continue;
      for (const uint32_t value : lookup_.find_hashed(k->hash)) {
        if ((value & kIdMask) == own) continue;
        if ((value & kExact) && (k == first || tokens_[value & kIdMask] != key_text(*k))) continue;
        found(pos, value, false);
      }
    }
  }
}

// Two frequent tokens from different positions, one of them exact: their pair's list.
template <typename Scan>
void PersonList::scan_frequent_pairs(const std::vector<Frequent>& frequent,
                                     const Scan& scan) const {
  thread_local std::vector<uint64_t> seen;  // a query has a few pairs: a flat vector suffices
  seen.clear();
  for (size_t a = 0; a < frequent.size(); ++a) {
    for (size_t b = a + 1; b < frequent.size(); ++b) {
      const Frequent& x = frequent[a];
      const Frequent& z = frequent[b];
      if (x.pos == z.pos || !(x.exact || z.exact)) continue;
      const uint64_t key = pair_key(x.id, z.id);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      if (const uint32_t list = find_pair(key); list != kNoToken) scan(list);
    }
  }
}

void PersonList::collect(const Prepared& p, double threshold, std::vector<Candidate>& out) const {
  // Birth dates that can still reach a hit (a date further off costs more than any name can
  // make up, see birth_adjustment); valid only while a differing birth date rules a hit out.
  const bool dates_decide = threshold > kNameWeight + 0.03 - 0.2;
  const auto windows =
      dates_decide ? compatible_dates(p.q->birth) : compatible_dates(PartialDate{});
  const double undated_bound = max_log_namesakes_undated(threshold);
  // The lists are gathered first and read afterwards, so their cache misses overlap
  // (PostingLists::prefetch_start). A list named by several keys is read once.
  thread_local std::vector<uint32_t> lists;
  thread_local std::vector<std::string> positions;
  thread_local std::vector<Frequent> frequent;
  lists.clear();
  const auto gather = [&](uint32_t list) { lists.push_back(list); };
  if (p.document_entries != nullptr) {
    for (const uint32_t e : *p.document_entries) out.push_back({e, briefs_[e]});
  }
  query_positions(p, positions);
  scan_positions(positions, gather, frequent);
  scan_frequent_pairs(frequent, gather);
  std::sort(lists.begin(), lists.end());
  lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
  for (const uint32_t list : lists) postings_.prefetch_start(list);
  for (const uint32_t list : lists) postings_.prefetch_head(list);
  const uint64_t first_dated = PostingLists::first_dated(windows);
  for (const uint32_t list : lists) postings_.prefetch_ends(list, first_dated);
  for (const uint32_t list : lists) postings_.prefetch_window(list, first_dated);
  for (const uint32_t list : lists) {
    postings_.scan(list, windows, undated_bound, [&](uint32_t e, const Brief& brief) {
      if (may_hit(p.traveller, brief, threshold)) out.push_back({e, brief});
    });
  }
  // One candidate an entry: sorting the few hundred found costs less than marking each in a
  // table of the whole list, which misses the cache on every candidate.
  std::sort(out.begin(), out.end(),
            [](const Candidate& a, const Candidate& b) { return a.entry < b.entry; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) { return a.entry == b.entry; }),
            out.end());
}

}  // namespace bw::watchlist
