#include "watchlist/person.h"

#include <charconv>
#include <cstdio>

namespace bw::watchlist {

namespace {

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

int month_of(std::string_view s) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    bool same = true;
    for (int i = 0; i < 3; ++i) same = same && (s[i] | 0x20) == kMonths[m][i];
    if (same) return m + 1;
  }
  return 0;
}

std::optional<PartialDate> make(int y, int m, int d) {
  if (y < 1850 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31 || (m == 0 && d != 0)) {
    return std::nullopt;
  }
  return PartialDate{static_cast<uint16_t>(y), static_cast<uint8_t>(m), static_cast<uint8_t>(d)};
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

std::string PartialDate::to_string() const {
  if (!known()) return "";
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::optional<PartialDate> parse_partial_date(std::string_view text) {
  if (text.empty()) return PartialDate{};
  if (text.find('-') != std::string_view::npos || text.size() == 4) {
    auto parts = split(text, '-');
    if (parts.empty() || parts.size() > 3 || parts[0].size() != 4) return std::nullopt;
    int v[3] = {0, 0, 0};
    for (size_t i = 0; i < parts.size(); ++i) {
      auto n = number(parts[i]);
      if (!n || (i > 0 && parts[i].size() != 2)) return std::nullopt;
      v[i] = *n;
    }
    if (parts.size() > 1 && v[1] == 0) return std::nullopt;
    if (parts.size() > 2 && v[2] == 0) return std::nullopt;
    return make(v[0], v[1], v[2]);
  }
  auto parts = split(text, ' ');  // OFAC: "12 Jan 1965", "Jan 1965"
  if (parts.size() == 3) {
    auto d = number(parts[0]);
    auto y = number(parts[2]);
    const int m = month_of(parts[1]);
    if (!d || !y || m == 0 || *d == 0) return std::nullopt;
    return make(*y, m, *d);
  }
  if (parts.size() == 2) {
    auto y = number(parts[1]);
    const int m = month_of(parts[0]);
    if (!y || m == 0) return std::nullopt;
    return make(*y, m, 0);
  }
  return std::nullopt;
}

}  // namespace bw::watchlist
