#include "watchlist/person_list.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

constexpr size_t kMinDeleteLen = 3;  // shorter tokens are matched exactly (An, Le, Ly)

std::vector<std::string> deletions(const std::string& t) {
  std::vector<std::string> out;
  if (t.size() < kMinDeleteLen) return out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string d = t.substr(0, i) + t.substr(i + 1);
    if (out.empty() || out.back() != d) out.push_back(std::move(d));
  }
  return out;
}

std::string_view key_bytes(const uint64_t& key) {
  return {reinterpret_cast<const char*>(&key), sizeof key};
}

uint64_t pair_key(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

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
};

PersonList::PersonList(std::vector<PersonEntry> entries) : entries_(std::move(entries)) {
  build();
}

uint32_t PersonList::token_id(const std::string& t) {
  auto [it, added] = dict_.try_emplace(t, static_cast<uint32_t>(tokens_.size()));
  if (added) {
    tokens_.push_back(t);
    df_.push_back(0);
  }
  return it->second;
}

void PersonList::build() {
  const size_t n = entries_.size();
  entry_names_.reserve(n + 1);
  std::vector<std::vector<uint32_t>> entry_tokens(n);  // distinct ids per entry
  for (size_t e = 0; e < n; ++e) {
    const PersonEntry& p = entries_[e];
    entry_names_.push_back(static_cast<uint32_t>(name_tokens_.size()));
    for (const auto& name : p.names) {
      name_tokens_.push_back(static_cast<uint32_t>(tokens_of_names_.size()));
      for (const auto& t : name_tokens(name)) {
        const uint32_t id = token_id(t);
        tokens_of_names_.push_back(id);
        entry_tokens[e].push_back(id);
      }
    }
    auto& ids = entry_tokens[e];
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t id : ids) ++df_[id];
    for (const auto& d : p.documents) documents_[d].push_back(static_cast<uint32_t>(e));
  }
  entry_names_.push_back(static_cast<uint32_t>(name_tokens_.size()));
  name_tokens_.push_back(static_cast<uint32_t>(tokens_of_names_.size()));

  const double scale = std::log(std::max<double>(static_cast<double>(n), 1000));
  weights_.resize(tokens_.size());
  for (size_t id = 0; id < tokens_.size(); ++id) {
    const double w = 1 - std::log(std::max<double>(df_[id], 1)) / scale;
    weights_[id] = static_cast<float>(std::clamp(w, 0.1, 1.0));
    exact_.add(tokens_[id], static_cast<uint32_t>(id));
    for (auto& d : deletions(tokens_[id])) deletes_.add(d, static_cast<uint32_t>(id));
  }
  frequent_ = static_cast<uint32_t>(std::max<size_t>(1000, n / 500));
  build_briefs();
  exact_.freeze();
  deletes_.freeze();
  dict_ = {};
  build_postings(entry_tokens);
}

template <typename Fn>
void PersonList::lists_of(uint32_t e, const std::vector<uint32_t>& ids, Fn&& fn) {
  const auto pair_list = [&](uint32_t a, uint32_t b) {
    const auto [it, added] = pair_lists_.try_emplace(pair_key(a, b), 0);
    if (added) it->second = postings_.add_list();
    fn(it->second);
  };
  for (size_t i = 0; i < ids.size(); ++i) {
    fn(ids[i]);
    if (df_[ids[i]] <= frequent_) continue;
    for (size_t j = i + 1; j < ids.size(); ++j) {
      if (df_[ids[j]] > frequent_) pair_list(ids[i], ids[j]);
    }
    if (written_twice(e, ids[i])) pair_list(ids[i], ids[i]);  // "Moe Naing Moe"
  }
}

void PersonList::build_postings(const std::vector<std::vector<uint32_t>>& entry_tokens) {
  const size_t n = entries_.size();
  postings_ = PostingLists(tokens_.size());
  for (uint32_t e = 0; e < n; ++e) {
    lists_of(e, entry_tokens[e], [&](uint32_t list) { postings_.count(list); });
  }
  postings_.start();
  // Entries in the order of the lists (posting_lists.h): undated ones first, rarest first, then
  // by key.
  std::vector<uint64_t> keys(n);
  for (uint32_t e = 0; e < n; ++e) keys[e] = date_key(entries_[e].birth, e);
  std::sort(keys.begin(), keys.end(), [&](uint64_t a, uint64_t b) {
    const bool a_dated = a >= PostingLists::kDated, b_dated = b >= PostingLists::kDated;
    if (a_dated || b_dated) return a_dated == b_dated ? a < b : b_dated;
    const float ra = briefs_[static_cast<uint32_t>(a)].log_namesakes;
    const float rb = briefs_[static_cast<uint32_t>(b)].log_namesakes;
    return ra != rb ? ra < rb : a < b;
  });
  for (const uint64_t key : keys) {
    const auto e = static_cast<uint32_t>(key);
    lists_of(e, entry_tokens[e], [&](uint32_t list) { postings_.add(list, key, briefs_[e]); });
  }
  postings_.finish();
  pair_keys_.resize(postings_.lists() - tokens_.size());
  for (const auto& [key, list] : pair_lists_) {
    pair_keys_[list - tokens_.size()] = key;
    pair_table_.add(key_bytes(key), list);
  }
  pair_table_.freeze();
  pair_lists_ = {};
}

