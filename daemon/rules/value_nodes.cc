// Value nodes: field access, constants, conversions, functions and array filters.
#include <charconv>
#include <cstdio>

#include "json/writer.h"
#include "rules/nodes.h"
#include "rules/watchlist_nodes.h"

namespace bw::rules {

RtValue RtValue::of_json(const json::Value* j) {
  if (j == nullptr) return {};
  switch (j->type()) {
    case json::Value::Type::kNull:
      return {};
    case json::Value::Type::kBool:
      return of_bool(j->as_bool());
    case json::Value::Type::kNumber:
      return of_number(j->as_number());
    case json::Value::Type::kString:
      return of_string(j->as_string());
    default: {
      RtValue v;
      v.kind = Kind::kJson;
      v.json = j;
      return v;
    }
  }
}

std::string& Scratch::take() {
  if (used_ == buffers_.size()) buffers_.emplace_back();
  std::string& s = buffers_[used_++];
  s.clear();
  return s;
}

EvalState make_state(const EvalContext& ctx, Scratch& scratch) {
  EvalState st{ctx, 0, 0, scratch, nullptr};
  scratch.forget_sums();
  const int64_t local_ms = ctx.event.time.utc_ms + int64_t{ctx.timezone_offset_minutes} * 60000;
  st.event_day = floor_div(local_ms, 86400000);
  st.local_minute = static_cast<int>((local_ms - st.event_day * 86400000) / 60000);
  return st;
}

void append_text(std::string& out, const RtValue& v, int offset_minutes) {
  switch (v.kind) {
    case RtValue::Kind::kMissing:
      out += "<missing>";
      return;
    case RtValue::Kind::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case RtValue::Kind::kString:
      out += v.str;
      return;
    case RtValue::Kind::kNumber: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v.num);
      out.append(buf, r.ptr);
      return;
    }
    case RtValue::Kind::kDate: {
      int y, m, d;
      civil_from_days(v.ival, y, m, d);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      out += buf;
      return;
    }
    case RtValue::Kind::kTime:
      out += format_rfc3339(v.ival, offset_minutes);
      return;
    case RtValue::Kind::kJson:
      json::append(out, *v.json);
      return;
  }
}

namespace {

class BodyField final : public ValueNode {
 public:
  explicit BodyField(std::vector<std::string> steps) : steps_(std::move(steps)) {}
  RtValue eval(EvalState& st) const override {
    return RtValue::of_json(json::find_steps(&st.ctx.event.body, steps_));
  }

 private:
  std::vector<std::string> steps_;
};

class ElementField final : public ValueNode {
 public:
  explicit ElementField(std::vector<std::string> steps) : steps_(std::move(steps)) {}
  RtValue eval(EvalState& st) const override {
    return RtValue::of_json(json::find_steps(st.element, steps_));
  }

 private:
  std::vector<std::string> steps_;
};

class EventMemberNode final : public ValueNode {
 public:
  explicit EventMemberNode(EventMember m) : m_(m) {}
  RtValue eval(EvalState& st) const override {
    const event::Event& e = st.ctx.event;
    switch (m_) {
      case EventMember::kEventId:
        return RtValue::of_string(e.id);
      case EventMember::kCheckpoint:
        return RtValue::of_string(e.checkpoint);
      case EventMember::kDirection:
        return RtValue::of_string(e.direction == event::Direction::kExit ? "exit" : "entry");
      case EventMember::kTime:
        return RtValue::of_int(RtValue::Kind::kTime, e.time.utc_ms);
    }
    return {};
  }

 private:
  EventMember m_;
};

class SiteFieldNode final : public ValueNode {
 public:
  explicit SiteFieldNode(SiteField f) : f_(f) {}
  RtValue eval(EvalState& st) const override {
    const config::Checkpoint* cp = st.ctx.checkpoint;
    if (cp == nullptr) return {};
    switch (f_) {
      case SiteField::kName:
        return RtValue::of_string(cp->name);
      case SiteField::kType:
        return RtValue::of_string(config::to_string(cp->type));
      case SiteField::kStatus:
        return RtValue::of_string(config::to_string(cp->status));
      case SiteField::kKm:
        return RtValue::of_number(cp->km);
      case SiteField::kWithinHours:
        return RtValue::of_bool(cp->hours.contains(st.local_minute));
    }
    return {};
  }

