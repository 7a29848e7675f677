#include "temporal/group.h"

#include <algorithm>
#include <cstring>

namespace bw::temporal {

namespace {

constexpr char kVersion = 1;

void put_i64(std::string& out, int64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

void put_str(std::string& out, std::string_view s) {
  put_i64(out, static_cast<int64_t>(s.size()));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool i64(int64_t& v) {
    if (in_.size() < 8) return false;
    std::memcpy(&v, in_.data(), 8);
    in_.remove_prefix(8);
    return true;
  }
  bool str(std::string& s) {
    int64_t n = 0;
    if (!i64(n) || n < 0 || static_cast<uint64_t>(n) > in_.size()) return false;
    s.assign(in_.substr(0, static_cast<size_t>(n)));
    in_.remove_prefix(static_cast<size_t>(n));
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

void Group::insert(Item item) {
  auto at = std::upper_bound(items.begin(), items.end(), item.time_ms,
                             [](int64_t t, const Item& i) { return t < i.time_ms; });
  items.insert(at, std::move(item));
}

std::string encode(const Group& g) {
  std::string out(1, kVersion);
  put_i64(out, g.last_fired_ms);
  put_i64(out, g.expiry_due_ms);
  put_i64(out, static_cast<int64_t>(g.items.size()));
  for (const Item& i : g.items) {
    put_i64(out, i.time_ms);
    put_i64(out, i.offset_minutes);
    put_i64(out, i.due_ms);
    put_i64(out,
            (i.awaited ? 1 : 0) | (i.pending ? 2 : 0) | (i.exit ? 4 : 0) | (i.matched ? 8 : 0));
    put_str(out, i.event_id);
    put_str(out, i.checkpoint);
    put_str(out, i.value);
  }
  return out;
}

std::optional<Group> decode(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != kVersion) return std::nullopt;
  Reader r(bytes.substr(1));
  Group g;
  int64_t n = 0;
  if (!r.i64(g.last_fired_ms) || !r.i64(g.expiry_due_ms) || !r.i64(n) || n < 0) {
    return std::nullopt;
  }
  for (int64_t k = 0; k < n; ++k) {
    Item i;
    int64_t offset = 0;
    int64_t flags = 0;
    if (!r.i64(i.time_ms) || !r.i64(offset) || !r.i64(i.due_ms) || !r.i64(flags) ||
        !r.str(i.event_id) || !r.str(i.checkpoint) || !r.str(i.value)) {
      return std::nullopt;
    }
    if (offset < -24 * 60 || offset > 24 * 60) return std::nullopt;
    i.offset_minutes = static_cast<int32_t>(offset);
    i.awaited = (flags & 1) != 0;
    i.pending = (flags & 2) != 0;
    i.exit = (flags & 4) != 0;
    i.matched = (flags & 8) != 0;
    g.items.push_back(std::move(i));
  }
  if (!r.done()) return std::nullopt;
  return g;
}

}  // namespace bw::temporal
