// LatencyHistogram percentiles and formatting.
#include <doctest/doctest.h>

#include "sim/latency.h"

using bw::sim::LatencyHistogram;

TEST_CASE("sim latency: percentiles within the histogram's precision") {
  LatencyHistogram h;
  CHECK(h.percentile(50) == 0);
  for (int64_t us = 1; us <= 1000; ++us) h.record(us * 1000);
  CHECK(h.count() == 1000);
  CHECK(h.min() == 1000);
  CHECK(h.max() == 1'000'000);
  CHECK(h.mean() == doctest::Approx(500'500.0));
  CHECK(h.percentile(50) == doctest::Approx(500'000.0).epsilon(0.02));
  CHECK(h.percentile(99) == doctest::Approx(990'000.0).epsilon(0.02));
  CHECK(h.percentile(100) == 1'000'000);
  CHECK(h.percentile(0) == doctest::Approx(1000.0).epsilon(0.02));
}

TEST_CASE("sim latency: small values are exact, negatives count as zero, merge adds") {
  LatencyHistogram a, b;
  for (int v = 0; v < 100; ++v) a.record(v);
  a.record(-5);
  CHECK(a.min() == 0);
  CHECK(a.percentile(50) == 49);
  b.record(1'000'000'000);
  a.merge(b);
  CHECK(a.count() == 102);
  CHECK(a.max() == 1'000'000'000);
  a.clear();
  CHECK(a.count() == 0);
}

TEST_CASE("sim latency: durations read well") {
  CHECK(bw::sim::format_duration_ns(850) == "0.85 µs");
  CHECK(bw::sim::format_duration_ns(250'000) == "250 µs");
  CHECK(bw::sim::format_duration_ns(12'340'000) == "12.34 ms");
  CHECK(bw::sim::format_duration_ns(1'200'000'000) == "1.20 s");
}
