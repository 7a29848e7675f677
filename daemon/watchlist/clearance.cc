#include "watchlist/clearance.h"

#include <algorithm>

#include "watchlist/normalize.h"
#include "watchlist/person.h"

namespace bw::watchlist {

namespace {

std::string member(const json::Value& v, std::string_view key) {
  const json::Value* f = v.find(key);
  return f != nullptr && f->is_string() ? f->as_string() : std::string();
}

std::string index_key(std::string_view list, std::string_view entry, std::string_view traveller) {
  std::string k;
  k.reserve(list.size() + entry.size() + traveller.size() + 2);
  k.append(list).push_back('\x1f');
  k.append(entry).push_back('\x1f');
  k.append(traveller);
  return k;
}

// ASCII letters and digits upper-cased, words sorted; other bytes (any script) kept, so two
// spellings in the same script still compare equal whatever the word order.
std::string name_tokens(std::string_view name) {
  std::vector<std::string> words(1);
  for (char c : name) {
    const bool sep = c == ' ' || c == ',' || c == '-' || c == '.' || c == '\'' || c == '\t';
    if (sep) {
      if (!words.back().empty()) words.emplace_back();
      continue;
    }
    words.back().push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (words.back().empty()) words.pop_back();
  std::sort(words.begin(), words.end());
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

Result<EpochMs> time_member(const json::Value& v, std::string_view key, bool required) {
  const std::string text = member(v, key);
  if (text.empty() && !required) return EpochMs{0};
  auto t = parse_rfc3339(text);
  if (!t) return Error{"\"" + std::string(key) + "\" must be an RFC 3339 time"};
  return t->utc_ms;
}

}  // namespace

std::string traveller_identity(const json::Value& t) {
  if (!t.is_object()) return {};
  if (const json::Value* doc = t.find("document"); doc != nullptr && doc->is_object()) {
    const std::string number = normalise_document_number(member(*doc, "number"));
    if (!number.empty()) {
      return "doc:" + normalise_document_number(member(*doc, "country")) + ":" + number;
    }
  }
  std::string name = member(t, "surname");
  const std::string given = member(t, "given_names");
  if (!given.empty()) name += (name.empty() ? "" : " ") + given;
  if (name.empty()) name = member(t, "name");
  const auto birth = parse_partial_date(member(t, "birth_date"));
  const std::string tokens = name_tokens(name);
  if (tokens.empty() || !birth || !birth->known()) return {};
  return "name:" + tokens + "|" + birth->to_string();
}

std::string entry_key(std::string_view entry) {
  return normalise_document_number(entry);
}

json::Value to_json(const Clearance& c) {
  json::Value v;
  v.set("id", c.id);
  v.set("list", c.list);
  v.set("entry", c.entry);
  v.set("traveller", c.traveller);
  v.set("by", c.by);
  v.set("reason", c.reason);
  v.set("created_at", format_rfc3339(c.created_at));
  v.set("until", format_rfc3339(c.until));
  if (c.revoked_at != 0) {
    v.set("revoked_by", c.revoked_by);
    v.set("revoke_reason", c.revoke_reason);
    v.set("revoked_at", format_rfc3339(c.revoked_at));
  }
  return v;
}

Result<Clearance> clearance_from_json(const json::Value& v) {
  if (!v.is_object()) return Error{"a clearance must be a JSON object"};
  Clearance c;
  c.id = member(v, "id");
  c.list = member(v, "list");
  c.entry = member(v, "entry");
  c.traveller = member(v, "traveller");
  if (c.id.empty() || c.list.empty() || c.entry.empty() || c.traveller.empty()) {
    return Error{"a clearance needs id, list, entry and traveller"};
  }
  c.by = member(v, "by");
  c.reason = member(v, "reason");
  auto created = time_member(v, "created_at", true);
  auto until = time_member(v, "until", true);
  auto revoked = time_member(v, "revoked_at", false);
  if (!created) return created.error();
  if (!until) return until.error();
  if (!revoked) return revoked.error();
  c.created_at = *created;
  c.until = *until;
  c.revoked_at = *revoked;
  c.revoked_by = member(v, "revoked_by");
  c.revoke_reason = member(v, "revoke_reason");
  return c;
}

ClearanceSet::ClearanceSet(std::vector<Clearance> all) : all_(std::move(all)) {
  for (const auto& c : all_) {
    if (c.revoked_at != 0) continue;
    EpochMs& until = index_[index_key(c.list, entry_key(c.entry), c.traveller)];
    until = std::max(until, c.until);
  }
}

const Clearance* ClearanceSet::find(std::string_view id) const {
  for (const auto& c : all_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool ClearanceSet::covers(std::string_view list, std::string_view entry_key,
                          std::string_view traveller, EpochMs now) const {
  if (index_.empty() || traveller.empty()) return false;
  auto it = index_.find(index_key(list, entry_key, traveller));
  return it != index_.end() && now < it->second;
}

}  // namespace bw::watchlist
