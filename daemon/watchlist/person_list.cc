#include "watchlist/person_list.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

// std::equal_range over sorted hashes, starting where a uniform hash would lie: a couple of
// cache misses instead of one for most of the twenty halvings of a million.
std::pair<const uint64_t*, const uint64_t*> equal_range_near(const std::vector<uint64_t>& v,
                                                             uint64_t h) {
  const size_t n = v.size();
  const auto guess = static_cast<size_t>((static_cast<unsigned __int128>(h) * n) >> 64);
  size_t lo = guess, hi = guess, step = 1;  // then v[lo - 1] < h (or lo == 0), v[hi] > h (or n)
  while (lo > 0 && v[lo - 1] >= h) {
    lo = lo > step ? lo - step : 0;
    step *= 2;
  }
  for (step = 1; hi < n && v[hi] <= h; step *= 2) hi = std::min(n, hi + step);
  return std::equal_range(v.data() + lo, v.data() + hi, h);
}

}  // namespace

struct PersonList::Prepared {
  const PersonQuery* q = nullptr;
  Brief traveller;
  std::vector<std::string> tokens;
  std::vector<std::string> raw;  // tokens[i] before folding
  double log_namesakes = 0;      // of the traveller's name (query_log_namesakes)
  std::vector<WeightedToken> weighted;
  std::string document;
  const std::vector<uint32_t>* document_entries = nullptr;  // listing it, ascending (by_document)
};

uint32_t PersonList::find_pair(uint64_t key) const {
  for (uint32_t list : pair_table_.find(key_bytes(key))) {
    if (pair_keys_[list - tokens_.size()] == key) return list;
  }
  return kNoToken;
}

double PersonList::query_log_namesakes(const std::vector<std::string>& tokens) const {
  // The traveller's name as written: how many entries share it, estimated from its tokens'
  // weights and counted when the list has exactly it. A partial match (a missing middle name)
  // is only as specific as the part both sides have.
  std::vector<uint32_t> ids;
  double w = 0;
  for (const auto& t : tokens) {
    const uint32_t id = find_token(t);
    if (id == kNoToken) {
      w += 1;
      continue;
    }
    ids.push_back(id);
    w += weights_[id];
  }
  size_t counted = 0;
  if (ids.size() == tokens.size() && !ids.empty()) {
    std::sort(ids.begin(), ids.end());
    const auto [lo, hi] = equal_range_near(name_hashes_, name_hash(ids));
    counted = hi > lo ? static_cast<size_t>(hi - lo - 1) : 0;
  }
  return log_namesakes(w, entries_.size(), counted);
}

double PersonList::name_weight(uint32_t n) const {
  double w = 0;
  for (uint32_t i = name_tokens_[n]; i < name_tokens_[n + 1]; ++i) {
    w += weights_[tokens_of_names_[i]];
  }
  return w;
}

float PersonList::weight(std::string_view folded) const {
  const uint32_t id = find_token(folded);
  return id == kNoToken ? 1.0f : weights_[id];
}

uint32_t PersonList::find_token(std::string_view t) const {
  return find_token(t, HashedLists::hash_of(t));
}

uint32_t PersonList::find_token(std::string_view t, uint64_t hash) const {
  for (const uint32_t value : lookup_.find_hashed(hash)) {
    if ((value & kExact) && tokens_[value & kIdMask] == t) return value & kIdMask;
  }
  return kNoToken;
}

const std::vector<uint32_t>* PersonList::by_document(const std::string& normalised) const {
  auto it = documents_.find(normalised);
  return it == documents_.end() ? nullptr : &it->second;
}

PersonList::Prepared PersonList::prepare(const PersonQuery& q) const {
  Prepared p;
  p.q = &q;
  for (auto& t : latin_tokens(q.name)) {
    std::string f = fold_token(t);
    if (f.empty() || p.tokens.size() == 16) continue;
    p.tokens.push_back(std::move(f));
    p.raw.push_back(std::move(t));
  }
  for (const auto& t : p.tokens) p.weighted.push_back({t, weight(t)});
  p.log_namesakes = query_log_namesakes(p.tokens);
  p.document = normalise_document_number(q.document);
  if (!p.document.empty()) p.document_entries = by_document(p.document);
  p.traveller.birth = q.birth;
  p.traveller.sex = q.sex.empty() ? 0 : q.sex[0];
  p.traveller.nationality = nationality_code(q.nationality);
  return p;
}

