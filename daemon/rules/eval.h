// The compiled form of conditions: small immutable node objects evaluated per event.
//
// Values (RtValue) never own memory: strings point into the event body, into the node that
// holds a constant, or into the per-thread Scratch. A value is valid until the Scratch is
// reset (the evaluator resets it before each rule). Missing fields, JSON null and values of
// an unexpected JSON type evaluate as kMissing, and every comparison with kMissing is false:
// evaluation never throws and never fails.
//
// Thread safety: nodes are immutable after construction and may be evaluated from many
// threads at once; all mutable state is in EvalState, which belongs to one thread.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/rule_set.h"

namespace bw::rules {

struct RtValue {
  enum class Kind : uint8_t { kMissing, kBool, kNumber, kString, kDate, kTime, kJson };
  Kind kind = Kind::kMissing;
  bool boolean = false;
  double num = 0;                     // kNumber
  int64_t ival = 0;                   // kDate: days since 1970-01-01; kTime: UTC milliseconds
  std::string_view str;               // kString
  const json::Value* json = nullptr;  // kJson (arrays, objects)

  bool missing() const { return kind == Kind::kMissing; }
  static RtValue of_bool(bool b) {
    RtValue v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static RtValue of_number(double d) {
    RtValue v;
    v.kind = Kind::kNumber;
    v.num = d;
    return v;
  }
  static RtValue of_string(std::string_view s) {
    RtValue v;
    v.kind = Kind::kString;
    v.str = s;
    return v;
  }
  static RtValue of_int(Kind k, int64_t i) {
    RtValue v;
    v.kind = k;
    v.ival = i;
    return v;
  }
  static RtValue of_json(const json::Value* j);  // scalars map to their kind; null -> missing
};

// Reusable string buffers for values computed during one rule (lower(), upper()). A deque so
// handed-out strings never move while more are taken.
// Also the sums over arrays already computed for the current event (see make_filter_sum()):
// a thousand rules hold dozens of thresholds on the same `goods[category = "X"].count`, and
// each would walk the array again. make_state() forgets them.
class Scratch {
 public:
  std::string& take();
  void reset() { used_ = 0; }

  const RtValue* known_sum(const void* key) const {
    for (const auto& [k, v] : sums_) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  void remember_sum(const void* key, RtValue v) { sums_.emplace_back(key, v); }
  void forget_sums() { sums_.clear(); }

 private:
  std::deque<std::string> buffers_;
  size_t used_ = 0;
  std::vector<std::pair<const void*, RtValue>> sums_;
};

struct EvalState {
  const EvalContext& ctx;
  int64_t event_day = 0;  // the event's local date (days since epoch), for age()/days_*
  int local_minute = 0;   // minutes after local midnight, for opening hours
  Scratch& scratch;
  const json::Value* element = nullptr;  // the array element a [filter] is looking at
};

// Builds the per-event state (local date and minute from ctx.timezone_offset_minutes), and
// starts a new event in `scratch`.
EvalState make_state(const EvalContext& ctx, Scratch& scratch);

class ValueNode {
 public:
  virtual ~ValueNode() = default;
  virtual RtValue eval(EvalState& st) const = 0;
};

class BoolNode {
 public:
  virtual ~BoolNode() = default;
  virtual bool eval(EvalState& st) const = 0;
};

using ValuePtr = std::unique_ptr<const ValueNode>;
using BoolPtr = std::shared_ptr<const BoolNode>;  // shared: a macro's tree is used by many rules

// Appends the value as text: strings as they are, numbers in shortest form (25000, 0.5),
// dates as YYYY-MM-DD, timestamps as RFC 3339 at `offset_minutes`, arrays/objects as JSON.
void append_text(std::string& out, const RtValue& v, int offset_minutes);

}  // namespace bw::rules