 private:
  SiteField f_;
};

class ConstNode final : public ValueNode {
 public:
  ConstNode(RtValue v, std::string storage) : v_(v), storage_(std::move(storage)) {
    if (v_.kind == RtValue::Kind::kString) v_.str = storage_;
  }
  RtValue eval(EvalState&) const override { return v_; }

 private:
  RtValue v_;
  std::string storage_;
};

// Partial dates count from their first possible day, like age_in_years() does.
std::optional<PartialDate> partial_of(const RtValue& v) {
  if (v.kind != RtValue::Kind::kString) return std::nullopt;
  return parse_partial_date(v.str);
}

int64_t first_day(const PartialDate& d) {
  return days_from_civil(d.year, d.month == 0 ? 1 : d.month, d.day == 0 ? 1 : d.day);
}

class AsDate final : public ValueNode {
 public:
  explicit AsDate(ValuePtr raw) : raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    RtValue v = raw_->eval(st);
    if (v.kind == RtValue::Kind::kDate) return v;
    auto d = partial_of(v);
    return d ? RtValue::of_int(RtValue::Kind::kDate, first_day(*d)) : RtValue{};
  }

 private:
  ValuePtr raw_;
};

class AsTime final : public ValueNode {
 public:
  explicit AsTime(ValuePtr raw) : raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    RtValue v = raw_->eval(st);
    if (v.kind == RtValue::Kind::kTime) return v;
    if (v.kind != RtValue::Kind::kString) return {};
    auto t = parse_rfc3339(v.str);
    return t ? RtValue::of_int(RtValue::Kind::kTime, t->utc_ms) : RtValue{};
  }

 private:
  ValuePtr raw_;
};

class DateFnNode final : public ValueNode {
 public:
  DateFnNode(DateFn fn, ValuePtr raw) : fn_(fn), raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    auto d = partial_of(raw_->eval(st));
    if (!d) return {};
    switch (fn_) {
      case DateFn::kAge:
        return RtValue::of_number(age_in_years(*d, st.event_day));
      case DateFn::kDaysUntil:
        return RtValue::of_number(static_cast<double>(first_day(*d) - st.event_day));
      case DateFn::kDaysSince:
        return RtValue::of_number(static_cast<double>(st.event_day - first_day(*d)));
    }
    return {};
  }

 private:
  DateFn fn_;
  ValuePtr raw_;
};

class LenNode final : public ValueNode {
 public:
  explicit LenNode(ValuePtr raw) : raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    RtValue v = raw_->eval(st);
    if (v.kind == RtValue::Kind::kString) {
      size_t n = 0;
      for (char c : v.str) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      return RtValue::of_number(static_cast<double>(n));
    }
    if (v.kind == RtValue::Kind::kJson && v.json->is_array()) {
      return RtValue::of_number(static_cast<double>(v.json->as_array().size()));
    }
    return {};
  }

 private:
  ValuePtr raw_;
};

