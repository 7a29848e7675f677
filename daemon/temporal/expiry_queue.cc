#include "temporal/expiry_queue.h"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace bw::temporal {

namespace {

constexpr int64_t kBucketMs = 3'600'000;

// Floored, so that a due before 1970 (a corrupt store) still lands in order.
int64_t bucket_of(int64_t due) {
  const int64_t q = due / kBucketMs;
  return (due % kBucketMs != 0 && due < 0) ? q - 1 : q;
}

bool sooner(const ExpiryTimer& a, const ExpiryTimer& b) {
  return std::tie(a.due, a.identity, a.key) < std::tie(b.due, b.identity, b.key);
}

}  // namespace

void ExpiryQueue::push(ExpiryTimer t) {
  buckets_[bucket_of(t.due)].push_back(std::move(t));
  ++size_;
}

std::vector<ExpiryTimer> ExpiryQueue::take_due(int64_t bound) {
  std::vector<ExpiryTimer> out;
  const int64_t last = bucket_of(bound);
  while (!buckets_.empty() && buckets_.begin()->first <= last) {
    auto bucket = buckets_.begin();
    auto& timers = bucket->second;
    if (bucket->first < last) {  // wholly due
      std::move(timers.begin(), timers.end(), std::back_inserter(out));
      buckets_.erase(bucket);
      continue;
    }
    auto due_end = std::partition(timers.begin(), timers.end(),
                                  [&](const ExpiryTimer& t) { return t.due <= bound; });
    std::move(timers.begin(), due_end, std::back_inserter(out));
    timers.erase(timers.begin(), due_end);
    if (timers.empty()) buckets_.erase(bucket);
    break;
  }
  size_ -= out.size();
  std::sort(out.begin(), out.end(), sooner);
  return out;
}

void ExpiryQueue::clear() {
  buckets_.clear();
  size_ = 0;
}

}  // namespace bw::temporal
