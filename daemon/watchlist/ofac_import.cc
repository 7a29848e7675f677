#include "watchlist/ofac_import.h"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

struct CountryCode {
  const char* name;
  const char* icao;
};
constexpr CountryCode kCountries[] = {
    {"Thailand", "THA"},     {"Cambodia", "KHM"},      {"Vietnam", "VNM"},
    {"Laos", "LAO"},         {"Burma", "MMR"},         {"Myanmar", "MMR"},
    {"China", "CHN"},        {"Malaysia", "MYS"},      {"Singapore", "SGP"},
    {"Indonesia", "IDN"},    {"Philippines", "PHL"},   {"India", "IND"},
    {"Korea, North", "PRK"}, {"Korea, South", "KOR"},  {"Japan", "JPN"},
    {"Russia", "RUS"},       {"United States", "USA"}, {"United Kingdom", "GBR"},
    {"Iran", "IRN"},         {"Pakistan", "PAK"},      {"Bangladesh", "BGD"},
    {"Turkey", "TUR"},       {"Ukraine", "UKR"},       {"Belarus", "BLR"},
};

std::string icao_of(const std::string& country) {
  for (const auto& c : kCountries) {
    if (country == c.name) return c.icao;
  }
  return country;
}

bool is_document_type(const std::string& t) {
  return t.find("Passport") != std::string::npos || t == "National ID No." ||
         t.find("Identification Number") != std::string::npos || t == "Cedula No.";
}

struct Parser {
  XML_Parser xml = nullptr;
  std::vector<std::string> path;  // element names (namespace stripped)
  std::string text;
  ImportResult out;
  OfacStats stats;
  size_t max_entries = 0;
  bool saw_root = false;
  bool too_many = false;
  // The entry being read.
  bool individual = false;
  size_t entry_line = 0;
  PersonEntry person;
  std::string first, last, id_type, id_number;
  std::string primary_first, primary_last;
  std::vector<std::string> programs;

  bool in(const char* parent) const { return path.size() >= 2 && path[path.size() - 2] == parent; }

  void start(const std::string& name) {
    path.push_back(name);
    text.clear();
    if (path.size() == 1) saw_root = name == "sdnList";
    if (name == "sdnEntry") {
      individual = false;
      person = PersonEntry{};
      programs.clear();
      first.clear();
      last.clear();
      primary_first.clear();
      primary_last.clear();
      entry_line = XML_GetCurrentLineNumber(xml);
    } else if (name == "aka") {
      first.clear();
      last.clear();
    } else if (name == "id") {
      id_type.clear();
      id_number.clear();
    }
  }

  void add_name() {
    std::string n = first.empty() ? last : last.empty() ? first : first + " " + last;
    if (!n.empty()) person.names.push_back(std::move(n));
    first.clear();
    last.clear();
  }

  void end() {
    const std::string name = path.back();
    const bool entry_level = in("sdnEntry");
    if (name == "firstName" && entry_level) primary_first = text;
    if (name == "lastName" && entry_level) primary_last = text;
    if (name == "firstName" && in("aka")) first = text;
    if (name == "lastName" && in("aka")) last = text;
    if (entry_level && name == "uid") person.id = text;
    if (entry_level && name == "sdnType") individual = text == "Individual";
    if (name == "program") programs.push_back(text);
    if (name == "aka") add_name();
    if (name == "dateOfBirth" && !person.birth.known()) {
      if (auto d = parse_partial_date(text)) person.birth = *d;
    }
    if (name == "country" && in("nationality") && person.nationality.empty()) {
      person.nationality = icao_of(text);
    }
    if (name == "idType") id_type = text;
    if (name == "idNumber") id_number = text;
    if (name == "id") finish_id();
    if (name == "sdnEntry") finish_entry();
    path.pop_back();
    text.clear();
  }

  void finish_id() {
    if (id_type == "Gender") {
      person.sex = id_number == "Male" ? "M" : id_number == "Female" ? "F" : "";
    } else if (is_document_type(id_type)) {
      std::string n = normalise_document_number(id_number);
      if (!n.empty()) person.documents.push_back(std::move(n));
    }
  }

  void finish_entry() {
    if (!individual) {
      ++stats.skipped;
      return;
    }
    ++stats.individuals;
    first = primary_first;
    last = primary_last;
    add_name();
    if (!person.names.empty() && (!primary_first.empty() || !primary_last.empty())) {
      std::rotate(person.names.begin(), person.names.end() - 1, person.names.end());
    }
    if (person.names.empty()) {
      out.problems.push_back({entry_line, "individual " + person.id + " has no name"});
      return;
    }
    if (out.persons.size() >= max_entries) {
      too_many = true;
      return;
    }
    for (size_t i = 0; i < programs.size(); ++i) person.reason += (i ? ", " : "") + programs[i];
    person.source = "OFAC";
    person.line = entry_line;
    out.persons.push_back(std::move(person));
  }
};

std::string local_name(const XML_Char* name) {
  std::string n(name);
  const size_t sep = n.rfind('|');  // namespace separator set in parse_ofac_xml
  return sep == std::string::npos ? n : n.substr(sep + 1);
}

void on_start(void* data, const XML_Char* name, const XML_Char**) {
  static_cast<Parser*>(data)->start(local_name(name));
}

void on_end(void* data, const XML_Char*) {
  static_cast<Parser*>(data)->end();
}

void on_text(void* data, const XML_Char* s, int len) {
  static_cast<Parser*>(data)->text.append(s, static_cast<size_t>(len));
}

}  // namespace

Result<ImportResult> parse_ofac_xml(std::string_view xml, OfacStats* stats, size_t max_entries) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> handle(
      XML_ParserCreateNS(nullptr, '|'), &XML_ParserFree);
  if (!handle) return Error{"out of memory creating the XML parser"};
  Parser p;
  p.xml = handle.get();
  p.max_entries = max_entries;
  p.out.kind = Kind::kPersons;
  XML_SetUserData(p.xml, &p);
  XML_SetElementHandler(p.xml, on_start, on_end);
  XML_SetCharacterDataHandler(p.xml, on_text);
  // Fed in slices: expat takes an int length.
  constexpr size_t kSlice = 1 << 20;
  for (size_t pos = 0;; pos += kSlice) {
    const size_t n = pos < xml.size() ? std::min(kSlice, xml.size() - pos) : 0;
    const bool last = pos + n >= xml.size();
    if (XML_Parse(p.xml, xml.data() + pos, static_cast<int>(n), last) == XML_STATUS_ERROR) {
      return Error{"line " + std::to_string(XML_GetCurrentLineNumber(p.xml)) + ", column " +
                   std::to_string(XML_GetCurrentColumnNumber(p.xml) + 1) + ": " +
                   XML_ErrorString(XML_GetErrorCode(p.xml))};
    }
    if (p.too_many) return Error{"more than " + std::to_string(max_entries) + " individuals"};
    if (last) break;
  }
  if (!p.saw_root) return Error{"line 1: not an OFAC list (the root element is not sdnList)"};
  if (stats != nullptr) *stats = p.stats;
  return std::move(p.out);
}

}  // namespace bw::watchlist
