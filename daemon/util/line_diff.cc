#include "util/line_diff.h"

#include <vector>

namespace bw {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

struct Op {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

// Longest common subsequence table, then a walk from the start producing the edit script.
std::vector<Op> edit_script(const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', a[i++]});
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', a[i++]});  // removals first, as diff -u shows them
    } else {
      ops.push_back({'+', b[j++]});
    }
  }
  return ops;
}

}  // namespace

std::string line_diff(std::string_view before, std::string_view after, size_t context,
                      size_t max_lines) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  if (a.size() > max_lines || b.size() > max_lines) return "(too large to diff)\n";
  const auto ops = edit_script(a, b);
  std::vector<bool> shown(ops.size(), false);
  for (size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].kind == ' ') continue;
    const size_t lo = k >= context ? k - context : 0;
    for (size_t x = lo; x < ops.size() && x <= k + context; ++x) shown[x] = true;
  }
  std::string out;
  bool gap = false;
  for (size_t k = 0; k < ops.size(); ++k) {
    if (!shown[k]) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += "...\n";
    gap = false;
    out.push_back(ops[k].kind);
    out.append(ops[k].line);
    out.push_back('\n');
  }
  return out;
}

}  // namespace bw
