#include "alert_table.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace bwctl {

namespace {

// What noise control did with the alert, so a fold is never silent in the listing.
std::string note_of(const bw::json::Value& a) {
  if (a.find("silenced_by") != nullptr) return "silenced by " + a.string_or("silenced_by");
  if (a.find("folded_into") != nullptr) {
    return "repeat " + std::to_string(static_cast<uint64_t>(a.number_or("fold_count", 0))) +
           " of " + a.string_or("folded_into");
  }
  std::string note;
  if (const auto* fold = a.find("fold")) {
    note = "x" + std::to_string(static_cast<uint64_t>(fold->number_or("count", 1))) + ", last " +
           fold->string_or("last_seen");
  }
  if (a.find("summary") != nullptr) note += (note.empty() ? "" : "; ") + std::string("summary");
  return note;
}

}  // namespace

std::string format_alert_table(const bw::json::Value& alerts) {
  std::vector<std::vector<std::string>> rows = {
      {"SEQ", "RAISED", "PRIORITY", "STATE", "CHECKPOINT", "RULE", "NOTE"}};
  if (alerts.is_array()) {
    for (const auto& a : alerts.as_array()) {
      const auto* work = a.find("work");
      rows.push_back({std::to_string(static_cast<uint64_t>(a.number_or("seq", 0))),
                      a.string_or("raised_at"), a.string_or("priority"),
                      work ? work->string_or("state") : "open", a.string_or("checkpoint"),
                      a.string_or("rule"), note_of(a)});
    }
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::ostringstream os;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os << line << "\n";
  }
  if (rows.size() == 1) os << "(no alerts match)\n";
  return os.str();
}

}  // namespace bwctl
