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

// Most pushes of a batch land in the few buckets of now + each rule's retention: the last ones
// used are looked up without walking the tree.
void ExpiryQueue::push(ExpiryTimer t) {
  const int64_t b = bucket_of(t.due);
  std::vector<ExpiryTimer>* bucket = nullptr;
  for (const auto& [index, timers] : recent_) {
    if (index == b) bucket = timers;
  }
  if (bucket == nullptr) {
    bucket = &buckets_[b];
    recent_[next_recent_] = {b, bucket};
    next_recent_ = (next_recent_ + 1) % recent_.size();
  }
  bucket->push_back(std::move(t));
  ++size_;
}

std::vector<ExpiryTimer> ExpiryQueue::take_due(int64_t bound) {
  forget_recent();  // buckets may be erased
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
  forget_recent();
  buckets_.clear();
  size_ = 0;
}

void ExpiryQueue::forget_recent() {
  recent_.fill({INT64_MIN, nullptr});
}

}  // namespace bw::temporal
