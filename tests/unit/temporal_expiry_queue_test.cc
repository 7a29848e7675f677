// The engine's expiry timers: hour buckets must hand timers out exactly as a heap ordered by
// (due, identity, key) would, including within the bucket the bound falls in.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "temporal/expiry_queue.h"

namespace {

using bw::temporal::ExpiryQueue;
using bw::temporal::ExpiryTimer;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kT0 = 1'748'736'000'000;  // 2025-06-01T00:00:00Z, on an hour boundary

std::vector<std::string> keys_of(const std::vector<ExpiryTimer>& timers) {
  std::vector<std::string> out;
  for (const auto& t : timers) out.push_back(t.key);
  return out;
}

TEST_CASE("expiry queue: due timers come out soonest first, ties by identity then key") {
  ExpiryQueue q;
  q.push({kT0 + 3 * kHour, 1, "late"});
  q.push({kT0 + 10, 2, "b"});
  q.push({kT0 + 10, 1, "z"});
  q.push({kT0 + 10, 1, "a"});
  q.push({kT0 - 5 * kHour, 9, "earliest"});
  q.push({kT0 + kHour + 1, 1, "next-hour"});
  CHECK(q.size() == 6);
  CHECK(keys_of(q.take_due(kT0 + kHour + 1)) ==
        std::vector<std::string>{"earliest", "a", "z", "b", "next-hour"});
  CHECK(q.size() == 1);
  CHECK(q.take_due(kT0 + 3 * kHour - 1).empty());
  CHECK(keys_of(q.take_due(kT0 + 3 * kHour)) == std::vector<std::string>{"late"});
  CHECK(q.size() == 0);
}

TEST_CASE("expiry queue: the bound's own bucket gives up only what is due") {
  ExpiryQueue q;
  q.push({kT0 + 30 * 60'000, 1, "half-past"});
  q.push({kT0 + 10 * 60'000, 1, "ten-past"});
  q.push({kT0 + 50 * 60'000, 1, "ten-to"});
  CHECK(keys_of(q.take_due(kT0 + 30 * 60'000)) ==
        std::vector<std::string>{"ten-past", "half-past"});
  q.push({kT0 + 40 * 60'000, 1, "twenty-to"});  // pushed while the bucket is half taken
  CHECK(keys_of(q.take_due(kT0 + kHour)) == std::vector<std::string>{"twenty-to", "ten-to"});
  CHECK(q.size() == 0);
}

TEST_CASE("expiry queue: dues before 1970 and clear()") {
  ExpiryQueue q;
  q.push({-1, 1, "minus-one"});
  q.push({-kHour - 1, 1, "an-hour-before"});
  q.push({0, 1, "epoch"});
  CHECK(keys_of(q.take_due(-1)) == std::vector<std::string>{"an-hour-before", "minus-one"});
  q.clear();
  CHECK(q.size() == 0);
  CHECK(q.take_due(kT0).empty());
}

}  // namespace