uint32_t PersonList::find_pair(uint64_t key) const {
  for (uint32_t list : pair_table_.find(key_bytes(key))) {
    if (pair_keys_[list - tokens_.size()] == key) return list;
  }
  return kNoToken;
}

void PersonList::build_briefs() {
  // Names as sorted token-id sets, hashed, to count the entries listing exactly each name.
  const size_t names = name_tokens_.size() - 1;
  std::vector<uint64_t> hashes(names);
  std::vector<uint32_t> ids;
  for (size_t n = 0; n < names; ++n) {
    ids.assign(tokens_of_names_.begin() + name_tokens_[n],
               tokens_of_names_.begin() + name_tokens_[n + 1]);
    std::sort(ids.begin(), ids.end());
    hashes[n] = name_hash(ids);
  }
  // Counted once an entry: aliases of one person spelt with the same tokens are no namesakes.
  name_hashes_.clear();
  for (size_t e = 0; e < entries_.size(); ++e) {
    const size_t first = name_hashes_.size();
    for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
      if (std::find(name_hashes_.begin() + static_cast<long>(first), name_hashes_.end(),
                    hashes[n]) == name_hashes_.end()) {
        name_hashes_.push_back(hashes[n]);
      }
    }
  }
  std::sort(name_hashes_.begin(), name_hashes_.end());
  namesakes_.resize(names);
  for (size_t n = 0; n < names; ++n) {
    const auto [lo, hi] = std::equal_range(name_hashes_.begin(), name_hashes_.end(), hashes[n]);
    namesakes_[n] = static_cast<uint32_t>(hi - lo) - 1;
  }
  briefs_.resize(entries_.size());
  for (size_t e = 0; e < entries_.size(); ++e) {
    const PersonEntry& p = entries_[e];
    double rarest = 1e9;  // the fewest namesakes of one of its names (log)
    for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
      rarest = std::min(rarest, log_namesakes(name_weight(n), entries_.size(), namesakes_[n]));
    }
    briefs_[e] = {p.birth, p.sex.empty() ? '\0' : p.sex[0], nationality_code(p.nationality),
                  static_cast<float>(rarest)};
  }
}

bool PersonList::written_twice(uint32_t e, uint32_t id) const {
  for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
    const auto first = tokens_of_names_.begin() + name_tokens_[n];
    const auto last = tokens_of_names_.begin() + name_tokens_[n + 1];
    if (std::count(first, last, id) >= 2) return true;
  }
  return false;
}

uint64_t PersonList::name_hash(const std::vector<uint32_t>& sorted_ids) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the ids
  for (uint32_t id : sorted_ids) h = (h ^ id) * 1099511628211ull;
  return h;
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
  for (uint32_t id : exact_.find_hashed(hash)) {
    if (tokens_[id] == t) return id;
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
  p.traveller.birth = q.birth;
  p.traveller.sex = q.sex.empty() ? 0 : q.sex[0];
  p.traveller.nationality = nationality_code(q.nationality);
  return p;
}

