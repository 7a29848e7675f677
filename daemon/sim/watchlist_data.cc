#include "sim/watchlist_data.h"

#include <fstream>
#include <sstream>
#include <unordered_set>

#include "sim/people.h"
#include "sim/rng.h"
#include "watchlist/csv_import.h"
#include "watchlist/normalize.h"

namespace bw::sim {

namespace {

// RFC 4180: quote when the field holds a separator, a quote or a line break.
void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) out.push_back(',');
    first = false;
    append_csv_field(out, f);
  }
  out.push_back('\n');
}

ListedDocument draw_document(Rng& rng) {
  static const char* const kCountries[] = {"KHM", "KHM", "KHM", "KHM", "KHM", "THA",
                                           "THA", "THA", "VNM", "CHN", "LAO", "MMR"};
  ListedDocument d;
  d.country = rng.pick(kCountries);
  const bool pass = (d.country == "KHM" || d.country == "THA") && rng.chance(0.15);
  d.type = pass ? "border_pass" : "passport";
  d.number = document_number(rng, d.country, d.type);
  return d;
}

}  // namespace

std::vector<ListedDocument> make_listed_documents(uint64_t seed, size_t count) {
  Rng rng(seed);
  std::vector<ListedDocument> out;
  out.reserve(count);
  std::unordered_set<std::string> seen;
  while (out.size() < count) {
    ListedDocument d = draw_document(rng);
    if (seen.insert(watchlist::normalise_document_number(d.number)).second) {
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::string documents_csv(const std::vector<ListedDocument>& docs, std::string_view reason) {
  std::string out = "number,country,type,reason\n";
  out.reserve(out.size() + docs.size() * (32 + reason.size()));
  for (const auto& d : docs) append_row(out, {d.number, d.country, d.type, reason});
  return out;
}

std::vector<std::string> document_numbers(const std::vector<ListedDocument>& docs) {
  std::vector<std::string> out;
  out.reserve(docs.size());
  for (const auto& d : docs) out.push_back(d.number);
  return out;
}

std::vector<ListedVehicle> make_listed_plates(uint64_t seed, size_t count) {
  static const char* const kTypes[] = {"car", "pickup", "pickup", "truck", "van"};
  Rng rng(seed);
  std::vector<ListedVehicle> out;
  out.reserve(count);
  std::unordered_set<std::string> seen;
  while (out.size() < count) {
    Vehicle v = make_vehicle(rng, rng.chance(0.7) ? "THA" : "KHM", rng.pick(kTypes));
    if (seen.insert(watchlist::normalise_plate(v.plate)).second) {
      out.push_back({std::move(v.plate), std::move(v.province)});
    }
  }
  return out;
}

std::string plates_csv(const std::vector<ListedVehicle>& plates, std::string_view reason) {
  std::string out = "plate,province,reason\n";
  for (const auto& p : plates) append_row(out, {p.plate, p.province, reason});
  return out;
}

std::vector<std::string> plate_values(const std::vector<ListedVehicle>& plates) {
  std::vector<std::string> out;
  out.reserve(plates.size());
  for (const auto& p : plates) out.push_back(p.plate);
  return out;
}

Result<std::vector<std::string>> load_list_values(const std::string& path,
                                                  watchlist::Kind expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read"};
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = watchlist::parse_csv(text.str());
  if (!parsed) return Error{path + ": " + parsed.error().message};
  if (parsed->kind != expected) {
    return Error{path + ": is a " + watchlist::to_string(parsed->kind) + " list, expected " +
                 watchlist::to_string(expected)};
  }
  if (!parsed->problems.empty()) {
    return Error{path + ": " + parsed->problems.front().to_string() + " (" +
                 std::to_string(parsed->problems.size()) + " bad rows)"};
  }
  std::vector<std::string> values;
  values.reserve(parsed->entries.size());
  for (const auto& e : parsed->entries) values.push_back(e.display);
  if (values.empty()) return Error{path + ": lists nothing"};
  return values;
}

}  // namespace bw::sim
