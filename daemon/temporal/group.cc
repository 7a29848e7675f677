#include "temporal/group.h"

#include <algorithm>
#include <cstring>

namespace bw::temporal {

namespace {

constexpr char kVersion1 = 1;  // fixed 8-byte fields: still read
// Varints, times as deltas from the previous item, a deadline only for pending items: a few
// bytes per remembered event besides its id, checkpoint and value.
constexpr char kVersion2 = 2;
// A record: a count, then per group its rule identity (8 bytes, big-endian) and its version 2
// body (without the version byte), except that event ids and checkpoints are written once per
// record: the rules keyed on a document number each remember the same crossing, and those
// copies were a third of the bytes. A string is a varint 2 x length and its bytes, or a varint
// 2 x index + 1 naming an earlier string of the same kind in the record.
constexpr char kRecordVersion3 = 3;
// Strings a record can refer back to, per kind: bounds the writer's linear search.
constexpr size_t kMaxShared = 64;

// The strings written so far in one record, by kind; views into the groups or the bytes.
struct Shared {
  std::vector<std::string_view> ids;
  std::vector<std::string_view> checkpoints;
};

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Writes into a buffer sized up front (encoded_bound()): encode() runs for every change of
// every group, and growing a string byte by byte was most of its cost.
class Writer {
 public:
  explicit Writer(char* out) : out_(out) {}
  void varint(uint64_t v) {
    while (v >= 0x80) {
      *out_++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *out_++ = static_cast<char>(v);
  }
  void vstr(std::string_view s) {
    varint(s.size());
    std::memcpy(out_, s.data(), s.size());
    out_ += s.size();
  }
  void byte(char c) { *out_++ = c; }
  void shared_str(std::string_view s, std::vector<std::string_view>& seen) {
    for (size_t k = 0; k < seen.size(); ++k) {
      if (seen[k] == s) {
        varint(2 * k + 1);
        return;
      }
    }
    varint(2 * s.size());
    std::memcpy(out_, s.data(), s.size());
    out_ += s.size();
    if (seen.size() < kMaxShared) seen.push_back(s);
  }
  void be64(uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) *out_++ = static_cast<char>((v >> shift) & 0xff);
  }
  char* end() const { return out_; }

 private:
  char* out_;
};

constexpr size_t kMaxVarint = 10;

size_t encoded_bound(const Group& g) {
  size_t n = 1 + 8 + 3 * kMaxVarint;
  for (const Item& i : g.items) {
    n += 7 * kMaxVarint + i.event_id.size() + i.checkpoint.size() + i.value.size();
  }
  return n;
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
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && !in_.empty(); shift += 7) {
      const auto b = static_cast<unsigned char>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool svarint(int64_t& v) {
    uint64_t u = 0;
    if (!varint(u)) return false;
    v = unzigzag(u);
    return true;
  }
  bool vstr(std::string& s) {
    uint64_t n = 0;
    if (!varint(n) || n > in_.size()) return false;
    s.assign(in_.substr(0, static_cast<size_t>(n)));
    in_.remove_prefix(static_cast<size_t>(n));
    return true;
  }
  bool be64(uint64_t& v) {
    if (in_.size() < 8) return false;
    v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in_[i]);
    in_.remove_prefix(8);
    return true;
  }
  bool shared_str(std::string& s, std::vector<std::string_view>& seen) {
    uint64_t v = 0;
    if (!varint(v)) return false;
    if ((v & 1) != 0) {
      if (v / 2 >= seen.size()) return false;
      s.assign(seen[v / 2]);
      return true;
    }
    if (v / 2 > in_.size()) return false;
    const std::string_view text = in_.substr(0, static_cast<size_t>(v / 2));
    in_.remove_prefix(text.size());
    s.assign(text);
    if (seen.size() < kMaxShared) seen.push_back(text);
    return true;
  }
  bool done() const { return in_.empty(); }
  size_t left() const { return in_.size(); }

 private:
  std::string_view in_;
};

}  // namespace

void Group::insert(Item item) {
  auto at = std::upper_bound(items.begin(), items.end(), item.time_ms,
                             [](int64_t t, const Item& i) { return t < i.time_ms; });
  items.insert(at, std::move(item));
}

