#include <doctest/doctest.h>

#include "util/time.h"

TEST_CASE("time: RFC 3339 requires an offset and converts to UTC") {
  auto t = bw::parse_rfc3339("2025-06-01T08:15:00+07:00");
  REQUIRE(t);
  CHECK(t->offset_minutes == 420);
  CHECK(bw::format_rfc3339(t->utc_ms) == "2025-06-01T01:15:00Z");
  CHECK(bw::format_rfc3339(t->utc_ms, 420) == "2025-06-01T08:15:00+07:00");
  auto z = bw::parse_rfc3339("2025-06-01T01:15:00.250Z");
  REQUIRE(z);
  CHECK(z->utc_ms == t->utc_ms + 250);
  CHECK_FALSE(bw::parse_rfc3339("2025-06-01T08:15:00"));        // no offset
  CHECK_FALSE(bw::parse_rfc3339("2025-02-30T08:15:00+07:00"));  // no such day
  CHECK_FALSE(bw::parse_rfc3339("2025-06-01 08:15+07:00"));
  CHECK_FALSE(bw::parse_rfc3339("2025-06-01T25:15:00+07:00"));
}

TEST_CASE("time: partial dates and ages") {
  CHECK(bw::parse_partial_date("1990"));
  CHECK(bw::parse_partial_date("1990-07"));
  CHECK(bw::parse_partial_date("2024-02-29"));
  CHECK_FALSE(bw::parse_partial_date("2023-02-29"));
  CHECK_FALSE(bw::parse_partial_date("1990-13"));
  CHECK_FALSE(bw::parse_partial_date("90-01-01"));
  const auto on = bw::days_from_civil(2025, 6, 1);
  CHECK(bw::age_in_years(*bw::parse_partial_date("2007-06-01"), on) == 18);
  CHECK(bw::age_in_years(*bw::parse_partial_date("2007-06-02"), on) == 17);
  CHECK(bw::age_in_years(*bw::parse_partial_date("2007"), on) == 18);
  int y, m, d;
  bw::civil_from_days(on, y, m, d);
  CHECK((y == 2025 && m == 6 && d == 1));
}

TEST_CASE("parse_duration_ms: a positive whole number and one unit, within the limit") {
  constexpr int64_t kDay = 86'400'000;
  CHECK(bw::parse_duration_ms("30s", kDay) == 30'000);
  CHECK(bw::parse_duration_ms("10m", kDay) == 600'000);
  CHECK(bw::parse_duration_ms("2h", kDay) == 7'200'000);
  CHECK(bw::parse_duration_ms("1d", kDay) == kDay);
  CHECK_FALSE(bw::parse_duration_ms("2d", kDay));  // above the limit
  CHECK(bw::parse_duration_ms("90d", 90 * kDay) == 90 * kDay);
  for (const char* bad :
       {"", "5", "m", "0m", "-5m", "+5m", "5 m", "5w", "1.5h", "5mm", "99999999999999999999d"}) {
    INFO(bad);
    CHECK_FALSE(bw::parse_duration_ms(bad, kDay));
  }
}
