// Screening with a PersonList (person_list.h): preparing a query, scoring and explaining
// candidates. Candidate collection is in person_list_collect.cc, the build in
// person_list_build.cc.
#include "watchlist/person_list.h"

#include <algorithm>
#include <cmath>

#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/normalize.h"
#include "watchlist/person_list_query.h"

namespace bw::watchlist {

void PersonList::count_namesakes(Prepared& p) const {
  // The traveller's name as written: how many entries share it, estimated from its tokens'
  // weights and counted when the list has exactly it. A partial match (a missing middle name)
  // is only as specific as the part both sides have.
  size_t counted = 0;
  if (p.name_listed) {
    const size_t b = name_hash_bucket(p.name_hash);
    const uint64_t* hashes = name_hashes_.data();
    const auto [lo, hi] = std::equal_range(hashes + name_hash_buckets_[b],
                                           hashes + name_hash_buckets_[b + 1], p.name_hash);
    counted = hi > lo ? static_cast<size_t>(hi - lo - 1) : 0;
  }
  p.log_namesakes = log_namesakes(p.name_weight, entries_.size(), counted);
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
  // Each token looked up once: its weight, the name's weight and hash, and collection all read
  // these ids. Every token's slot is prefetched before the first is read, so the tokens' cache
  // misses overlap instead of queueing one after another.
  thread_local std::vector<uint64_t> hashes;
  hashes.clear();
  for (const auto& t : p.tokens) {
    hashes.push_back(HashedLists::hash_of(t));
    lookup_.prefetch(hashes.back());
  }
  std::vector<uint32_t> listed;
  for (size_t i = 0; i < p.tokens.size(); ++i) {
    const std::string& t = p.tokens[i];
    const uint32_t id = find_token(t, hashes[i]);
    const float w = id == kNoToken ? 1.0f : weights_[id];
    p.ids.push_back(id);
    p.weighted.push_back({t, w});
    p.name_weight += id == kNoToken ? 1.0 : static_cast<double>(w);
    if (id != kNoToken) listed.push_back(id);
  }
  if (listed.size() == p.tokens.size() && !listed.empty()) {
    std::sort(listed.begin(), listed.end());
    p.name_listed = true;
    p.name_hash = name_hash(listed);
    __builtin_prefetch(&name_hash_buckets_[name_hash_bucket(p.name_hash)]);
  }
  p.document = normalise_document_number(q.document);
  if (!p.document.empty()) p.document_entries = by_document(p.document);
  p.traveller.birth = q.birth;
  p.traveller.sex = q.sex.empty() ? 0 : q.sex[0];
  p.traveller.nationality = nationality_code(q.nationality);
  return p;
}

double PersonList::score(const Prepared& p, uint32_t e, const Brief& brief, double threshold,
                         bool filtered) const {
  const bool listed_document =
      p.document_entries != nullptr &&
      std::binary_search(p.document_entries->begin(), p.document_entries->end(), e);
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
  records_.for_each_name_at(
      brief.record, tokens,
      [&](uint32_t, uint32_t namesakes, double weight, const std::vector<WeightedToken>& name) {
        double s = name_similarity(p.weighted, name, nullptr);
        const double entry_side = log_namesakes(weight * s, entries_.size(), namesakes);
        s *= corroboration_factor_log(std::max(entry_side, p.log_namesakes), evidence, sex_agrees);
        best = std::max(best, s);
      });
  double total = kNameWeight * best + attribute_adjustment_of(p, brief);
  if (listed_document) total = 1.0;  // a listed document overrides the name
  return std::clamp(total, 0.0, 1.0);
}

double PersonList::attribute_adjustment_of(const Prepared& p, const Brief& brief) const {
  // attribute_adjustment (name_score.cc) from what the brief and record keep of the entry: its
  // birth date, its nationality as an ICAO code (0 when the listed one is none, which
  // attribute_adjustment ignores too), whether its sex is listed and its letter.
  const bool sex_differs = !p.q->sex.empty() && records_.sex_known_at(brief.record) &&
                           p.q->sex[0] != records_.sex_at(brief.record);
  return brief_adjustment(p, brief, sex_differs);
}

double PersonList::brief_adjustment(const Prepared& p, const Brief& brief, bool sex_differs) {
  // Same order of additions as attribute_adjustment, so the same double.
  double total = 0;
  const char* label = nullptr;
  const double birth = birth_adjustment(p.q->birth, brief.birth, &label);
  if (label != nullptr) total += birth;
  if (p.traveller.nationality != 0 && brief.nationality != 0) {
    total += p.traveller.nationality == brief.nationality ? kNationalitySame : kNationalityDiffers;
  }
  if (sex_differs) total += kSexDiffers;
  return total;
}

void PersonList::explain(const Prepared& p, uint32_t e, PersonHit* detail) const {
  const PersonEntry& entry = entries_[e];
  // The names come from the entry's scoring record, which score() has just read: the same
  // tokens, weights and namesakes as the list's tables (scoring_records.h), so the same
  // doubles, without the tables' cache misses. Each name is compared once; the best one's
  // pairing is written out afterwards.
  thread_local std::vector<WeightedToken> tokens, best_tokens;
  // A common name needs a birth date that agrees the better the commoner it is: see
  // match_evidence.h.
  const DateEvidence evidence = date_evidence(p.q->birth, entry.birth);
  const bool sex_agrees = p.traveller.sex != 0 && p.traveller.sex == briefs_[e].sex;
  double best = 0, best_factor = 1;
  size_t best_name = 0;
  best_tokens.clear();
  records_.for_each_name(
      e, tokens,
      [&](uint32_t n, uint32_t namesakes, double weight, const std::vector<WeightedToken>& name) {
        const double similarity = name_similarity(p.weighted, name, nullptr);
        const double entry_side = log_namesakes(weight * similarity, entries_.size(), namesakes);
        const double factor =
            corroboration_factor_log(std::max(entry_side, p.log_namesakes), evidence, sex_agrees);
        if (n == 0 || similarity * factor > best) {
          best = std::max(best, similarity * factor);
          best_factor = factor;
          best_name = n;
          best_tokens.assign(name.begin(), name.end());
        }
      });
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
  if (entry_names_[e + 1] > entry_names_[e])
    name_similarity(p.weighted, best_tokens, &detail->pairs);
  if (best > 0 && best_factor < 1) {
    detail->adjustments.insert(detail->adjustments.begin(),
                               {"name too common for the birth-date agreement",
                                kNameWeight * best * (1 - 1 / best_factor)});
  }
}

std::vector<PersonHit> PersonList::screen(const PersonQuery& q, double threshold,
                                          ScreenStats* stats) const {
  Prepared p = prepare(q);
  thread_local std::vector<Candidate> candidates;
  candidates.clear();
  collect(p, threshold, candidates);
  count_namesakes(p);  // after collecting: its prefetch (prepare) has had time to arrive
  if (stats != nullptr) stats->candidates = candidates.size();
  std::vector<PersonHit> hits;
  // Whether candidate e's score may reach `threshold`, from its brief and the traveller's name
  // alone, before its names are compared. score() multiplies the name similarity (at most 1) by
  // the corroboration factor of the larger of the entry's and the traveller's namesakes, and the
  // factor falls as namesakes rise: the traveller's common name caps it, whatever the entry's
  // name. The attribute adjustment is score()'s (its sex penalty only where the brief shows it
  // too, so the bound is never below the score). A listed document scores 1 whatever the name,
  // and a threshold of 0 or less passes every score: then nothing is skipped.
  struct Bound {
    const PersonList* list;
    const Prepared* p;
    double threshold;
    bool off;
    double factor[5][2] = {};  // by DateEvidence and sex agreement, once needed (0: not yet)
    bool operator()(const Brief& brief) {
      if (off) return true;
      const bool sex_differs =
          p->traveller.sex != 0 && brief.sex != 0 && p->traveller.sex != brief.sex;
      const double adjustment = list->brief_adjustment(*p, brief, sex_differs);
      const DateEvidence evidence = date_evidence(p->q->birth, brief.birth);
      const bool sex_agrees = p->traveller.sex != 0 && p->traveller.sex == brief.sex;
      double& f = factor[static_cast<int>(evidence)][sex_agrees ? 1 : 0];
      if (f == 0) f = corroboration_factor_log(p->log_namesakes, evidence, sex_agrees);
      // A margin for rounding: a candidate within it is scored in full.
      return kNameWeight * f + adjustment >= threshold - 1e-9;
    }
  };
  Bound may_reach{this, &p, threshold, threshold <= 0 || p.document_entries != nullptr};
  // Candidates have passed may_hit already (collect), and carry their briefs: the bound costs
  // no memory read. The record of each one it lets through misses the cache: a query has
  // dozens of candidates, so the records of a batch of them are fetched at once and their
  // misses overlap. Beyond a few dozen the first ones would be evicted before they are scored.
  constexpr size_t kBatch = 32;
  thread_local std::vector<const Candidate*> reach;
  for (size_t first = 0; first < candidates.size(); first += kBatch) {
    const size_t last = std::min(first + kBatch, candidates.size());
    reach.clear();
    for (size_t i = first; i < last; ++i) {
      if (!may_reach(candidates[i].brief)) continue;
      reach.push_back(&candidates[i]);
      records_.prefetch_at(candidates[i].brief.record);
    }
    for (const Candidate* c : reach) {
      if (score(p, c->entry, c->brief, threshold, true) < threshold) continue;
      PersonHit h;
      explain(p, c->entry, &h);
      hits.push_back(std::move(h));
    }
  }
  std::sort(hits.begin(), hits.end(), [](const PersonHit& a, const PersonHit& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  return hits;
}

std::vector<PersonHit> PersonList::screen_exhaustive(const PersonQuery& q, double threshold) const {
  Prepared p = prepare(q);
  count_namesakes(p);
  std::vector<PersonHit> hits;
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    if (score(p, e, briefs_[e], threshold) < threshold) continue;
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
