// The state engine's expiry timers (engine.h): when each group's state may be pruned.
//
// Timers are kept in buckets of an hour of due time: a push appends to its bucket, where a
// binary heap of every timer (millions in bwbench temporal) sifted each short-window timer up
// past the long-window ones, a cache miss per level, and was after the group lookups the
// engine's largest cost. A bucket is sorted only when it comes due. take_due() hands timers
// out in (due, identity, key) order, so equal dues expire in a fixed order.
//
// A timer is never removed early: the engine skips one whose group is gone or rescheduled.
// Movable, not copyable (it keeps pointers into its own buckets); not thread-safe (one thread
// owns the Engine).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bw::temporal {

struct ExpiryTimer {
  int64_t due = 0;
  uint64_t identity = 0;  // the rule's
  std::string key;        // the group's key text
};

class ExpiryQueue {
 public:
  ExpiryQueue() = default;
  ExpiryQueue(const ExpiryQueue&) = delete;
  ExpiryQueue& operator=(const ExpiryQueue&) = delete;
  // std::map moves its nodes, so the pointers stay valid; a moved-from queue must be clear()ed
  // before it is used again.
  ExpiryQueue(ExpiryQueue&&) = default;
  ExpiryQueue& operator=(ExpiryQueue&&) = default;

  void push(ExpiryTimer t);
  // Removes the timers due at or before `bound` and returns them soonest first (equal dues
  // by identity, then key). Timers pushed later are not in the result, even if due.
  std::vector<ExpiryTimer> take_due(int64_t bound);
  size_t size() const { return size_; }
  void clear();

 private:
  void forget_recent();

  std::map<int64_t, std::vector<ExpiryTimer>> buckets_;  // by due / bucket length (floored)
  size_t size_ = 0;
  // The buckets pushed to last (index, bucket), oldest replaced first; valid until a bucket is
  // erased. A bucket index of INT64_MIN is unused: no due floors to it.
  std::array<std::pair<int64_t, std::vector<ExpiryTimer>*>, 8> recent_{{{INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr},
                                                                        {INT64_MIN, nullptr}}};
  size_t next_recent_ = 0;
};

}  // namespace bw::temporal
