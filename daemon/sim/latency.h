// LatencyHistogram: bounded-memory latency percentiles (log-linear buckets, HdrHistogram
// style). Values are nanoseconds; a reported percentile is within 1/64 (about 1.6 %) of the
// true value. Fixed size (about 30 KB), so a simulator can run for days.
// Thread safety: none; merge() histograms kept per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bw::sim {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void record(int64_t ns);  // negative values count as 0
  void merge(const LatencyHistogram& other);
  void clear();

  uint64_t count() const { return count_; }
  int64_t min() const { return count_ ? min_ : 0; }
  int64_t max() const { return max_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  // p in [0, 100]; 0 when empty. percentile(100) is max().
  int64_t percentile(double p) const;

 private:
  static size_t bucket_of(uint64_t v);
  static uint64_t bucket_middle(size_t index);

  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
  double sum_ = 0;  // double: never overflows, and a mean needs no more precision
};

// "850 µs", "12.3 ms", "1.20 s": for progress lines and tables.
std::string format_duration_ns(int64_t ns);

}  // namespace bw::sim
