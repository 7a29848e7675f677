// Value nodes for the rule language's functions: date conversions and date arithmetic, len,
// lower/upper, watchlist lookups, and counts and sums over array elements that pass a filter.
#include "rules/nodes.h"
#include "rules/watchlist_nodes.h"

namespace bw::rules {

namespace {

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
