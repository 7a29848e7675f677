#include "watchlist/jsonl_import.h"

#include <optional>
#include <unordered_set>

#include "json/parse.h"
#include "watchlist/normalize.h"
#include "watchlist/person_json.h"

namespace bw::watchlist {

namespace {

std::optional<Kind> kind_of(const json::Value& v) {
  if (!v.is_object()) return std::nullopt;
  if (v.find("number") != nullptr) return Kind::kDocuments;
  if (v.find("plate") != nullptr) return Kind::kVehicles;
  if (v.find("names") != nullptr || v.find("name") != nullptr) return Kind::kPersons;
  return std::nullopt;
}

Result<Entry> entry_from_json(const json::Value& v, Kind kind) {
  static constexpr const char* kDocumentKeys[] = {"number", "country", "type",
                                                  "reason", "source",  "expiry"};
  static constexpr const char* kVehicleKeys[] = {"plate",  "province", "country",
                                                 "reason", "source",   "expiry"};
  for (const auto& [key, value] : v.as_object()) {
    bool known = false;
    for (const char* k : kind == Kind::kDocuments ? kDocumentKeys : kVehicleKeys) {
      known = known || key == k;
    }
    if (!known) return Error{"unknown field \"" + key + "\""};
    if (!value.is_string()) return Error{key + ": must be a string"};
  }
  Entry e;
  e.display = v.string_or(kind == Kind::kDocuments ? "number" : "plate");
  e.key =
      kind == Kind::kDocuments ? normalise_document_number(e.display) : normalise_plate(e.display);
  if (e.key.empty()) {
    return Error{std::string(kind == Kind::kDocuments ? "number" : "plate") +
                 " is empty after normalisation"};
  }
  e.country = v.string_or(kind == Kind::kDocuments ? "country" : "province");
  if (e.country.empty()) e.country = v.string_or("country");
  e.type = v.string_or("type");
  e.reason = v.string_or("reason");
  return e;
}

}  // namespace

Result<ImportResult> parse_jsonl(std::string_view text, size_t max_entries) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  ImportResult out;
  std::optional<Kind> kind;
  json::JsonParser parser;
  std::unordered_set<std::string> seen;
  size_t line = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto v = parser.parse(row);
    if (!v) {
      out.problems.push_back({line, v.error().message});
      continue;
    }
    const auto k = kind_of(*v);
    if (!k) {
      out.problems.push_back({line, "not a document (number), vehicle (plate) or person (names)"});
      continue;
    }
    if (kind && *kind != *k) {
      out.problems.push_back(
          {line, std::string("a ") + to_string(*k) + " record in a " + to_string(*kind) + " list"});
      continue;
    }
    kind = k;
    if (out.entries.size() + out.persons.size() >= max_entries) {
      return Error{"line " + std::to_string(line) + ": more than " + std::to_string(max_entries) +
                   " entries"};
    }
    if (*k == Kind::kPersons) {
      auto p = person_from_json(*v);
      if (!p) {
        out.problems.push_back({line, p.error().message});
        continue;
      }
      p->line = line;
      if (p->id.empty()) p->id = "line " + std::to_string(line);
      out.persons.push_back(std::move(*p));
    } else {
      auto e = entry_from_json(*v, *k);
      if (!e) {
        out.problems.push_back({line, e.error().message});
        continue;
      }
      e->line = line;
      if (!seen.insert(e->key).second) continue;  // listed twice: one entry is enough
      out.entries.push_back(std::move(*e));
    }
  }
  if (!kind) {
    if (out.problems.empty()) return Error{"line 1: file is empty"};
    return out;  // every line bad: reported as problems
  }
  out.kind = *kind;
  return out;
}

}  // namespace bw::watchlist