double PersonList::score(const Prepared& p, uint32_t e, double threshold, bool filtered) const {
  const bool listed_document =
      p.document_entries != nullptr &&
      std::binary_search(p.document_entries->begin(), p.document_entries->end(), e);
  const Brief& brief = briefs_[e];
  // The attributes and the rarity of the entry's names bound the score: a perfect name cannot
  // lift an entry whose birth date or sex disagrees, or whose name is too common for the birth
  // dates' agreement, over the threshold, so its names are not compared.
  if (!filtered && !listed_document && !may_hit(p.traveller, brief, threshold)) return 0;
  thread_local std::vector<WeightedToken> tokens;
  // A common name needs a birth date that agrees the better the commoner it is: see
  // match_evidence.h. The arithmetic is explain()'s, step for step, so both give the same score.
  const DateEvidence evidence = date_evidence(p.q->birth, brief.birth);
  const bool sex_agrees = p.traveller.sex != 0 && p.traveller.sex == brief.sex;
  double best = 0;
  records_.for_each_name(
      e, tokens,
      [&](uint32_t, uint32_t namesakes, double weight, const std::vector<WeightedToken>& name) {
        double s = name_similarity(p.weighted, name, nullptr);
        const double entry_side = log_namesakes(weight * s, entries_.size(), namesakes);
        s *= corroboration_factor_log(std::max(entry_side, p.log_namesakes), evidence, sex_agrees);
        best = std::max(best, s);
      });
  double total = kNameWeight * best + attribute_adjustment_of(p, e);
  if (listed_document) total = 1.0;  // a listed document overrides the name
  return std::clamp(total, 0.0, 1.0);
}

double PersonList::attribute_adjustment_of(const Prepared& p, uint32_t e) const {
  // attribute_adjustment (name_score.cc) from what the brief and record keep of the entry: its
  // birth date, its nationality as an ICAO code (0 when the listed one is none, which
  // attribute_adjustment ignores too), whether its sex is listed and its letter. Same order of
  // additions, so the same double.
  const Brief& brief = briefs_[e];
  double total = 0;
  const char* label = nullptr;
  const double birth = birth_adjustment(p.q->birth, brief.birth, &label);
  if (label != nullptr) total += birth;
  if (p.traveller.nationality != 0 && brief.nationality != 0) {
    total += p.traveller.nationality == brief.nationality ? kNationalitySame : kNationalityDiffers;
  }
  if (!p.q->sex.empty() && records_.sex_known(e) && p.q->sex[0] != records_.sex(e)) {
    total += kSexDiffers;
  }
  return total;
}

void PersonList::explain(const Prepared& p, uint32_t e, PersonHit* detail) const {
  const PersonEntry& entry = entries_[e];
  thread_local std::vector<WeightedToken> tokens;
  // A common name needs a birth date that agrees the better the commoner it is: see
  // match_evidence.h.
  const DateEvidence evidence = date_evidence(p.q->birth, entry.birth);
  const bool sex_agrees = p.traveller.sex != 0 && p.traveller.sex == briefs_[e].sex;
  const auto corroborated = [&](uint32_t n, double similarity) {
    const double entry_side =
        log_namesakes(name_weight(n) * similarity, entries_.size(), namesakes_[n]);
    return corroboration_factor_log(std::max(entry_side, p.log_namesakes), evidence, sex_agrees);
  };
  double best = 0;
  size_t best_name = 0;
  for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
    tokens.clear();
    for (uint32_t i = name_tokens_[n]; i < name_tokens_[n + 1]; ++i) {
      const uint32_t id = tokens_of_names_[i];
      tokens.push_back({tokens_[id], weights_[id]});
    }
    double s = name_similarity(p.weighted, tokens, nullptr);
    s *= corroborated(n, s);
    if (s > best) {
      best = s;
      best_name = n - entry_names_[e];
    }
  }
  std::vector<Adjustment>* adj = &detail->adjustments;
  double total = kNameWeight * best + attribute_adjustment(*p.q, entry, adj);
  if (!p.document.empty() && std::find(entry.documents.begin(), entry.documents.end(),
                                       p.document) != entry.documents.end()) {
    adj->push_back({"document listed", 1.0 - total});
    total = 1.0;  // a listed document overrides the name
  }
  total = std::clamp(total, 0.0, 1.0);
  detail->entry = e;
  detail->score = total;
  detail->name_score = best;
  detail->name = best_name;
  const uint32_t n = entry_names_[e] + static_cast<uint32_t>(best_name);
  tokens.clear();
  for (uint32_t i = name_tokens_[n]; i < name_tokens_[n + 1]; ++i) {
    const uint32_t id = tokens_of_names_[i];
    tokens.push_back({tokens_[id], weights_[id]});
  }
  if (n < entry_names_[e + 1]) name_similarity(p.weighted, tokens, &detail->pairs);
  if (const double f = corroborated(n, name_similarity(p.weighted, tokens, nullptr));
      best > 0 && f < 1) {
    detail->adjustments.insert(
        detail->adjustments.begin(),
        {"name too common for the birth-date agreement", kNameWeight * best * (1 - 1 / f)});
  }
}

