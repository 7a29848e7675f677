#include "rules/schema.h"

#include <algorithm>

namespace bw::rules {

FieldSpec::FieldSpec() = default;

namespace {

using Members = std::vector<std::pair<std::string, FieldSpec>>;

FieldSpec leaf(FieldType t, std::string doc, std::vector<std::string> values = {}) {
  FieldSpec f;
  f.type = t;
  f.doc = std::move(doc);
  f.values = std::move(values);
  return f;
}

// A string field whose values in traffic are about `n` distinct ones.
FieldSpec few(unsigned n, std::string doc) {
  FieldSpec f = leaf(FieldType::kString, std::move(doc));
  f.typical_values = n;
  return f;
}

FieldSpec object(std::string doc, Members members) {
  FieldSpec f;
  f.type = FieldType::kObject;
  f.doc = std::move(doc);
  f.members = std::move(members);
  return f;
}

FieldSpec array(std::string doc, Members element) {
  FieldSpec f = object(std::move(doc), std::move(element));
  f.type = FieldType::kArray;
  return f;
}

FieldSpec open_object(std::string doc) {
  FieldSpec f = object(std::move(doc), {});
  f.open = true;
  return f;
}

FieldSpec document_spec() {
  return object("travel document presented",
                {{"type", few(5, "passport, id_card, border_pass...")},
                 {"number", leaf(FieldType::kString, "document number as read")},
                 {"country", few(200, "issuing state (ICAO 3-letter)")},
                 {"expiry", leaf(FieldType::kDate, "expiry date")},
                 {"issued", leaf(FieldType::kDate, "issue date")}});
}

FieldSpec traveller_spec() {
  FieldSpec birth = leaf(FieldType::kDate, "YYYY-MM-DD, YYYY-MM or YYYY");
  birth.partial_date = true;
  return object("the person crossing",
                {{"document", document_spec()},
                 {"surname", leaf(FieldType::kString, "surname")},
                 {"given_names", leaf(FieldType::kString, "given names")},
                 {"birth_date", birth},
                 {"sex", few(3, "sex as on the document")},
                 {"nationality", few(200, "nationality (ICAO 3-letter)")},
                 {"id_number", leaf(FieldType::kString, "national id number (Thai: 13 digits)")},
                 {"residence", object("declared residence",
                                      {{"province", few(100, "province")},
                                       {"district", leaf(FieldType::kString, "district")}})}});
}

FieldSpec site_spec() {
  return object(
      "virtual: the configured checkpoint of the event (missing if not configured)",
      {{"name", leaf(FieldType::kString, "checkpoint name")},
       {"type", leaf(FieldType::kString, "permanent or temporary", {"permanent", "temporary"})},
       {"status",
        leaf(FieldType::kString, "open, closed or restricted", {"open", "closed", "restricted"})},
       {"km", leaf(FieldType::kNumber, "position along the border line")},
       {"within_hours", leaf(FieldType::kBool, "event local time within opening hours")}});
}

FieldSpec build_schema() {
  FieldSpec extra = open_object("virtual: extra.X is the body field X (type known at run time)");
  return object(
      "event",
      {{"event_id", leaf(FieldType::kString, "unique per checkpoint")},
       {"checkpoint", few(10, "configured checkpoint id")},
       {"time", leaf(FieldType::kTimestamp, "when the crossing happened")},
       {"direction",
        leaf(FieldType::kString, "exit (leaving Thailand) or entry", {"exit", "entry"})},
       {"traveller", traveller_spec()},
       {"lane", few(10, "lane")},
       {"officer", leaf(FieldType::kString, "officer id")},
       {"vehicle", object("vehicle, if any", {{"plate", leaf(FieldType::kString, "plate as read")},
                                              {"province", few(100, "plate province")},
                                              {"country", few(200, "plate country (ICAO)")},
                                              {"type", few(10, "car, pickup, truck...")}})},
       {"party_id", leaf(FieldType::kString, "group travelling together")},
       {"party_size", leaf(FieldType::kNumber, "declared size of the group")},
       {"purpose", few(10, "declared purpose")},
       {"employer", leaf(FieldType::kString, "declared employer")},
       {"contact_phone", leaf(FieldType::kString, "declared contact phone")},
       {"goods",
        array("declared or found goods", {{"category", few(50, "sim_card, phone, sim_box...")},
                                          {"count", leaf(FieldType::kNumber, "how many")}})},
       {"cash",
        array("cash carried", {{"currency", few(30, "ISO 4217 code")},
                               {"amount", leaf(FieldType::kNumber, "amount in that currency")},
                               {"declared", leaf(FieldType::kBool, "declared to customs")}})},
       {"attributes", open_object("free-form scalars")},
       {"site", site_spec()},
       {"extra", extra}});
}

void add_rows(const FieldSpec& spec, const std::string& prefix, std::vector<SchemaRow>& out) {
  for (const auto& [name, child] : spec.members) {
    std::string path = prefix.empty() ? name : prefix + "." + name;
    out.push_back({path, child.type, child.doc});
    add_rows(child, child.type == FieldType::kArray ? path + "[]" : path, out);
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "string";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBool:
      return "bool";
    case FieldType::kDate:
      return "date";
    case FieldType::kTimestamp:
      return "timestamp";
    case FieldType::kObject:
      return "object";
    case FieldType::kArray:
      return "array";
    case FieldType::kAny:
      return "any";
  }
  return "unknown";
}

const FieldSpec* FieldSpec::member(std::string_view name) const {
  for (const auto& [n, spec] : members) {
    if (n == name) return &spec;
  }
  if (!open) return nullptr;
  // An open object's members may themselves be objects we know nothing about.
  static const FieldSpec kOpenAny = [] {
    FieldSpec f = leaf(FieldType::kAny, "free-form");
    f.open = true;
    return f;
  }();
  return &kOpenAny;
}

const FieldSpec& event_schema() {
  static const FieldSpec kSchema = build_schema();
  return kSchema;
}

std::vector<SchemaRow> schema_table() {
  std::vector<SchemaRow> rows;
  add_rows(event_schema(), "", rows);
  return rows;
}

FieldOrigin origin_of(std::string_view first_step) {
  if (first_step == "site") return FieldOrigin::kSite;
  if (first_step == "extra") return FieldOrigin::kExtra;
  return FieldOrigin::kBody;
}

std::string suggest_field(std::string_view path) {
  static const std::vector<SchemaRow> kRows = schema_table();
  std::string best;
  size_t best_distance = std::max<size_t>(3, path.size() / 4) + 1;
  for (const auto& row : kRows) {
    if (row.path.find("[]") != std::string::npos) continue;
    size_t d = edit_distance(path, row.path);
    if (d < best_distance) {
      best_distance = d;
      best = row.path;
    }
  }
  return best;
}

}  // namespace bw::rules