namespace {

// `shared`: null for a lone group (version 2), else the record's strings so far.
void write_body(Writer& w, const Group& g, Shared* shared) {
  w.varint(zigzag(g.last_fired_ms));
  w.varint(zigzag(g.expiry_due_ms));
  w.varint(g.items.size());
  int64_t prev = 0;
  for (const Item& i : g.items) {
    w.varint(zigzag(i.time_ms - prev));
    prev = i.time_ms;
    w.varint(zigzag(i.offset_minutes));
    w.varint((i.awaited ? 1 : 0) | (i.pending ? 2 : 0) | (i.exit ? 4 : 0) | (i.matched ? 8 : 0));
    if (i.pending) w.varint(zigzag(i.due_ms - i.time_ms));
    if (shared != nullptr) {
      w.shared_str(i.event_id, shared->ids);
      w.shared_str(i.checkpoint, shared->checkpoints);
    } else {
      w.vstr(i.event_id);
      w.vstr(i.checkpoint);
    }
    w.vstr(i.value);
  }
}

}  // namespace

std::string encode(const Group& g) {
  std::string out(encoded_bound(g), '\0');
  Writer w(out.data());
  w.byte(kVersion2);
  write_body(w, g, nullptr);
  out.resize(static_cast<size_t>(w.end() - out.data()));
  return out;
}

std::string encode_record(const std::vector<KeyedGroup>& groups) {
  size_t bound = 1 + kMaxVarint;
  for (const KeyedGroup& kg : groups) bound += encoded_bound(kg.group);
  std::string out(bound, '\0');
  Writer w(out.data());
  w.byte(kRecordVersion3);
  w.varint(groups.size());
  Shared shared;
  for (const KeyedGroup& kg : groups) {
    w.be64(kg.identity);
    write_body(w, kg.group, &shared);
  }
  out.resize(static_cast<size_t>(w.end() - out.data()));
  return out;
}

namespace {

void set_flags(Item& i, int64_t flags) {
  i.awaited = (flags & 1) != 0;
  i.pending = (flags & 2) != 0;
  i.exit = (flags & 4) != 0;
  i.matched = (flags & 8) != 0;
}

std::optional<Group> decode_v1(std::string_view bytes) {
  Reader r(bytes);
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
    set_flags(i, flags);
    g.items.push_back(std::move(i));
  }
  if (!r.done()) return std::nullopt;
  return g;
}

bool read_body(Reader& r, Group& g, Shared* shared) {
  uint64_t n = 0;
  if (!r.svarint(g.last_fired_ms) || !r.svarint(g.expiry_due_ms) || !r.varint(n) || n > r.left()) {
    return false;
  }
  int64_t prev = 0;
  for (uint64_t k = 0; k < n; ++k) {
    Item i;
    int64_t delta = 0;
    int64_t offset = 0;
    uint64_t flags = 0;
    if (!r.svarint(delta) || !r.svarint(offset) || !r.varint(flags)) return false;
    i.time_ms = prev + delta;
    prev = i.time_ms;
    if (offset < -24 * 60 || offset > 24 * 60) return false;
    i.offset_minutes = static_cast<int32_t>(offset);
    set_flags(i, static_cast<int64_t>(flags));
    int64_t due = 0;
    if (i.pending && !r.svarint(due)) return false;
    i.due_ms = i.pending ? i.time_ms + due : 0;
    const bool strings = shared != nullptr ? r.shared_str(i.event_id, shared->ids) &&
                                                 r.shared_str(i.checkpoint, shared->checkpoints)
                                           : r.vstr(i.event_id) && r.vstr(i.checkpoint);
    if (!strings || !r.vstr(i.value)) return false;
    g.items.push_back(std::move(i));
  }
  return true;
}

std::optional<Group> decode_v2(std::string_view bytes) {
  Reader r(bytes);
  Group g;
  if (!read_body(r, g, nullptr) || !r.done()) return std::nullopt;
  return g;
}

}  // namespace

std::optional<Group> decode(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;
  if (bytes[0] == kVersion1) return decode_v1(bytes.substr(1));
  if (bytes[0] == kVersion2) return decode_v2(bytes.substr(1));
  return std::nullopt;
}

std::optional<std::vector<KeyedGroup>> decode_record(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != kRecordVersion3) return std::nullopt;
  Reader r(bytes.substr(1));
  uint64_t n = 0;
  if (!r.varint(n) || n > r.left()) return std::nullopt;
  std::vector<KeyedGroup> groups(n);
  Shared shared;
  for (KeyedGroup& kg : groups) {
    if (!r.be64(kg.identity) || !read_body(r, kg.group, &shared)) return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return groups;
}

}  // namespace bw::temporal