// Where the query's name can meet a listed one: its tokens, adjacent pairs joined, long
// tokens split in two.
std::vector<std::string> PersonList::query_positions(const Prepared& p) const {
  std::vector<std::string> positions = p.tokens;
  for (size_t i = 0; i + 1 < p.tokens.size(); ++i)
    positions.push_back(p.tokens[i] + p.tokens[i + 1]);
  // Split the unfolded tokens, then fold the halves: folding the whole first would lose the
  // letters at the seam ("PrakKosal" folds to "prakosal", "ThanhLuan" keeps an inner "h").
  // Both halves must be listed tokens; their lookups are prefetched together.
  struct Split {
    std::string a, b;
    uint64_t hash_a, hash_b;
  };
  thread_local std::vector<Split> splits;
  splits.clear();
  for (const auto& raw : p.raw) {
    for (size_t k = 2; raw.size() >= 4 && k + 2 <= raw.size(); ++k) {
      Split& split = splits.emplace_back(Split{fold_token(std::string_view(raw).substr(0, k)),
                                               fold_token(std::string_view(raw).substr(k)), 0, 0});
      split.hash_a = HashedLists::hash_of(split.a);
      split.hash_b = HashedLists::hash_of(split.b);
      lookup_.prefetch(split.hash_a);
      lookup_.prefetch(split.hash_b);
    }
  }
  for (auto& split : splits) {
    if (find_token(split.a, split.hash_a) != kNoToken &&
        find_token(split.b, split.hash_b) != kNoToken) {
      positions.push_back(std::move(split.a));
      positions.push_back(std::move(split.b));
    }
  }
  return positions;
}

struct PersonList::Frequent {
  size_t pos;  // in the query's positions
  uint32_t id;
  bool exact;  // the position itself, not one of its deletion variants
};

// Scans the posting list of every listed token a position or its variants name; tokens too
// frequent to scan alone are returned, to be read through their pairs.
template <typename Scan>
std::vector<PersonList::Frequent> PersonList::scan_positions(
    const std::vector<std::string>& positions, const Scan& scan) const {
  // Every position and its one-letter deletions (as deletions() makes them) is looked up:
  // hashed and prefetched first, so the table misses of a query overlap.
  struct Key {
    std::string text;
    uint64_t hash;
  };
  thread_local std::vector<Key> keys;
  thread_local std::vector<size_t> first_key;  // by position, then one past the last
  keys.clear();
  first_key.clear();
  for (const auto& t : positions) {
    first_key.push_back(keys.size());
    keys.push_back({t, 0});
    for (size_t i = 0; t.size() >= kMinDeleteLen && i < t.size(); ++i) {
      std::string d;
      d.reserve(t.size() - 1);
      d.append(t, 0, i).append(t, i + 1);
      if (i == 0 || keys.back().text != d) keys.push_back({std::move(d), 0});
    }
  }
  first_key.push_back(keys.size());
  for (auto& k : keys) {
    k.hash = HashedLists::hash_of(k.text);
    lookup_.prefetch(k.hash);
  }
  std::vector<Frequent> frequent;
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
    for (const uint32_t value : lookup_.find_hashed(first->hash)) {
      if ((value & kExact) && tokens_[value & kIdMask] == first->text) {
        own = value & kIdMask;
        found(pos, value, true);
      }
    }
    for (const Key* k = first; k != last; ++k) {
      for (const uint32_t value : lookup_.find_hashed(k->hash)) {
        if ((value & kIdMask) == own) continue;
        if ((value & kExact) && (k == first || tokens_[value & kIdMask] != k->text)) continue;
        found(pos, value, false);
      }
    }
  }
  return frequent;
}

