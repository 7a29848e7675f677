// The state one stateful rule keeps for one key (a document number, a plate...): the events
// it remembers, in event-time order, and its bookkeeping. Stored as one rule_state value.
// Plain value type; the encoding is private to group.cc and versioned by its first byte
// (version 2, varints; version 1, fixed-width, is still read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bw::temporal {

// One remembered event.
struct Item {
  int64_t time_ms = 0;  // event time, UTC
  int32_t offset_minutes = 0;
  std::string event_id;
  std::string checkpoint;
  bool awaited = false;  // absent_*: an event of the awaited kind, not a trigger
  bool pending = false;  // absent_*: a trigger whose timer is still running
  bool exit = false;     // direction of the event
  bool matched = false;  // followed_by: an A that a B has answered
  // distinct/sum value; for a pending trigger its rendered output; for a sequence's A the
  // aggregated value, '\x1e', its `where` texts; for a B '\x1e' and its `where` texts
  std::string value;
  int64_t due_ms = 0;  // pending: when its deadline fires
};

struct Group {
  std::vector<Item> items;            // sorted by time_ms (stable for equal times)
  int64_t last_fired_ms = INT64_MIN;  // aggregates: end of the window that last fired
  int64_t expiry_due_ms = 0;          // the expiry timer now scheduled; 0 = none
  // Memory only, not encoded: a put of this group has been emitted (or it was loaded). A group
  // that never was written needs no delete.
  bool written = false;

  void insert(Item item);  // keeps the order
  int64_t newest_ms() const { return items.empty() ? INT64_MIN : items.back().time_ms; }
};

std::string encode(const Group& g);
// nullopt when the bytes are not a group this version wrote.
std::optional<Group> decode(std::string_view bytes);

}  // namespace bw::temporal
