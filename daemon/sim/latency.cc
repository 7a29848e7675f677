#include "sim/latency.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace bw::sim {

namespace {

// Values below 128 have a bucket each; above, each power of two is split into 64 buckets.
constexpr int kSubBits = 6;
constexpr uint64_t kSub = uint64_t{1} << kSubBits;  // 64
constexpr uint64_t kLinear = 2 * kSub;              // 128
constexpr size_t kBuckets = kLinear + (64 - kSubBits - 1) * kSub;

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBuckets, 0) {}

size_t LatencyHistogram::bucket_of(uint64_t v) {
  if (v < kLinear) return static_cast<size_t>(v);
  const int shift = std::bit_width(v) - kSubBits - 1;  // >= 1
  const uint64_t sub = (v >> shift) - kSub;            // 0..63
  return static_cast<size_t>(kLinear + (shift - 1) * kSub + sub);
}

uint64_t LatencyHistogram::bucket_middle(size_t index) {
  if (index < kLinear) return index;
  const size_t shift = (index - kLinear) / kSub + 1;
  const uint64_t sub = (index - kLinear) % kSub + kSub;
  return (sub << shift) + (uint64_t{1} << (shift - 1));
}

void LatencyHistogram::record(int64_t ns) {
  const int64_t v = std::max<int64_t>(ns, 0);
  ++buckets_[bucket_of(static_cast<uint64_t>(v))];
  if (count_ == 0 || v < min_) min_ = v;
  max_ = std::max(max_, v);
  sum_ += static_cast<double>(v);
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
  count_ += other.count_;
}

void LatencyHistogram::clear() {
  *this = LatencyHistogram();
}

int64_t LatencyHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  if (p >= 100) return max_;
  const double clamped = std::max(p, 0.0);
  // The rank of the wanted sample, 1-based: p50 of 2 samples is the first.
  const uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(clamped / 100.0 * count_)));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const auto mid = static_cast<int64_t>(bucket_middle(i));
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

std::string format_duration_ns(int64_t ns) {
  char buf[32];
  if (ns < 10'000) {
    std::snprintf(buf, sizeof buf, "%.2f µs", ns / 1e3);
  } else if (ns < 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.0f µs", ns / 1e3);
  } else if (ns < 1'000'000'000) {
    std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", ns / 1e9);
  }
  return buf;
}

}  // namespace bw::sim