double PersonList::score(const Prepared& p, uint32_t e, double threshold, PersonHit* detail,
                         bool filtered) const {
  const PersonEntry& entry = entries_[e];
  const bool listed_document =
      !p.document.empty() && std::find(entry.documents.begin(), entry.documents.end(),
                                       p.document) != entry.documents.end();
  // The attributes and the rarity of the entry's names bound the score: a perfect name cannot
  // lift an entry whose birth date or sex disagrees, or whose name is too common for the birth
  // dates' agreement, over the threshold, so its names are not compared.
  if (detail == nullptr && !filtered && !listed_document &&
      !may_hit(p.traveller, briefs_[e], threshold)) {
    return 0;
  }
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
  std::vector<Adjustment>* adj = detail != nullptr ? &detail->adjustments : nullptr;
  double total = kNameWeight * best + attribute_adjustment(*p.q, entry, adj);
  if (!p.document.empty() && std::find(entry.documents.begin(), entry.documents.end(),
                                       p.document) != entry.documents.end()) {
    if (adj != nullptr) adj->push_back({"document listed", 1.0 - total});
    total = 1.0;  // a listed document overrides the name
  }
  total = std::clamp(total, 0.0, 1.0);
  if (detail != nullptr) {
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
  return total;
}

void PersonList::collect(const Prepared& p, double threshold, std::vector<uint32_t>& out) const {
  // Birth dates that can still reach a hit (a date further off costs more than any name can
  // make up, see birth_adjustment); valid only while a differing birth date rules a hit out.
  const bool dates_decide = threshold > kNameWeight + 0.03 - 0.2;
  const auto windows =
      dates_decide ? compatible_dates(p.q->birth) : compatible_dates(PartialDate{});
  const double undated_bound = max_log_namesakes_undated(threshold);
  const auto scan = [&](uint32_t list) {
    postings_.scan(list, windows, undated_bound, [&](uint32_t e, const Brief& brief) {
      if (may_hit(p.traveller, brief, threshold)) out.push_back(e);
    });
  };
  if (!p.document.empty()) {
    if (const auto* docs = by_document(p.document))
      out.insert(out.end(), docs->begin(), docs->end());
  }
  // Query positions: the tokens, adjacent pairs joined, long tokens split in two.
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
      exact_.prefetch(split.hash_a);
      exact_.prefetch(split.hash_b);
    }
  }
  for (auto& split : splits) {
    if (find_token(split.a, split.hash_a) != kNoToken &&
        find_token(split.b, split.hash_b) != kNoToken) {
      positions.push_back(std::move(split.a));
      positions.push_back(std::move(split.b));
    }
  }
  // Every position and its one-letter deletions (as deletions() makes them) is looked up in
  // both tables: hashed and prefetched first, so the table misses of a query overlap.
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
    exact_.prefetch(k.hash);
    deletes_.prefetch(k.hash);
  }
  struct Frequent {
    size_t pos;
    uint32_t id;
    bool exact;
  };
  std::vector<Frequent> frequent;
  std::vector<uint32_t> ids;
  for (size_t pos = 0; pos < positions.size(); ++pos) {
    const Key* first = keys.data() + first_key[pos];
    const Key* last = keys.data() + first_key[pos + 1];
    ids.clear();
    if (const uint32_t id = find_token(first->text, first->hash); id != kNoToken) ids.push_back(id);
    const size_t exact_count = ids.size();
    for (const Key* k = first + 1; k != last; ++k) {
      if (const uint32_t id = find_token(k->text, k->hash); id != kNoToken) ids.push_back(id);
    }
    for (const Key* k = first; k != last; ++k) {
      const auto variants = deletes_.find_hashed(k->hash);
      ids.insert(ids.end(), variants.begin(), variants.end());
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i >= exact_count && ids[i] == (exact_count ? ids[0] : ~0u)) continue;
      if (df_[ids[i]] <= frequent_) {
        scan(ids[i]);
      } else {
        frequent.push_back({pos, ids[i], i < exact_count});
      }
    }
  }
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
  // One candidate an entry: sorting the few hundred found costs less than marking each in a
  // table of the whole list, which misses the cache on every candidate.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::vector<PersonHit> PersonList::screen(const PersonQuery& q, double threshold,
                                          ScreenStats* stats) const {
  const Prepared p = prepare(q);
  std::vector<uint32_t> candidates;
  collect(p, threshold, candidates);
  if (stats != nullptr) stats->candidates = candidates.size();
  std::vector<PersonHit> hits;
  // Candidates have passed may_hit already (collect). Each one's first reads miss the cache:
  // fetch a few candidates ahead so the misses overlap.
  constexpr size_t kAhead = 4;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i + kAhead < candidates.size()) {
      const uint32_t next = candidates[i + kAhead];
      __builtin_prefetch(&entries_[next]);
      __builtin_prefetch(&entry_names_[next]);
    }
    const uint32_t e = candidates[i];
    if (score(p, e, threshold, nullptr, true) < threshold) continue;
    PersonHit h;
    score(p, e, threshold, &h);
    hits.push_back(std::move(h));
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
    if (score(p, e, threshold, nullptr) < threshold) continue;
    PersonHit h;
    score(p, e, threshold, &h);
    hits.push_back(std::move(h));
  }
  std::sort(hits.begin(), hits.end(), [](const PersonHit& a, const PersonHit& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  return hits;
}

}  // namespace bw::watchlist
