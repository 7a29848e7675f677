#include "watchlist/hashed_lists.h"

#include <algorithm>
#include <functional>

namespace bw::watchlist {

uint64_t HashedLists::hash_of(std::string_view key) {
  const uint64_t h = std::hash<std::string_view>{}(key);
  return h == 0 ? 1 : h;
}

void HashedLists::add(std::string_view key, uint32_t value) {
  pending_.emplace_back(hash_of(key), value);
}

void HashedLists::freeze() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t distinct = 0;
  for (size_t i = 0; i < pending_.size(); ++i) {
    distinct += i == 0 || pending_[i].first != pending_[i - 1].first;
  }
  size_t size = 16;
  while (size < 2 * distinct) size *= 2;
  slots_.assign(size, Slot{});
  values_.clear();
  values_.reserve(pending_.size());
  for (size_t i = 0; i < pending_.size();) {
    const uint64_t h = pending_[i].first;
    Slot s{h, static_cast<uint32_t>(values_.size()), 0};
    for (; i < pending_.size() && pending_[i].first == h; ++i) {
      values_.push_back(pending_[i].second);
      ++s.count;
    }
    if (s.count == 1) {  // kept in the slot itself (find_hashed)
      s.begin = values_.back();
      values_.pop_back();
    }
    size_t at = h & (size - 1);
    while (slots_[at].hash != 0) at = (at + 1) & (size - 1);
    slots_[at] = s;
  }
  build_filter(distinct);
  pending_.clear();
  pending_.shrink_to_fit();
}

void HashedLists::build_filter(size_t distinct) {
  // About a byte a key: a few percent of absent keys pass, and the filter of a million keys
  // stays within a core's L2 cache. Its bits come from other parts of the hash than the slot's.
  size_t words = 1;
  while (words * 64 < distinct * kFilterBitsPerKey) words *= 2;
  filter_.assign(words, 0);
  for (const Slot& s : slots_) {
    if (s.hash == 0) continue;
    filter_[(s.hash >> 20) & (words - 1)] |=
        (uint64_t{1} << (s.hash >> 58)) | (uint64_t{1} << ((s.hash >> 52) & 63));
  }
}

std::span<const uint32_t> HashedLists::find_hashed(uint64_t h) const {
  if (slots_.empty()) return {};
  using Span = std::span<const uint32_t>;
  const size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    const Slot& s = slots_[at];
    if (s.hash == h) {
      return s.count == 1 ? Span(&s.begin, 1) : Span(values_.data() + s.begin, s.count);
    }
    if (s.hash == 0) return {};
  }
}

}  // namespace bw::watchlist
