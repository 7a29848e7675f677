#include "watchlist/screening.h"

namespace bw::watchlist {

namespace {

std::string member(const json::Value& v, const char* key) {
  const json::Value* f = v.find(key);
  return f != nullptr && f->is_string() ? f->as_string() : std::string();
}

json::Value document_hit_json(const DocumentHit& h) {
  json::Value v;
  v.set("score", h.score);
  v.set("entry", h.entry->display);
  v.set("match", to_string(h.how));
  if (!h.entry->country.empty()) v.set("country", h.entry->country);
  if (!h.entry->reason.empty()) v.set("reason", h.entry->reason);
  return v;
}

}  // namespace

PersonQuery query_of(const json::Value& t) {
  PersonQuery q;
  q.name = member(t, "surname");
  const std::string given = member(t, "given_names");
  if (!given.empty()) q.name += (q.name.empty() ? "" : " ") + given;
  if (q.name.empty()) q.name = member(t, "name");
  if (auto d = parse_partial_date(member(t, "birth_date"))) q.birth = *d;
  q.nationality = member(t, "nationality");
  q.sex = member(t, "sex");
  if (!q.sex.empty()) q.sex = std::string(1, static_cast<char>(q.sex[0] & ~0x20));
  if (const json::Value* doc = t.find("document"); doc != nullptr && doc->is_object()) {
    q.document = member(*doc, "number");
  }
  return q;
}

json::Value hit_to_json(const PersonList& list, const PersonHit& hit) {
  const PersonEntry& e = list.entries()[hit.entry];
  json::Value v;
  v.set("score", hit.score);
  v.set("entry", e.id);
  v.set("listed_name", hit.name < e.names.size() ? e.names[hit.name] : std::string());
  v.set("name_score", hit.name_score);
  json::Array pairs;
  for (const auto& p : hit.pairs) {
    json::Value pv;
    pv.set("traveller", p.query);
    pv.set("listed", p.entry);
    pv.set("similarity", p.similarity);
    pv.set("weight", p.weight);
    pairs.push_back(std::move(pv));
  }
  v.set("pairs", std::move(pairs));
  json::Array adj;
  for (const auto& a : hit.adjustments) {
    json::Value av;
    av.set("what", a.what);
    av.set("delta", a.delta);
    adj.push_back(std::move(av));
  }
  v.set("adjustments", std::move(adj));
  if (!e.reason.empty()) v.set("reason", e.reason);
  return v;
}

Screening screen(const Watchlist& list, const json::Value& subject) {
  return screen(list, subject, nullptr);
}

Screening screen(const Watchlist& list, const json::Value& subject, const ClearedFn& cleared) {
  Screening out;
  if (!subject.is_object()) return out;
  if (const PersonList* persons = list.persons()) {
    const auto hits = persons->screen(query_of(subject), kMinReportedScore);
    for (const PersonHit& hit : hits) {
      if (cleared && cleared(entry_key(persons->entries()[hit.entry].id))) continue;
      out.score = hit.score;
      out.breakdown = hit_to_json(*persons, hit);
      return out;
    }
    return out;
  }
  if (list.kind() == Kind::kVehicles) {
    const Entry* e = list.lookup(member(subject, "plate"));
    if (e == nullptr || (cleared && cleared(e->key))) return out;
    out.score = 1;
    out.breakdown = document_hit_json({e, DocumentMatchKind::kExact, 1});
    return out;
  }
  const json::Value* doc = subject.find("document");
  const json::Value& d = doc != nullptr && doc->is_object() ? *doc : subject;
  const DocumentHit h = list.match_document(member(d, "number"), member(d, "country"));
  if (h.entry == nullptr || (cleared && cleared(h.entry->key))) return out;
  out.score = h.score;
  out.breakdown = document_hit_json(h);
  return out;
}

}  // namespace bw::watchlist
