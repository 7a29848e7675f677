#include "watchlist/posting_lists.h"

#include <algorithm>

namespace bw::watchlist {

void PostingLists::start() {
  for (size_t l = 1; l < starts_.size(); ++l) starts_[l] += starts_[l - 1];
  cursor_.assign(starts_.begin(), starts_.end() - 1);
  keys_.resize(starts_.back());
  briefs_.resize(starts_.back());
}

namespace {

// First index in (at, n) whose key is >= lo, or n; keys[at] < lo <= keys[n - 1] and the
// keys of (at, n) ascend. The first window of a long list is far from its start, where
// doubling steps and then halving take a dependent cache miss each: the birth years of a list
// spread roughly evenly, so the key's place between the ends guesses its index, and doubling
// steps outward from the guess find it in a few reads of lines near one another.
size_t guess_index(const uint64_t* keys, size_t at, size_t n, uint64_t lo) {
  const uint64_t first = keys[at], last = keys[n - 1];
  const double share = static_cast<double>(lo - first) / static_cast<double>(last - first);
  const size_t span = n - 1 - at;
  return std::clamp<size_t>(at + static_cast<size_t>(share * static_cast<double>(span)), at + 1,
                            n - 1);
}

size_t interpolate(const uint64_t* keys, size_t at, size_t n, uint64_t lo) {
  const size_t guess = guess_index(keys, at, n, lo);
  size_t below = at, above = guess, step = 1;  // then keys[below] < lo <= keys[above]
  if (keys[guess] < lo) {
    below = guess;
    for (; below + step < n - 1 && keys[below + step] < lo; step *= 2) below += step;
    above = std::min(below + step, n - 1);
  } else {
    for (; above > at + step && keys[above - step] >= lo; step *= 2) above -= step;
    below = above > at + step ? above - step : at;
  }
  return static_cast<size_t>(std::lower_bound(keys + below + 1, keys + above, lo) - keys);
}

}  // namespace

uint64_t PostingLists::first_dated(const Windows& windows) {
  for (const auto& [lo, hi] : windows) {
    if (hi > kDated) return std::max(lo, kDated);
  }
  return ~0ull;
}

void PostingLists::prefetch_ends(uint32_t list, uint64_t lo) const {
  const size_t n = size(list);
  if (n <= kLong || lo == ~0ull) return;
  const uint64_t* keys = keys_.data() + starts_[list];
  __builtin_prefetch(keys + interpolation_base(n));
  __builtin_prefetch(keys + n - 1);
}

void PostingLists::prefetch_window(uint32_t list, uint64_t lo) const {
  const size_t n = size(list), base = interpolation_base(n);
  if (n <= kLong || lo == ~0ull) return;
  const uint64_t* keys = keys_.data() + starts_[list];
  if (keys[base] < kDated || keys[base] >= lo || lo > keys[n - 1]) return;
  const size_t guess = guess_index(keys, base, n, lo);
  __builtin_prefetch(keys + guess);
  __builtin_prefetch(briefs_.data() + starts_[list] + guess);
}

size_t PostingLists::gallop(const uint64_t* keys, size_t at, size_t n, uint64_t lo) {
  // A long list's first dated window (nothing dated read yet): interpolated (above).
  const size_t base = interpolation_base(n);
  if (n > kLong && base > at && (at == 0 || keys[at - 1] < kDated) && keys[base] >= kDated &&
      keys[base] < lo && lo <= keys[n - 1]) {
    return interpolate(keys, base, n, lo);
  }
  // Windows lie close together (the same birth year and its neighbours), so the next one
  // starts a few postings on: doubling steps find it in O(log distance) reads, most of them
  // in cache lines the previous window already brought in.
  size_t step = 1, last_below = at;  // keys before last_below are < lo
  size_t probe = at;
  while (probe < n && keys[probe] < lo) {
    last_below = probe + 1;
    probe += step;
    step *= 2;
  }
  const size_t end = std::min(probe, n);
  return static_cast<size_t>(std::lower_bound(keys + last_below, keys + end, lo) - keys);
}

}  // namespace bw::watchlist
