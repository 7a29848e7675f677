#include "watchlist/match_evidence.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "watchlist/name_score.h"

namespace bw::watchlist {

namespace {

constexpr int kYearShift = 41, kMonthShift = 37, kDayShift = 32;

uint64_t key(uint64_t year, uint64_t month, uint64_t day) {
  return year << kYearShift | month << kMonthShift | day << kDayShift;
}

}  // namespace

DateEvidence date_evidence(PartialDate q, PartialDate e) {
  if (!q.known() || !e.known()) return DateEvidence::kNone;
  if (q.year == e.year && q.month == e.month && q.day == e.day) {
    return q.day != 0 ? DateEvidence::kExact : DateEvidence::kYear;
  }
  if (q.year == e.year &&
      (q.month == 0 || e.month == 0 || (q.month == e.month && (q.day == 0 || e.day == 0)))) {
    return DateEvidence::kYear;
  }
  if (q.year == e.year && q.day != 0 && q.month == e.day && q.day == e.month) {
    return DateEvidence::kFuzzy;
  }
  if ((q.year + 1 == e.year || e.year + 1 == q.year) && q.month == e.month && q.day == e.day) {
    return q.day != 0 ? DateEvidence::kFuzzy : DateEvidence::kYear;
  }
  return DateEvidence::kDiffers;
}

double chance_agreement(DateEvidence ev, bool sex_agrees) {
  const double sex = sex_agrees ? 0.5 : 1;
  switch (ev) {
    case DateEvidence::kNone:
      return sex;
    case DateEvidence::kYear:
      return sex * 2.0 / 57;  // the year, or a year-only date one year off
    case DateEvidence::kFuzzy:
      return sex * 3.0 / (57 * 336);  // swapped, or either neighbouring year
    case DateEvidence::kExact:
      return sex * 1.0 / (57 * 336);
    case DateEvidence::kDiffers:
      break;
  }
  return 0;
}

double log_namesakes(double name_weight, size_t list_size, size_t listed_namesakes) {
  const double estimate =
      (1 - name_weight) * std::log(std::max<double>(static_cast<double>(list_size), 1000));
  if (listed_namesakes == 0) return estimate;
  return std::max(estimate, std::log(static_cast<double>(listed_namesakes)));
}

double corroboration_factor(double name_weight, size_t list_size, DateEvidence ev,
                            size_t listed_namesakes, bool sex_agrees) {
  return corroboration_factor_log(log_namesakes(name_weight, list_size, listed_namesakes), ev,
                                  sex_agrees);
}

double corroboration_factor_log(double log_namesakes, DateEvidence ev, bool sex_agrees) {
  const double chance_hits = std::exp(log_namesakes) * chance_agreement(ev, sex_agrees);
  if (chance_hits <= kTolerableChanceHits) return 1;
  return std::max(0.5, 1 - kCostPerDecade * std::log10(chance_hits / kTolerableChanceHits));
}

uint32_t nationality_code(const std::string& n) {
  if (n.size() != 3) return 0;
  uint32_t code = 0;
  for (char c : n) {
    if (c < 'A' || c > 'Z') return 0;
    code = code << 8 | static_cast<uint8_t>(c);
  }
  return code;
}

bool may_hit(const Brief& traveller, const Brief& entry, double threshold) {
  double adj = birth_adjustment(traveller.birth, entry.birth, nullptr);
  if (traveller.nationality != 0 && entry.nationality != 0) {
    adj += traveller.nationality == entry.nationality ? kNationalitySame : kNationalityDiffers;
  }
  const bool sex_known = traveller.sex != 0 && entry.sex != 0;
  if (sex_known && traveller.sex != entry.sex) adj += kSexDiffers;
  const double needed = (threshold - adj) / kNameWeight;  // corroboration factor x similarity
  if (needed > 1 + 1e-9) return false;
  if (needed <= 0.5) return true;
  static const double kLogChance[] = {
      std::log(chance_agreement(DateEvidence::kNone)),
      std::log(chance_agreement(DateEvidence::kYear)),
      std::log(chance_agreement(DateEvidence::kFuzzy)),
      std::log(chance_agreement(DateEvidence::kExact)),
  };
  const DateEvidence ev = date_evidence(traveller.birth, entry.birth);
  if (ev == DateEvidence::kDiffers) return true;  // the adjustment above already decided
  const bool sex_agrees = sex_known && traveller.sex == entry.sex;
  const double log_chance_hits =
      entry.log_namesakes + kLogChance[static_cast<int>(ev)] + (sex_agrees ? std::log(0.5) : 0.0);
  const double allowed =
      std::log(kTolerableChanceHits) + std::log(10.0) * (1 - needed) / kCostPerDecade;
  return log_chance_hits <= allowed + 1e-6;
}

double max_log_namesakes_undated(double threshold) {
  // may_hit's bound at its most permissive for an undated entry: no birth adjustment, the
  // nationality agreeing, the sex agreeing (halving the chance hits). The margin covers the
  // rounding of may_hit's sum.
  const double needed = (threshold - kNationalitySame) / kNameWeight;
  if (needed <= 0.5) return std::numeric_limits<double>::infinity();
  const double allowed =
      std::log(kTolerableChanceHits) + std::log(10.0) * (1 - needed) / kCostPerDecade;
  return allowed - std::log(0.5) + 1e-4;
}

uint64_t date_key(PartialDate birth, uint32_t entry) {
  return key(birth.year, birth.month, birth.day) | entry;
}

std::vector<std::pair<uint64_t, uint64_t>> compatible_dates(PartialDate q) {
  if (!q.known()) return {{0, ~0ull}};
  constexpr uint64_t kOneDay = 1ull << kDayShift, kOneMonth = 1ull << kMonthShift,
                     kOneYear = 1ull << kYearShift;
  const uint64_t y = q.year, m = q.month, d = q.day;
  std::vector<std::pair<uint64_t, uint64_t>> out = {{0, kOneYear}};  // unknown
  const auto day = [&](uint64_t yy, uint64_t mm, uint64_t dd) {
    out.emplace_back(key(yy, mm, dd), key(yy, mm, dd) + kOneDay);
  };
  if (m == 0) {
    out.emplace_back(key(y, 0, 0), key(y, 0, 0) + kOneYear);
  } else {
    out.emplace_back(key(y, 0, 0), key(y, 0, 0) + kOneMonth);  // year only
    if (d == 0) {
      out.emplace_back(key(y, m, 0), key(y, m, 0) + kOneMonth);
    } else {
      day(y, m, 0);
      day(y, m, d);
      if (d <= 12 && d != m) day(y, d, m);
    }
  }
  day(y - 1, m, d);
  day(y + 1, m, d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace bw::watchlist
