#include "watchlist/csv_import.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "watchlist/normalize.h"
#include "watchlist/person_json.h"

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

// Hands every non-blank record after the header to `take(row, row_line)`. A record with
// the wrong number of fields is a problem and skipped; an unterminated quote is a problem and
// ends the file. `take` returns an Error only to abandon the whole import.
template <typename Take>
Status for_each_row(std::string_view text, size_t pos, size_t line, size_t fields,
                    std::vector<ImportProblem>& problems, Take take) {
  while (pos < text.size()) {
    const size_t row_line = line;
    auto row = next_record(text, pos, line);
    if (!row) {
      problems.push_back({row_line, row.error().message.substr(row.error().message.find(':') + 2)});
      break;
    }
    if (row->size() == 1 && row->front().empty()) continue;  // blank line
    if (row->size() != fields) {
      problems.push_back({row_line, "expected " + std::to_string(fields) + " fields, found " +
                                        std::to_string(row->size())});
      continue;
    }
    if (auto s = take(*row, row_line); !s) return s;
  }
  return ok_status();
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

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool is_persons_header(const std::vector<std::string>& header) {
  for (const auto& h : header) {
    if (lower(h) == "name" || lower(h) == "names") return true;
  }
  return false;
}

// One person row as the JSON object person_from_json() takes (so both formats validate alike).
json::Value person_object(const std::vector<std::string>& header,
                          const std::vector<std::string>& row) {
  json::Value v;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string key = lower(header[i]);
    if (row[i].empty()) continue;
    if (key == "name" || key == "names" || key == "documents") {
      json::Array parts;
      size_t start = 0;
      while (start <= row[i].size()) {
        size_t end = row[i].find(';', start);
        if (end == std::string::npos) end = row[i].size();
        std::string part = row[i].substr(start, end - start);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        part.erase(0, std::min(part.find_first_not_of(' '), part.size()));
        if (!part.empty()) parts.emplace_back(std::move(part));
        start = end + 1;
      }
      v.set(key == "documents" ? "documents" : "names", std::move(parts));
    } else {
      v.set(key, row[i]);
    }
  }
  return v;
}

// The 1-based column a person_from_json() error is about ("birth_date: ..."), or 0.
size_t column_of(const std::vector<std::string>& header, const std::string& message) {
  const std::string field = message.substr(0, message.find(':'));
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = lower(header[i]);
    if (h == field || (field == "names" && h == "name")) return i + 1;
  }
  return 0;
}

Result<ImportResult> parse_person_rows(std::string_view text, size_t pos, size_t line,
                                       const std::vector<std::string>& header, size_t max_entries) {
  static const std::set<std::string> kColumns = {
      "id", "name", "names", "birth_date", "nationality", "sex", "documents", "reason", "source"};
  for (size_t i = 0; i < header.size(); ++i) {
    if (kColumns.count(lower(header[i])) == 0) {
      return Error{"line 1:" + std::to_string(i + 1) + ": unknown column \"" + header[i] +
                   "\" (persons: id,names,birth_date,nationality,sex,documents,reason,source)"};
    }
  }
  ImportResult out;
  out.kind = Kind::kPersons;
  const auto take = [&](const std::vector<std::string>& row, size_t row_line) -> Status {
    auto person = person_from_json(person_object(header, row));
    if (!person) {
      out.problems.push_back(
          {row_line, person.error().message, column_of(header, person.error().message)});
      return ok_status();
    }
    if (out.persons.size() >= max_entries) {
      return Error{"more than " + std::to_string(max_entries) + " entries"};
    }
    person->line = row_line;
    out.persons.push_back(std::move(*person));
    return ok_status();
  };
  auto done = for_each_row(text, pos, line, header.size(), out.problems, take);
  if (!done) return done.error();
  return out;
}

}  // namespace

Result<ImportResult> parse_csv(std::string_view text, size_t max_entries) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  size_t pos = 0, line = 1;
  ImportResult out;
  auto header = next_record(text, pos, line);
  if (!header) return header.error();
  if (header->size() == 1 && header->front().empty()) return Error{"line 1: file is empty"};
  if (is_persons_header(*header)) return parse_person_rows(text, pos, line, *header, max_entries);
  auto cols = read_header(*header, out.kind);
  if (!cols) return cols.error();
  std::unordered_set<std::string> seen;
  const auto take = [&](const std::vector<std::string>& row, size_t row_line) -> Status {
    Entry e;
    e.display = column(row, cols->key);
    e.key = out.kind == Kind::kDocuments ? normalise_document_number(e.display)
                                         : normalise_plate(e.display);
    if (e.key.empty()) {
      out.problems.push_back(
          {row_line, std::string(out.kind == Kind::kDocuments ? "number" : "plate") +
                         " is empty after normalisation"});
      return ok_status();
    }
    e.country = column(row, cols->country);
    e.type = column(row, cols->type);
    e.reason = column(row, cols->reason);
    e.line = row_line;
    if (!seen.insert(e.key).second) return ok_status();  // listed twice: one entry is enough
    if (out.entries.size() >= max_entries) {
      return Error{"more than " + std::to_string(max_entries) + " entries"};
    }
    out.entries.push_back(std::move(e));
    return ok_status();
  };
  auto done = for_each_row(text, pos, line, cols->count, out.problems, take);
  if (!done) return done.error();
  return out;
}

}  // namespace bw::watchlist
