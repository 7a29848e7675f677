#include "util/time.h"

#include <charconv>
#include <cstdio>

namespace bw {

namespace {

bool read_digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::optional<PartialDate> parse_partial_date(std::string_view s) {
  PartialDate d;
  if (!read_digits(s, 0, 4, d.year) || d.year < 1800 || d.year > 2200) return std::nullopt;
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-' || !read_digits(s, 5, 2, d.month)) return std::nullopt;
  if (d.month < 1 || d.month > 12) return std::nullopt;
  if (s.size() == 7) return d;
  if (s.size() != 10 || s[7] != '-' || !read_digits(s, 8, 2, d.day)) return std::nullopt;
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

std::optional<int64_t> parse_date_days(std::string_view s) {
  auto d = parse_partial_date(s);
  if (!d || d->day == 0) return std::nullopt;
  return days_from_civil(d->year, d->month, d->day);
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() < 20) return std::nullopt;
  if (!read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, mo) || s[7] != '-' ||
      !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
      !read_digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
      mi > 59 || sec > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos >= s.size()) return std::nullopt;  // the offset is mandatory
  int offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    if (pos + 1 != s.size()) return std::nullopt;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (s.size() != pos + 6 || !read_digits(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const int64_t days = days_from_civil(y, mo, d);
  const int64_t local_s = days * 86400 + h * 3600 + mi * 60 + (sec == 60 ? 59 : sec);
  return Timestamp{(local_s - offset * 60) * 1000 + millis, offset};
}

std::string format_rfc3339(EpochMs utc_ms, int offset_minutes) {
  const int64_t local_ms = utc_ms + int64_t{offset_minutes} * 60000;
  const int64_t days = floor_div(local_ms, 86400000);
  const int64_t ms_of_day = local_ms - days * 86400000;
  int y, m, d;
  civil_from_days(days, y, m, d);
  const int h = static_cast<int>(ms_of_day / 3600000);
  const int mi = static_cast<int>(ms_of_day / 60000 % 60);
  const int s = static_cast<int>(ms_of_day / 1000 % 60);
  const int ms = static_cast<int>(ms_of_day % 1000);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h, mi, s);
  if (ms != 0) n += std::snprintf(buf + n, sizeof buf - n, ".%03d", ms);
  if (offset_minutes == 0) {
    std::snprintf(buf + n, sizeof buf - n, "Z");
  } else {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60,
                  a % 60);
  }
  return buf;
}

int age_in_years(const PartialDate& birth, int64_t on_days) {
  int y, m, d;
  civil_from_days(on_days, y, m, d);
  const int bm = birth.month == 0 ? 1 : birth.month;
  const int bd = birth.day == 0 ? 1 : birth.day;
  int age = y - birth.year;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

std::optional<int> parse_hhmm(std::string_view s) {
  int h, m;
  if (s.size() != 5 || !read_digits(s, 0, 2, h) || s[2] != ':' || !read_digits(s, 3, 2, m) ||
      h > 24 || m > 59 || (h == 24 && m != 0)) {
    return std::nullopt;
  }
  return h * 60 + m;
}

std::optional<int64_t> parse_duration_ms(std::string_view s, int64_t max_ms) {
  if (s.size() < 2) return std::nullopt;
  int64_t n = 0;
  const char* end = s.data() + s.size() - 1;
  auto [p, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || p != end || n <= 0) return std::nullopt;
  int64_t unit = 0;
  switch (s.back()) {
    case 's':
      unit = 1000;
      break;
    case 'm':
      unit = 60'000;
      break;
    case 'h':
      unit = 3'600'000;
      break;
    case 'd':
      unit = 86'400'000;
      break;
    default:
      return std::nullopt;
  }
  if (n > max_ms / unit) return std::nullopt;
  return n * unit;
}

}  // namespace bw