// Two frequent tokens from different positions, one of them exact: their pair's list.
template <typename Scan>
void PersonList::scan_frequent_pairs(const std::vector<Frequent>& frequent,
                                     const Scan& scan) const {
  std::set<uint64_t> seen;
  for (size_t a = 0; a < frequent.size(); ++a) {
    for (size_t b = a + 1; b < frequent.size(); ++b) {
      const Frequent& x = frequent[a];
      const Frequent& z = frequent[b];
      if (x.pos == z.pos || !(x.exact || z.exact)) continue;
      const uint64_t key = pair_key(x.id, z.id);
      if (!seen.insert(key).second) continue;
      if (const uint32_t list = find_pair(key); list != kNoToken) scan(list);
    }
  }
}

void PersonList::collect(const Prepared& p, double threshold, std::vector<uint32_t>& out) const {
  // Birth dates that can still reach a hit (a date further off costs more than any name can
  // make up, see birth_adjustment); valid only while a differing birth date rules a hit out.
  const bool dates_decide = threshold > kNameWeight + 0.03 - 0.2;
  const auto windows =
      dates_decide ? compatible_dates(p.q->birth) : compatible_dates(PartialDate{});
  const double undated_bound = max_log_namesakes_undated(threshold);
  // The lists are gathered first and read afterwards, so their cache misses overlap
  // (PostingLists::prefetch_start).
  thread_local std::vector<uint32_t> lists;
  lists.clear();
  const auto gather = [&](uint32_t list) { lists.push_back(list); };
  if (p.document_entries != nullptr) {
    out.insert(out.end(), p.document_entries->begin(), p.document_entries->end());
  }
  const std::vector<Frequent> frequent = scan_positions(query_positions(p), gather);
  scan_frequent_pairs(frequent, gather);
  for (const uint32_t list : lists) postings_.prefetch_start(list);
  for (const uint32_t list : lists) postings_.prefetch_head(list);
  const uint64_t first_dated = PostingLists::first_dated(windows);
  for (const uint32_t list : lists) postings_.prefetch_ends(list, first_dated);
  for (const uint32_t list : lists) postings_.prefetch_window(list, first_dated);
  for (const uint32_t list : lists) {
    postings_.scan(list, windows, undated_bound, [&](uint32_t e, const Brief& brief) {
      if (may_hit(p.traveller, brief, threshold)) out.push_back(e);
    });
  }
  // One candidate an entry: sorting the few hundred found costs less than marking each in a
  // table of the whole list, which misses the cache on every candidate.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

void PersonList::prefetch_for_scoring(const uint32_t* c, size_t count) const {
  for (size_t i = 0; i < count; ++i) {
    __builtin_prefetch(&briefs_[c[i]]);
    records_.prefetch_offset(c[i]);
  }
  for (size_t i = 0; i < count; ++i) records_.prefetch_record(c[i]);
}

std::vector<PersonHit> PersonList::screen(const PersonQuery& q, double threshold,
                                          ScreenStats* stats) const {
  const Prepared p = prepare(q);
  std::vector<uint32_t> candidates;
  collect(p, threshold, candidates);
  if (stats != nullptr) stats->candidates = candidates.size();
  std::vector<PersonHit> hits;
  // Candidates have passed may_hit already (collect). Each one's reads miss the cache, its
  // record depending on its offset: a query has dozens of candidates, so both levels are
  // fetched for a batch of them before scoring it, and the misses of the batch overlap. Beyond
  // a few dozen the first ones would be evicted before they are scored.
  constexpr size_t kBatch = 32;
  for (size_t first = 0; first < candidates.size(); first += kBatch) {
    const size_t count = std::min(kBatch, candidates.size() - first);
    prefetch_for_scoring(candidates.data() + first, count);
    for (size_t i = first; i < first + count; ++i) {
      const uint32_t e = candidates[i];
      if (score(p, e, threshold, true) < threshold) continue;
      PersonHit h;
      explain(p, e, &h);
      hits.push_back(std::move(h));
    }
  }
  std::sort(hits.begin(), hits.end(), [](const PersonHit& a, const PersonHit& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  return hits;
}

std::vector<PersonHit> PersonList::screen_exhaustive(const PersonQuery& q, double threshold) const {
  const Prepared p = prepare(q);
  std::vector<PersonHit> hits;
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    if (score(p, e, threshold) < threshold) continue;
    PersonHit h;
    explain(p, e, &h);
    hits.push_back(std::move(h));
  }
  std::sort(hits.begin(), hits.end(), [](const PersonHit& a, const PersonHit& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  return hits;
}

}  // namespace bw::watchlist
