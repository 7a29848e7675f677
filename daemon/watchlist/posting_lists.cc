#include "watchlist/posting_lists.h"

#include <algorithm>

namespace bw::watchlist {

void PostingLists::start() {
  for (size_t l = 1; l < starts_.size(); ++l) starts_[l] += starts_[l - 1];
  cursor_.assign(starts_.begin(), starts_.end() - 1);
  keys_.resize(starts_.back());
  briefs_.resize(starts_.back());
}

size_t PostingLists::gallop(const uint64_t* keys, size_t at, size_t n, uint64_t lo) {
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
