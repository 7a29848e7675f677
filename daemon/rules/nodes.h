// Factories for the node kinds of eval.h. The compiler (compiler.h) is the only caller; it has
// already checked types, so nodes only guard against what the event may contain at run time.
// Every node is immutable once built (see eval.h for thread safety).
#pragma once

#include "rules/ast.h"
#include "rules/eval.h"
#include "rules/regex.h"

namespace bw::rules {

// --- values -----------------------------------------------------------------------------
enum class EventMember { kEventId, kCheckpoint, kDirection, kTime };
enum class SiteField { kName, kType, kStatus, kKm, kWithinHours };
enum class DateFn { kAge, kDaysUntil, kDaysSince };
enum class CaseFn { kLower, kUpper };

ValuePtr make_body_field(std::vector<std::string> steps);
ValuePtr make_element_field(std::vector<std::string> steps);
ValuePtr make_event_member(EventMember m);
ValuePtr make_site_field(SiteField f);
ValuePtr make_const(RtValue v, std::string storage = {});  // storage backs v.str if needed
ValuePtr make_as_date(ValuePtr raw);  // string (possibly partial date) -> kDate, first day
ValuePtr make_as_time(ValuePtr raw);  // RFC 3339 string -> kTime
ValuePtr make_date_fn(DateFn fn, ValuePtr raw);
ValuePtr make_len(ValuePtr raw);  // code points of a string, or elements of an array
ValuePtr make_case(CaseFn fn, ValuePtr raw);
ValuePtr make_watchlist(std::string list, ValuePtr raw);
// Over array `array`: the number of elements for which `filter` holds (all when null), or the
// sum of `element_value` over them.
ValuePtr make_filter_count(ValuePtr array, BoolPtr filter);
// Sums with the same non-null `shared_key` are computed once per event (Scratch): the caller
// gives one key only to sums that always have the same value, i.e. written alike and read from
// the event body (not relative to an array element).
ValuePtr make_filter_sum(ValuePtr array, BoolPtr filter, ValuePtr element_value,
                         std::shared_ptr<const int> shared_key = nullptr);

// --- conditions ---------------------------------------------------------------------------
BoolPtr make_const_bool(bool b);
BoolPtr make_and(std::vector<BoolPtr> children);
BoolPtr make_or(std::vector<BoolPtr> children);
BoolPtr make_not(BoolPtr child);
BoolPtr make_truthy(ValuePtr v);  // a bool value that is true
BoolPtr make_exists(ValuePtr v);
BoolPtr make_any_element(ValuePtr array, BoolPtr filter);  // at least one element matches
BoolPtr make_compare(Op op, ValuePtr lhs, ValuePtr rhs);   // = != < <= > >=
BoolPtr make_between(ValuePtr v, RtValue low, RtValue high);

// A set of constants for `in`: strings, numbers (dates and timestamps as their integers) and
// booleans; a run-time value is looked up in the part matching its kind.
struct ValueSet {
  std::vector<std::string> strings;
  std::vector<double> numbers;
  std::vector<int64_t> ints;
  bool has_true = false;
  bool has_false = false;
  bool empty() const {
    return strings.empty() && numbers.empty() && ints.empty() && !has_true && !has_false;
  }
};
BoolPtr make_in(ValuePtr v, ValueSet set);
// contains, icontains, startswith, endswith; `rhs` is a constant or another string operand.
BoolPtr make_string_op(Op op, ValuePtr lhs, ValuePtr rhs);
BoolPtr make_glob(ValuePtr v, std::string pattern);
BoolPtr make_regex(ValuePtr v, Regex re);

// Pattern matching on its own (tested directly): "*" any run, "?" one byte.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace bw::rules
