// Line diff for showing operators what changed between two rule-set versions.
// Output is unified-diff style ("-" removed, "+" added, " " context), with up to `context`
// unchanged lines around each change. Quadratic in lines: meant for rule files (thousands of
// lines at most), refused above `max_lines` per side. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace bw {

std::string line_diff(std::string_view before, std::string_view after, size_t context = 2,
                      size_t max_lines = 20000);

}  // namespace bw
