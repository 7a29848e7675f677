#include "watchlist/name_score.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace bw::watchlist {

namespace {

constexpr size_t kMaxLen = 64;

// Optimal-string-alignment distance (edits and adjacent transpositions), or more than max_d
// as soon as every alignment needs more than max_d edits. Only the band of cells within max_d
// of the diagonal is computed: a cell further off is more than max_d edits already, so it
// enters the band's neighbours as max_d + 1, which changes no distance of max_d or less. Tokens
// of long romanised names (a dozen letters and more, two edits allowed) thus cost a band a
// row, not a row.
size_t bounded_osa(std::string_view a, std::string_view b, size_t max_d) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max_d) return max_d + 1;
  const size_t far = max_d + 1;  // any cell outside the band
  // Three rows, rotated rather than copied: copying whole rows cost more than the alignment.
  std::array<size_t, kMaxLen + 2> rows[3];
  size_t* prev2 = rows[0].data();
  size_t* prev = rows[1].data();
  size_t* cur = rows[2].data();
  for (size_t j = 0; j <= m; ++j) prev[j] = std::min(j, far);
  prev[m + 1] = far;
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > max_d ? i - max_d : 1;  // the band of row i: [lo, hi]
    const size_t hi = std::min(m, i + max_d);
    cur[lo - 1] = lo == 1 ? std::min(i, far) : far;
    size_t row_min = cur[lo - 1];
    for (size_t j = lo; j <= hi; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    // The next row's band reaches one cell further.
    cur[hi + 1] = far;
    if (row_min > max_d) return max_d + 1;  // early cut-off: no alignment can recover
    size_t* const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[m];
}

// Edits token_similarity allows between tokens of these lengths (the longer one's share).
size_t max_edits(size_t a_len, size_t b_len, double min_sim) {
  const double len = static_cast<double>(std::max(a_len, b_len));
  return static_cast<size_t>((1 - min_sim) * len + 1e-9);
}

// Whether token_similarity(a, b, min_sim) is 0 for any a and b of these lengths (not initials):
// each letter one is longer is an edit.
bool lengths_rule_out(size_t a_len, size_t b_len, double min_sim) {
  a_len = std::min(a_len, kMaxLen);
  b_len = std::min(b_len, kMaxLen);
  const size_t diff = a_len > b_len ? a_len - b_len : b_len - a_len;
  return diff > max_edits(a_len, b_len, min_sim);
}

// Which byte values (modulo 64) occur in `s`, as bits.
uint64_t letters(std::string_view s) {
  uint64_t m = 0;
  for (const char c : s) m |= uint64_t{1} << (static_cast<unsigned char>(c) & 63);
  return m;
}

struct Candidate {
  double sim;
  uint8_t q0, q1, e0, e1;  // covered token ranges [q0, q1], [e0, e1]
};

}  // namespace

double token_similarity(std::string_view a, std::string_view b, double min_sim) {
  if (a == b) return 1;
  if (a.empty() || b.empty()) return 0;
  if (a.size() == 1 || b.size() == 1) {  // an initial
    return a[0] == b[0] && 0.8 >= min_sim ? 0.8 : 0;
  }
  a = a.substr(0, kMaxLen);
  b = b.substr(0, kMaxLen);
  // 1 - edits / longer length: one typo costs a short name more than a long one.
  const double len = static_cast<double>(std::max(a.size(), b.size()));
  const size_t max_d = max_edits(a.size(), b.size(), min_sim);
  if (lengths_rule_out(a.size(), b.size(), min_sim)) return 0;
  // A cheap lower bound first: an edit changes which letters occur by at most two (a
  // substitution), so letters in one token and not the other need half as many edits. Most
  // token pairs of a name comparison share few letters and stop here.
  if (2 * max_d < 64 && std::popcount(letters(a) ^ letters(b)) > static_cast<int>(2 * max_d)) {
    return 0;
  }
  const size_t d = bounded_osa(a, b, max_d);
  if (d > max_d) return 0;
  const double s = 1 - static_cast<double>(d) / len;
  return s < min_sim ? 0 : s;
}

