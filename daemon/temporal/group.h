// The state one stateful rule keeps for one key (a document number, a plate...): the events
// it remembers, in event-time order, and its bookkeeping. The groups of all rules keyed on
// the same key text are stored together as one rule_state value, a record (keys.h). Plain
// value types; the encodings are private to group.cc and versioned by their first byte
// (record: version 3; a group alone, as earlier releases stored it: version 2, varints, or
// version 1, fixed-width; both still read).
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

  void insert(Item item);  // keeps the order
  int64_t newest_ms() const { return items.empty() ? INT64_MIN : items.back().time_ms; }
};

// One rule's group within a key's record.
struct KeyedGroup {
  uint64_t identity = 0;  // the rule's (rules/rule_identity.h)
  Group group;
};

std::string encode(const Group& g);
// nullopt when the bytes are not a group this version wrote.
std::optional<Group> decode(std::string_view bytes);

// The groups of one key text, every rule's, as one value: one store write per key an event
// touches instead of one per rule keyed on it.
std::string encode_record(const std::vector<KeyedGroup>& groups);
// nullopt when the bytes are not a record this version wrote.
std::optional<std::vector<KeyedGroup>> decode_record(std::string_view bytes);

}  // namespace bw::temporal
