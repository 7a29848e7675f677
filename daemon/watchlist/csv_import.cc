#include "watchlist/csv_import.h"

#include <unordered_set>

#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

// Splits one CSV record starting at `pos`; advances `pos` and `line` past it.
Result<std::vector<std::string>> next_record(std::string_view text, size_t& pos, size_t& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  const size_t start_line = line;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back().push_back('"');
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        fields.back().push_back(c);
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  if (quoted) return Error{"line " + std::to_string(start_line) + ": unterminated quoted field"};
  for (auto& f : fields) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.pop_back();
    size_t i = 0;
    while (i < f.size() && (f[i] == ' ' || f[i] == '\t')) ++i;
    f.erase(0, i);
  }
  return fields;
}

struct Columns {
  int key = -1, country = -1, type = -1, reason = -1;
  size_t count = 0;
};

Result<Columns> read_header(const std::vector<std::string>& header, Kind& kind) {
  Columns cols;
  cols.count = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h;
    for (char c : header[i])
      h.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const int idx = static_cast<int>(i);
    if (h == "number" || h == "document_number") {
      kind = Kind::kDocuments;
      cols.key = idx;
    } else if (h == "plate") {
      kind = Kind::kVehicles;
      cols.key = idx;
    } else if (h == "country" || h == "province") {
      cols.country = idx;
    } else if (h == "type") {
      cols.type = idx;
    } else if (h == "reason") {
      cols.reason = idx;
    } else {
      return Error{"line 1: unknown column \"" + header[i] +
                   "\" (documents: number,country,type,reason; vehicles: plate,province,reason)"};
    }
  }
  if (cols.key < 0) return Error{"line 1: header must name a \"number\" or \"plate\" column"};
  return cols;
}

std::string column(const std::vector<std::string>& row, int idx) {
  return idx >= 0 && static_cast<size_t>(idx) < row.size() ? row[idx] : std::string();
}

}  // namespace

Result<ImportResult> parse_csv(std::string_view text, size_t max_entries) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  size_t pos = 0, line = 1;
  ImportResult out;
  auto header = next_record(text, pos, line);
  if (!header) return header.error();
  if (header->size() == 1 && header->front().empty()) return Error{"line 1: file is empty"};
  auto cols = read_header(*header, out.kind);
  if (!cols) return cols.error();
  std::unordered_set<std::string> seen;
  while (pos < text.size()) {
    const size_t row_line = line;
    auto row = next_record(text, pos, line);
    if (!row) {
      out.problems.push_back(
          {row_line, row.error().message.substr(row.error().message.find(':') + 2)});
      break;
    }
    if (row->size() == 1 && row->front().empty()) continue;  // blank line
    if (row->size() != cols->count) {
      out.problems.push_back({row_line, "expected " + std::to_string(cols->count) +
                                            " fields, found " + std::to_string(row->size())});
      continue;
    }
    Entry e;
    e.display = column(*row, cols->key);
    e.key = out.kind == Kind::kDocuments ? normalise_document_number(e.display)
                                         : normalise_plate(e.display);
    if (e.key.empty()) {
      out.problems.push_back(
          {row_line, std::string(out.kind == Kind::kDocuments ? "number" : "plate") +
                         " is empty after normalisation"});
      continue;
    }
    e.country = column(*row, cols->country);
    e.type = column(*row, cols->type);
    e.reason = column(*row, cols->reason);
    e.line = row_line;
    if (!seen.insert(e.key).second) continue;  // listed twice: one entry is enough
    if (out.entries.size() >= max_entries) {
      return Error{"more than " + std::to_string(max_entries) + " entries"};
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace bw::watchlist
