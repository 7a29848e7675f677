// A list of persons with the candidate index that screens a traveller against it without
// scanning the list.
//
// Index: every folded name token (name_fold.h) has a posting list of the entries using it,
// sorted by birth date so a query with a birth date reads only the dates that could still
// reach a hit (match_evidence.h: unknown, agreeing, swapped, one year off). Typos are found through
// a symmetric-delete neighbourhood of distance 1 (a token and its one-letter deletions both point
// to it), merged and split tokens by joining adjacent query tokens and splitting long ones. Tokens
// too frequent to enumerate (Nguyen, Sok, Kim) are not read alone: entries sharing only frequent
// tokens with the query are found through postings of frequent-token pairs. Only candidates are
// scored (name_score.h); screen_exhaustive() scores every entry and exists as the reference for
// tests and benchmarks.
//
// Immutable once built; thread-safe for concurrent screening (scratch space is per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/huge_page_allocator.h"
#include "watchlist/hashed_lists.h"
#include "watchlist/match_evidence.h"
#include "watchlist/name_score.h"
#include "watchlist/person.h"
#include "watchlist/posting_lists.h"
#include "watchlist/scoring_records.h"

namespace bw::watchlist {

struct PersonHit {
  uint32_t entry = 0;  // index into PersonList::entries()
  double score = 0;    // final, in [0, 1]
  double name_score = 0;
  size_t name = 0;  // which of the entry's names paired best
  std::vector<NamePair> pairs;
  std::vector<Adjustment> adjustments;
};

struct ScreenStats {
  size_t candidates = 0;  // entries collected; the score bound (screen) spares some the full score
};

class PersonList {
 public:
  explicit PersonList(std::vector<PersonEntry> entries);
  PersonList(const PersonList&) = delete;
  PersonList& operator=(const PersonList&) = delete;

  const std::vector<PersonEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

  // Hits with score >= threshold, best first, each with its breakdown.
  std::vector<PersonHit> screen(const PersonQuery& q, double threshold = kDefaultThreshold,
                                ScreenStats* stats = nullptr) const;
  // The same scorer over every entry: the reference, O(list).
  std::vector<PersonHit> screen_exhaustive(const PersonQuery& q,
                                           double threshold = kDefaultThreshold) const;
  // Entries listing this normalised document number (empty when none).
  const std::vector<uint32_t>* by_document(const std::string& normalised) const;

  // Rarity weight of a folded token in (0, 1]; tokens not in the list weigh 1.
  float weight(std::string_view folded) const;

  // Tokens shorter than this have no one-letter deletion variants: they are matched exactly
  // (An, Le, Ly).
  static constexpr size_t kMinDeleteLen = 3;

 private:
  // The query folded and looked up once (person_list_query.h). prepare() leaves the
  // traveller's namesakes to count_namesakes(), whose reads of name_hashes_ miss the cache:
  // prepare() prefetches it, and screen() collects candidates before it counts.
  struct Prepared;
  Prepared prepare(const PersonQuery& q) const;
  // A candidate with the brief its posting carries: the filters and the score read it there,
  // not from briefs_ at random.
  struct Candidate {
    uint32_t entry;
    Brief brief;
  };
  void count_namesakes(Prepared& p) const;
  // Score of entry `e` (whose brief is `brief`), read from its scoring record (records_, at
  // brief.record). Below `threshold` it may return 0 without comparing names, unless
  // `filtered`: the caller has checked may_hit for `e` already.
  double score(const Prepared& p, uint32_t e, const Brief& brief, double threshold,
               bool filtered = false) const;
  // The same score with its breakdown: the names from the record, the attributes and their
  // labels from the entry itself. For hits only.
  void explain(const Prepared& p, uint32_t e, PersonHit* detail) const;
  // attribute_adjustment of the entry with this brief, from the brief and its record.
  double attribute_adjustment_of(const Prepared& p, const Brief& brief) const;
  // The same from the brief alone, with the sex penalty applied when `sex_differs`: score()
  // decides it from the record, the score bound in screen() from the brief (no record read).
  static double brief_adjustment(const Prepared& p, const Brief& brief, bool sex_differs);
  void build();
  void build_briefs();
  void build_records();                     // after build_briefs: needs the weights and namesakes
  double name_weight(uint32_t name) const;  // total rarity weight of the name's tokens
  // Whether one of entry e's names has token `id` twice (then it has a pair posting with itself).
  bool written_twice(uint32_t e, uint32_t id) const;
  static uint64_t name_hash(const std::vector<uint32_t>& sorted_ids);
  uint32_t token_id(const std::string& t);
  // Id of the folded token `t`, or kNoToken when no entry uses it.
  static constexpr uint32_t kNoToken = ~0u;
  uint32_t find_token(std::string_view t) const;
  uint32_t find_token(std::string_view t, uint64_t hash) const;  // hash: HashedLists::hash_of(t)
  // Calls fn(list id) for every posting list entry e belongs to (its tokens', its pairs').
  template <typename Fn>
  void lists_of(uint32_t e, const std::vector<uint32_t>& distinct_ids, Fn&& fn);
  void build_postings(const std::vector<std::vector<uint32_t>>& entry_tokens);
  // Candidates for the query: entries that may score `threshold`, each once, never the whole
  // list (see the postings below).
  void collect(const Prepared& p, double threshold, std::vector<Candidate>& out) const;
  // Candidate collection, in person_list_collect.cc; `out` parameters are the caller's
  // scratch, cleared first.
  struct Frequent;
  void query_positions(const Prepared& p, std::vector<std::string>& out) const;
  template <typename Scan>
  void scan_positions(const std::vector<std::string>& positions, const Scan& scan,
                      std::vector<Frequent>& frequent) const;
  template <typename Scan>
  void scan_frequent_pairs(const std::vector<Frequent>& frequent, const Scan& scan) const;

