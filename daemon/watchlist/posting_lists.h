// PostingLists: the person index's posting lists, stored flat and read by birth-date window.
//
// Every list holds postings (date_key, Brief) in ascending key order (match_evidence.h). A query
// reads a few hundred lists, each through the handful of birth-date windows that can still reach
// a hit, so the cost is finding where each window starts. The keys are kept apart from the
// briefs so that search touches 8 bytes a posting instead of 24, and the windows of one list are
// found by galloping forward from the previous one rather than by a fresh binary search each.
// Entries without a birth date are a window of every dated query, and most are too common a
// name for a hit without a date to corroborate it (may_hit): they lead each list ordered by
// rarity, so reading stops at the first one too common.
//
// Build: count() every posting, then start(), then add() every posting in ascending key order
// (lists then come out in order without a sort). Afterwards immutable and thread-safe to read.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "util/huge_page_allocator.h"
#include "watchlist/match_evidence.h"

namespace bw::watchlist {

class PostingLists {
 public:
  using Windows = std::vector<std::pair<uint64_t, uint64_t>>;  // [lo, hi), sorted, disjoint

  explicit PostingLists(size_t lists = 0) : starts_(lists + 1, 0) {}
  // Adds a list (id = the former size()) and returns its id. Only before start().
  uint32_t add_list() {
    starts_.push_back(0);
    return static_cast<uint32_t>(starts_.size() - 2);
  }
  size_t lists() const { return starts_.size() - 1; }
  // Pass one: one more posting for `list`.
  void count(uint32_t list) { ++starts_[list + 1]; }
  // Between the passes: lays the lists out.
  void start();
  // Pass two: appends a posting to `list`; keys must come in ascending order per list, except
  // those of undated entries (below kDated), which must come first, rarest first
  // (Brief::log_namesakes ascending).
  void add(uint32_t list, uint64_t key, const Brief& brief) {
    const uint32_t at = cursor_[list]++;
    keys_[at] = key;
    briefs_[at] = brief;
  }
  // After the last add(): drops the build state.
  void finish() { cursor_ = {}; }
  // Calls fn(entry, brief) for every posting, the brief writable: for what is known of the
  // entries only once the lists are laid out (PersonList: where their scoring records start).
  template <typename Fn>
  void amend_briefs(Fn&& fn) {
    for (size_t i = 0; i < keys_.size(); ++i) fn(static_cast<uint32_t>(keys_[i]), briefs_[i]);
  }

  size_t size(uint32_t list) const { return starts_[list + 1] - starts_[list]; }

  // Reading a list starts with two dependent cache misses (where it starts, then its first
  // postings). A caller with several lists to scan prefetches every list's start, then every
  // list's head, then scans: the misses of all lists overlap instead of queueing.
  void prefetch_start(uint32_t list) const { __builtin_prefetch(&starts_[list]); }
  void prefetch_head(uint32_t list) const {
    __builtin_prefetch(keys_.data() + starts_[list]);
    __builtin_prefetch(briefs_.data() + starts_[list]);
  }
  // Two more levels for long lists, whose first dated window lies far from the head (gallop):
  // the postings its place is interpolated from, then the postings at the interpolated place.
  // `lo`: where the first dated window starts (first_dated below).
  void prefetch_ends(uint32_t list, uint64_t lo) const;
  void prefetch_window(uint32_t list, uint64_t lo) const;
  // The start of the first window in `windows` that holds dated keys (kDated or later), or
  // ~0 when none does.
  static uint64_t first_dated(const Windows& windows);

  // Calls fn(entry, brief) for every posting of `list` whose key lies in one of `windows`,
  // except undated entries (unknown birth date) whose log_namesakes exceeds `undated_bound`.
  template <typename Fn>
  void scan(uint32_t list, const Windows& windows, double undated_bound, Fn&& fn) const {
    const uint64_t* keys = keys_.data() + starts_[list];
    const Brief* briefs = briefs_.data() + starts_[list];
    const size_t n = size(list);
    size_t at = 0;
    for (auto [lo, hi] : windows) {
      if (lo < kDated) {  // the undated postings, rarest first: read while rare enough
        size_t i = 0;
        for (; i < n && keys[i] < kDated && briefs[i].log_namesakes <= undated_bound; ++i) {
          if (keys[i] >= lo && keys[i] < hi) fn(static_cast<uint32_t>(keys[i]), briefs[i]);
        }
        if (hi <= kDated) continue;
        lo = kDated;
        at = i;
      }
      at = gallop(keys, at, n, lo);
      for (; at < n && keys[at] < hi; ++at) fn(static_cast<uint32_t>(keys[at]), briefs[at]);
      if (at == n) return;
    }
  }

  // Keys below this are of undated entries (date_key of year 0).
  static inline const uint64_t kDated = date_key(PartialDate{1, 0, 0}, 0);

 private:
  // First index in [at, n) whose key is >= lo (n when none); keys[at - 1] < lo.
  static size_t gallop(const uint64_t* keys, size_t at, size_t n, uint64_t lo);
  // Lists longer than this find their first dated window by interpolation between the posting
  // at n / 8 (past the undated ones, a few percent of a list) and the last.
  static constexpr size_t kLong = 64;
  static size_t interpolation_base(size_t n) { return n / 8; }

  // A query reads a few hundred lists at random: on huge pages (huge_page_allocator.h).
  std::vector<uint32_t, HugePageAllocator<uint32_t>>
      starts_;                    // list l: [starts_[l], starts_[l + 1])
  std::vector<uint32_t> cursor_;  // while building
  std::vector<uint64_t, HugePageAllocator<uint64_t>> keys_;
  std::vector<Brief, HugePageAllocator<Brief>> briefs_;
};

}  // namespace bw::watchlist