class CaseNode final : public ValueNode {
 public:
  CaseNode(CaseFn fn, ValuePtr raw) : fn_(fn), raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    RtValue v = raw_->eval(st);
    if (v.kind != RtValue::Kind::kString) return {};
    std::string& buf = st.scratch.take();
    buf.assign(v.str);
    for (char& c : buf) {
      if (fn_ == CaseFn::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (fn_ == CaseFn::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return RtValue::of_string(buf);
  }

 private:
  CaseFn fn_;
  ValuePtr raw_;
};

class WatchlistNode final : public ValueNode {
 public:
  WatchlistNode(std::string list, ValuePtr raw) : list_(std::move(list)), raw_(std::move(raw)) {}
  RtValue eval(EvalState& st) const override {
    RtValue v = raw_->eval(st);
    if (v.kind != RtValue::Kind::kString) return {};
    const watchlist::WatchlistSet* set = st.ctx.watchlists;
    const watchlist::Watchlist* list = set != nullptr ? set->find(list_) : nullptr;
    const watchlist::Entry* entry = list != nullptr ? list->lookup(v.str) : nullptr;
    return RtValue::of_bool(entry != nullptr && !cleared(st, *set, list_, *entry));
  }

 private:
  std::string list_;
  ValuePtr raw_;
};

// Runs `fn(element)` for each element of the array that passes the filter; false when the
// value is not an array.
template <typename Fn>
bool for_each_match(EvalState& st, const ValueNode& array, const BoolNode* filter, Fn fn) {
  RtValue a = array.eval(st);
  if (a.kind != RtValue::Kind::kJson || !a.json->is_array()) return false;
  const json::Value* saved = st.element;
  for (const json::Value& el : a.json->as_array()) {
    st.element = &el;
    if (filter == nullptr || filter->eval(st)) {
      if (!fn(el)) break;
    }
  }
  st.element = saved;
  return true;
}

class FilterCount final : public ValueNode {
 public:
  FilterCount(ValuePtr array, BoolPtr filter) : array_(std::move(array)), filter_(filter) {}
  RtValue eval(EvalState& st) const override {
    double n = 0;
    bool ok = for_each_match(st, *array_, filter_.get(), [&](const json::Value&) {
      ++n;
      return true;
    });
    return ok ? RtValue::of_number(n) : RtValue{};
  }

 private:
  ValuePtr array_;
  BoolPtr filter_;
};

class FilterSum final : public ValueNode {
 public:
  FilterSum(ValuePtr array, BoolPtr filter, ValuePtr value, std::shared_ptr<const int> key)
      : array_(std::move(array)), filter_(filter), value_(std::move(value)), key_(std::move(key)) {}
  RtValue eval(EvalState& st) const override {
    if (!key_) return compute(st);
    if (const RtValue* known = st.scratch.known_sum(key_.get())) return *known;
    const RtValue v = compute(st);
    st.scratch.remember_sum(key_.get(), v);
    return v;
  }

 private:
  RtValue compute(EvalState& st) const {
    double sum = 0;
    bool ok = for_each_match(st, *array_, filter_.get(), [&](const json::Value&) {
      RtValue v = value_->eval(st);  // st.element is the matching element here
      if (v.kind == RtValue::Kind::kNumber) sum += v.num;
      return true;
    });
    return ok ? RtValue::of_number(sum) : RtValue{};
  }

  ValuePtr array_;
  BoolPtr filter_;
  ValuePtr value_;
  std::shared_ptr<const int> key_;  // shared by the sums written alike; null: not shared
};

}  // namespace

ValuePtr make_body_field(std::vector<std::string> steps) {
  return std::make_unique<BodyField>(std::move(steps));
}
ValuePtr make_element_field(std::vector<std::string> steps) {
  return std::make_unique<ElementField>(std::move(steps));
}
ValuePtr make_event_member(EventMember m) {
  return std::make_unique<EventMemberNode>(m);
}
ValuePtr make_site_field(SiteField f) {
  return std::make_unique<SiteFieldNode>(f);
}
ValuePtr make_const(RtValue v, std::string storage) {
  return std::make_unique<ConstNode>(v, std::move(storage));
}
ValuePtr make_as_date(ValuePtr raw) {
  return std::make_unique<AsDate>(std::move(raw));
}
ValuePtr make_as_time(ValuePtr raw) {
  return std::make_unique<AsTime>(std::move(raw));
}
ValuePtr make_date_fn(DateFn fn, ValuePtr raw) {
  return std::make_unique<DateFnNode>(fn, std::move(raw));
}
ValuePtr make_len(ValuePtr raw) {
  return std::make_unique<LenNode>(std::move(raw));
}
ValuePtr make_case(CaseFn fn, ValuePtr raw) {
  return std::make_unique<CaseNode>(fn, std::move(raw));
}
ValuePtr make_watchlist(std::string list, ValuePtr raw) {
  return std::make_unique<WatchlistNode>(std::move(list), std::move(raw));
}
ValuePtr make_filter_count(ValuePtr array, BoolPtr filter) {
  return std::make_unique<FilterCount>(std::move(array), std::move(filter));
}
ValuePtr make_filter_sum(ValuePtr array, BoolPtr filter, ValuePtr element_value,
                         std::shared_ptr<const int> shared_key) {
  return std::make_unique<FilterSum>(std::move(array), std::move(filter), std::move(element_value),
                                     std::move(shared_key));
}

}  // namespace bw::rules