double name_similarity(const std::vector<WeightedToken>& q, const std::vector<WeightedToken>& e,
                       std::vector<NamePair>* pairs) {
  if (q.empty() || e.empty() || q.size() > 16 || e.size() > 16) return 0;
  thread_local std::vector<Candidate> cands;
  cands.clear();
  thread_local std::string merged;
  const auto u8 = [](size_t v) { return static_cast<uint8_t>(v); };
  for (size_t i = 0; i < q.size(); ++i) {
    for (size_t j = 0; j < e.size(); ++j) {
      const double s = token_similarity(q[i].text, e[j].text, kMinTokenSimilarity);
      if (s > 0) cands.push_back({s, u8(i), u8(i), u8(j), u8(j)});
      // Merged tokens are built only when their length leaves token_similarity something to
      // compare.
      if (j + 1 < e.size() && q[i].text.size() > 3 &&
          !lengths_rule_out(q[i].text.size(), e[j].text.size() + e[j + 1].text.size(),
                            kMinTokenSimilarity)) {  // "Chanthy" against "Chan Thy"
        merged.assign(e[j].text).append(e[j + 1].text);
        const double m = token_similarity(q[i].text, merged, kMinTokenSimilarity);
        if (m > 0) cands.push_back({m, u8(i), u8(i), u8(j), u8(j + 1)});
      }
      if (i + 1 < q.size() && e[j].text.size() > 3 &&
          !lengths_rule_out(q[i].text.size() + q[i + 1].text.size(), e[j].text.size(),
                            kMinTokenSimilarity)) {
        merged.assign(q[i].text).append(q[i + 1].text);
        const double m = token_similarity(merged, e[j].text, kMinTokenSimilarity);
        if (m > 0) cands.push_back({m, u8(i), u8(i + 1), u8(j), u8(j)});
      }
    }
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Candidate& a, const Candidate& b) { return a.sim > b.sim; });
  uint32_t q_used = 0, e_used = 0;
  std::array<double, 16> q_weight{};  // a matched query token counts with its partner's weight
  for (size_t i = 0; i < q.size(); ++i) q_weight[i] = q[i].weight;
  double matched = 0;
  for (const auto& c : cands) {
    const uint32_t qm = ((2u << c.q1) - 1) & ~((1u << c.q0) - 1);
    const uint32_t em = ((2u << c.e1) - 1) & ~((1u << c.e0) - 1);
    if ((q_used & qm) || (e_used & em)) continue;
    q_used |= qm;
    e_used |= em;
    double w = 0;
    for (size_t j = c.e0; j <= c.e1; ++j) w += e[j].weight;
    for (size_t i = c.q0; i <= c.q1; ++i) q_weight[i] = w / (c.q1 - c.q0 + 1);
    matched += w * c.sim;
    if (pairs != nullptr) {
      NamePair p;
      for (size_t i = c.q0; i <= c.q1; ++i)
        p.query += (i > c.q0 ? "+" : "") + std::string(q[i].text);
      for (size_t j = c.e0; j <= c.e1; ++j)
        p.entry += (j > c.e0 ? "+" : "") + std::string(e[j].text);
      p.similarity = c.sim;
      p.weight = w;
      pairs->push_back(std::move(p));
    }
  }
  double wq = 0, we = 0, q_unmatched = 0, e_unmatched = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    wq += q_weight[i];
    if (!(q_used & (1u << i))) q_unmatched += q_weight[i];
  }
  for (size_t j = 0; j < e.size(); ++j) {
    we += e[j].weight;
    if (!(e_used & (1u << j))) e_unmatched += e[j].weight;
  }
  if (wq <= 0 || we <= 0) return 0;
  const bool query_smaller = wq <= we;
  const double small = query_smaller ? wq : we;
  const double large = query_smaller ? we : wq;
  const double extra = query_smaller ? e_unmatched : q_unmatched;
  // Unmatched tokens on the longer side are mostly missing middle names: a small cost, larger
  // when the shorter side is a single token (a lone "Sok" says little).
  const size_t small_tokens = query_smaller ? q.size() : e.size();
  const double cost = small_tokens >= 2 ? 0.1 : 0.3;
  const double s = std::min(1.0, matched / small) - cost * extra / large;
  return std::clamp(s, 0.0, 1.0);
}

double birth_adjustment(PartialDate q, PartialDate e, const char** label) {
  // See name_score.h for the scale: a perfect name alone is worth kNameWeight.
  const char* l = nullptr;
  double d = 0;
  if (!q.known() || !e.known()) {
    l = nullptr;
  } else if (q.year == e.year && q.month == e.month && q.day == e.day) {
    l = q.month == 0 ? "birth year same" : "birth date same";
    d = q.day != 0 ? 0.07 : 0.03;
  } else if (q.year == e.year &&
             (q.month == 0 || e.month == 0 || (q.month == e.month && (q.day == 0 || e.day == 0)))) {
    l = "birth date partly known, agrees";
    d = 0.03;
  } else if (q.year == e.year && q.day != 0 && q.month == e.day && q.day == e.month) {
    l = "birth day and month swapped";
    d = 0.04;
  } else if ((q.year + 1 == e.year || e.year + 1 == q.year) && q.month == e.month &&
             q.day == e.day) {
    l = "birth year one off";
    d = 0.02;
  } else {
    l = "birth date differs";
    d = -0.2;
  }
  if (label != nullptr) *label = l;
  return d;
}

double attribute_adjustment(const PersonQuery& q, const PersonEntry& e,
                            std::vector<Adjustment>* out) {
  double total = 0;
  const auto add = [&](const char* what, double delta) {
    total += delta;
    if (out != nullptr) out->push_back({what, delta});
  };
  const char* label = nullptr;
  const double b = birth_adjustment(q.birth, e.birth, &label);
  if (label != nullptr) add(label, b);
  // Only codes compare: a list may name countries in words (OFAC) where the gate has ICAO codes.
  const auto code = [](const std::string& c) {
    return c.size() == 3 &&
           std::all_of(c.begin(), c.end(), [](char x) { return x >= 'A' && x <= 'Z'; });
  };
  if (code(q.nationality) && code(e.nationality)) {
    if (q.nationality == e.nationality) {
      add("nationality same", kNationalitySame);
    } else {
      add("nationality differs", kNationalityDiffers);
    }
  }
  if (!q.sex.empty() && !e.sex.empty() && q.sex[0] != e.sex[0]) add("sex differs", kSexDiffers);
  return total;
}

}  // namespace bw::watchlist