  std::vector<PersonEntry> entries_;
  // Names as token ids: entry e has names [entry_names_[e], entry_names_[e+1]); name n has
  // tokens [name_tokens_[n], name_tokens_[n+1]) in tokens_of_names_.
  std::vector<uint32_t> entry_names_, name_tokens_, tokens_of_names_;
  std::vector<std::string> tokens_;                 // by id, folded
  std::vector<float> weights_;                      // by id
  std::vector<uint32_t> df_;                        // by id: entries using the token
  std::unordered_map<std::string, uint32_t> dict_;  // while building; then lookup_
  // A token -> its id flagged kExact (checked against tokens_), and a one-letter deletion of
  // tokens -> their ids: one table, so each string a query looks up costs one probe, not one a
  // table. Every id is flagged kFrequent when its token is read only through pairs (frequent_),
  // which spares a miss on df_.
  HashedLists lookup_;
  static constexpr uint32_t kExact = 1u << 31, kFrequent = 1u << 30, kIdMask = kFrequent - 1;
  // Postings of every token (list id = token id) and of frequent-token pairs (list ids after
  // the tokens', by pair key), date_key(birth, entry) ascending (match_evidence.h). Each carries
  // its entry's Brief so the candidate filter reads the posting sequentially instead of the
  // entry's brief at random: a query reads hundreds of postings and keeps a handful.
  PostingLists postings_;
  // Frequent-token pairs, (lo id << 32 | hi id) -> list id: a map while building, then a
  // HashedLists of the key's bytes (one cache miss a probe), checked against pair_keys_ (by list
  // id - tokens).
  std::unordered_map<uint64_t, uint32_t> pair_lists_;
  HashedLists pair_table_;
  std::vector<uint64_t> pair_keys_;
  uint32_t find_pair(uint64_t key) const;  // its list id, or kNoToken
  static uint64_t pair_key(uint32_t a, uint32_t b) {
    if (a > b) std::swap(a, b);
    return (static_cast<uint64_t>(a) << 32) | b;
  }
  static std::string_view key_bytes(const uint64_t& key) {
    return {reinterpret_cast<const char*>(&key), sizeof key};
  }
  std::unordered_map<std::string, std::vector<uint32_t>> documents_;
  // name_hash of every name, once an entry, sorted; one binary search a query, on huge pages.
  std::vector<uint64_t, HugePageAllocator<uint64_t>> name_hashes_;
  // name_hashes_ by their top name_hash_bits_ bits, about eight a bucket: bucket b holds
  // [name_hash_buckets_[b], name_hash_buckets_[b + 1]). A query reads two neighbouring offsets,
  // then a line or two of hashes, instead of searching a million.
  std::vector<uint32_t> name_hash_buckets_;
  int name_hash_bits_ = 0;
  size_t name_hash_bucket(uint64_t h) const {
    return name_hash_bits_ == 0 ? 0 : static_cast<size_t>(h >> (64 - name_hash_bits_));
  }
  std::vector<uint32_t> namesakes_;  // by name: other names listed with exactly its tokens
  // By entry: the candidate filter's view (match_evidence.h); read at random by the exhaustive
  // scan's reference and for document candidates, so on huge pages too.
  std::vector<Brief, HugePageAllocator<Brief>> briefs_;
  ScoringRecords records_;  // by entry: what score() reads of it
  uint32_t frequent_ = 0;   // df above this: read only through pairs
};

}  // namespace bw::watchlist
