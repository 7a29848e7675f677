// Calendar helpers for event times and document dates. All instants are UTC milliseconds since
// the Unix epoch; dates are days since 1970-01-01. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bw {

using EpochMs = int64_t;

struct Timestamp {
  EpochMs utc_ms = 0;
  int offset_minutes = 0;  // the sender's UTC offset, kept so local hours can be reported
};

// RFC 3339 with a mandatory offset: 2025-06-01T08:15:00+07:00, 2025-06-01T01:15:00.250Z.
std::optional<Timestamp> parse_rfc3339(std::string_view s);
// Formats as RFC 3339 at the given offset, millisecond precision when non-zero.
std::string format_rfc3339(EpochMs utc_ms, int offset_minutes = 0);

// A date that may be partial (birth dates are often known only to the year or month).
struct PartialDate {
  int year = 0;
  int month = 0;  // 0 = unknown
  int day = 0;    // 0 = unknown
};
// YYYY-MM-DD, YYYY-MM or YYYY with real calendar checks (no 2025-02-30).
std::optional<PartialDate> parse_partial_date(std::string_view s);
// Full YYYY-MM-DD only.
std::optional<int64_t> parse_date_days(std::string_view s);

int64_t days_from_civil(int year, int month, int day);
void civil_from_days(int64_t days, int& year, int& month, int& day);
inline int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Whole years from a (possibly partial) birth date to the day `on_days`; unknown month/day
// are taken as the earliest possible, so the age is never understated by more than a year.
int age_in_years(const PartialDate& birth, int64_t on_days);

// "08:00" -> minutes after midnight.
std::optional<int> parse_hhmm(std::string_view s);

// "30s", "10m", "2h", "7d" (a positive whole number and one unit) -> milliseconds; nullopt
// when malformed, zero or above `max_ms`. Shared by rule windows and bwctl durations.
std::optional<int64_t> parse_duration_ms(std::string_view s, int64_t max_ms);

}  // namespace bw
