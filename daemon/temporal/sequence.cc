// Sequences (followed_by): A then B for the same key within the window, B related to A by
// `where` (see engine.h, rules/stateful.h). Both kinds of event are remembered, so whichever
// arrives second (a late A finds an earlier-stored B) completes the pair.
#include <algorithm>

#include "temporal/engine.h"

namespace bw::temporal {

using rules::StatefulKind;
using rules::StatefulRule;

namespace {

std::string_view where_part(const Item& i) {
  const auto mark = i.value.find(kWhereMark);
  return mark == std::string::npos ? std::string_view()
                                   : std::string_view(i.value).substr(mark + 1);
}

std::string_view next_field(std::string_view& s) {
  const auto sep = s.find('\x1f');
  const std::string_view f = s.substr(0, sep);
  s = sep == std::string_view::npos ? std::string_view() : s.substr(sep + 1);
  return f;
}

bool pair_holds(const StatefulRule& r, const Item& b, const Item& a) {
  if (b.checkpoint == a.checkpoint && b.event_id == a.event_id) return false;  // one event
  if (b.time_ms < a.time_ms || b.time_ms > a.time_ms + r.window_ms) return false;
  std::string_view then = where_part(b);
  std::string_view first = where_part(a);
  for (const auto& rel : r.where) {
    if (!rules::relation_holds(rel.op, next_field(then), next_field(first))) return false;
  }
  return true;
}

bool by_time(const Item& x, const Item& y) {
  return x.time_ms < y.time_ms;
}

}  // namespace

// B is the first event matching followed_by after A (the return after an exit): `where`
// decides whether that pair counts, and a later B cannot answer an A that an earlier one
// already followed. Pairing is decided when the second event arrives.
std::optional<Engine::Fire> Engine::sequence(const StatefulRule& r, Group& g, Item item,
                                             PreparedHit& hit) {
  std::vector<Item> pairs;  // the events of the pairs completed by this event
  int64_t first_matched = INT64_MAX;
  // Whether a stored B lies in [from, before): then it, not a later one, follows A.
  auto followed_between = [&](int64_t from, int64_t before) {
    return std::any_of(g.items.begin(), g.items.end(), [&](const Item& i) {
      return i.awaited && i.time_ms >= from && i.time_ms < before;
    });
  };
  if (hit.awaited) {
    Item b = item;
    b.awaited = true;
    b.value = std::move(hit.awaited_value);
    for (Item& a : g.items) {
      if (a.awaited || a.matched || !pair_holds(r, b, a)) continue;
      if (followed_between(a.time_ms, b.time_ms)) continue;
      a.matched = true;
      pairs.push_back(a);
      first_matched = std::min(first_matched, a.time_ms);
    }
    if (!pairs.empty()) pairs.push_back(b);
    g.insert(std::move(b));
  }
  if (hit.trigger) {
    Item a = std::move(item);
    a.value = std::move(hit.trigger_value);
    // g.items is in time order: the first B at or after A is the one that follows it.
    auto next = std::find_if(g.items.begin(), g.items.end(), [&](const Item& b) {
      return b.awaited && b.time_ms >= a.time_ms &&
             !(b.checkpoint == a.checkpoint && b.event_id == a.event_id);
    });
    if (next != g.items.end() && pair_holds(r, *next, a)) {
      a.matched = true;
      pairs.push_back(a);
      pairs.push_back(*next);
      first_matched = std::min(first_matched, a.time_ms);
    }
    g.insert(std::move(a));
  }
  if (pairs.empty()) return std::nullopt;
  if (r.aggregated) return count_sequences(r, g, first_matched);
  std::sort(pairs.begin(), pairs.end(), by_time);
  return Fire{std::move(pairs)};
}

// The completed A's, counted like an aggregate over their own times.
std::optional<Engine::Fire> Engine::count_sequences(const StatefulRule& r, Group& g, int64_t t) {
  std::vector<Item> done;
  for (const Item& i : g.items) {
    if (i.awaited || !i.matched) continue;
    done.push_back(i);
    done.back().value.resize(done.back().value.find(kWhereMark));
  }
  return fire_window(r.counted, r.threshold, r.window_ms, done, t, g.last_fired_ms);
}

}  // namespace bw::temporal
