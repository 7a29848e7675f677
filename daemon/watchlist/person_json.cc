#include "watchlist/person_json.h"

#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

constexpr const char* kKeys[] = {"id",  "name",   "names",     "birth_date", "nationality",
                                 "sex", "reason", "documents", "source"};

Status strings(const json::Value& v, const char* key, std::vector<std::string>& out) {
  const json::Value* f = v.find(key);
  if (f == nullptr) return ok_status();
  if (f->is_string()) {
    out.push_back(f->as_string());
    return ok_status();
  }
  if (!f->is_array()) return Error{std::string(key) + ": must be a string or an array of strings"};
  for (const auto& s : f->as_array()) {
    if (!s.is_string()) return Error{std::string(key) + ": must be an array of strings"};
    out.push_back(s.as_string());
  }
  return ok_status();
}

Result<std::string> text(const json::Value& v, const char* key) {
  const json::Value* f = v.find(key);
  if (f == nullptr || f->is_null()) return std::string();
  if (!f->is_string()) return Error{std::string(key) + ": must be a string"};
  return f->as_string();
}

}  // namespace

Result<PersonEntry> person_from_json(const json::Value& v) {
  if (!v.is_object()) return Error{"a person must be a JSON object"};
  for (const auto& [key, value] : v.as_object()) {
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) return Error{"unknown field \"" + key + "\""};
  }
  PersonEntry p;
  if (auto s = strings(v, "name", p.names); !s) return s.error();
  if (auto s = strings(v, "names", p.names); !s) return s.error();
  std::erase_if(p.names, [](const std::string& n) { return n.empty(); });
  if (p.names.empty()) return Error{"names: a person needs at least one name"};
  std::vector<std::string> docs;
  if (auto s = strings(v, "documents", docs); !s) return s.error();
  for (const auto& d : docs) {
    std::string n = normalise_document_number(d);
    if (!n.empty()) p.documents.push_back(std::move(n));
  }
  auto birth = text(v, "birth_date");
  if (!birth) return birth.error();
  auto date = parse_partial_date(*birth);
  if (!date) return Error{"birth_date: \"" + *birth + "\" is not YYYY, YYYY-MM or YYYY-MM-DD"};
  p.birth = *date;
  std::string* fields[] = {&p.id, &p.nationality, &p.sex, &p.reason, &p.source};
  const char* names[] = {"id", "nationality", "sex", "reason", "source"};
  for (size_t i = 0; i < 5; ++i) {
    auto t = text(v, names[i]);
    if (!t) return t.error();
    *fields[i] = std::move(*t);
  }
  if (!p.sex.empty()) {
    const char c = static_cast<char>(p.sex[0] & ~0x20);
    if (c != 'M' && c != 'F' && c != 'X') return Error{"sex: \"" + p.sex + "\" is not M, F or X"};
    p.sex = std::string(1, c);
  }
  return p;
}

json::Value person_to_json(const PersonEntry& p) {
  json::Value v;
  if (!p.id.empty()) v.set("id", p.id);
  json::Array names(p.names.begin(), p.names.end());
  v.set("names", std::move(names));
  if (p.birth.known()) v.set("birth_date", p.birth.to_string());
  if (!p.nationality.empty()) v.set("nationality", p.nationality);
  if (!p.sex.empty()) v.set("sex", p.sex);
  if (!p.documents.empty()) {
    json::Array docs(p.documents.begin(), p.documents.end());
    v.set("documents", std::move(docs));
  }
  if (!p.reason.empty()) v.set("reason", p.reason);
  if (!p.source.empty()) v.set("source", p.source);
  return v;
}

}  // namespace bw::watchlist
