#include "control/watchlist_versions.h"

#include <algorithm>
#include <map>

#include "json/parse.h"
#include "json/writer.h"
#include "watchlist/jsonl_import.h"
#include "watchlist/ofac_import.h"
#include "watchlist/person_json.h"

namespace bw::control {

namespace {

// Version texts above this are stored in chunks of this size.
constexpr size_t kTextChunkBytes = size_t{1} << 20;

std::string padded(uint64_t v) {
  std::string k = std::to_string(v);
  return std::string(k.size() < 10 ? 10 - k.size() : 0, '0') + k;
}

std::string meta_key(const std::string& list, uint64_t v) {
  return "wlver/" + list + "/" + padded(v);
}
std::string text_key(const std::string& list, uint64_t v) {
  return "wlsrc/" + list + "/" + padded(v);
}

std::string entry_text(const watchlist::Entry& e) {
  return e.display + '\x1f' + e.country + '\x1f' + e.type + '\x1f' + e.reason;
}

// key -> comparable content, for either kind of list.
std::map<std::string, std::string> keyed(const watchlist::ImportResult& r) {
  std::map<std::string, std::string> out;
  for (const auto& e : r.entries) out[e.key] = entry_text(e);
  for (const auto& p : r.persons) {
    json::Value v = watchlist::person_to_json(p);
    v.set("line", 0);  // a moved row is not a changed entry
    out[p.id] = json::to_string(v);
  }
  return out;
}

std::string csv_field(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// What the persons CSV importer would read back differently: it splits names and documents
// on ';' and trims spaces and tabs around every field and part.
bool csv_changes(std::string_view s, bool list_part) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (!s.empty() && (blank(s.front()) || blank(s.back()))) return true;
  return list_part && s.find(';') != std::string_view::npos;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ";") + p;
  return out;
}

// The persons CSV layout csv_import.h reads: names and documents ';'-separated.
Result<std::string> persons_csv(const std::vector<watchlist::PersonEntry>& persons) {
  std::string out = "id,names,birth_date,nationality,sex,documents,reason,source\n";
  for (const auto& p : persons) {
    const std::vector<std::string> single = {p.id, p.nationality, p.reason, p.source};
    bool lossy = std::any_of(single.begin(), single.end(),
                             [](const std::string& f) { return csv_changes(f, false); });
    for (const auto* list : {&p.names, &p.documents}) {
      for (const auto& part : *list) lossy = lossy || csv_changes(part, true);
    }
    if (lossy) {
      return Error{"person " + p.id.substr(0, 64) + " (line " + std::to_string(p.line) +
                   ") has a ';' in a name or document, or a field starting or ending with a "
                   "space, which CSV cannot carry; export as jsonl (--format jsonl)"};
    }
    out += csv_field(p.id) + "," + csv_field(joined(p.names)) + "," +
           csv_field(p.birth.known() ? p.birth.to_string() : "") + "," + csv_field(p.nationality) +
           "," + csv_field(p.sex) + "," + csv_field(joined(p.documents)) + "," +
           csv_field(p.reason) + "," + csv_field(p.source) + "\n";
  }
  return out;
}

}  // namespace

Result<uint64_t> latest_version(store::Store& store, const std::string& list) {
  auto records = store.scan_meta("wlver/" + list + "/");
  if (!records) return records.error();
  if (records->empty()) return uint64_t{0};
  return static_cast<uint64_t>(std::stoull(records->back().first.substr(7 + list.size())));
}

Status put_version(store::Store& store, const std::string& list, const json::Value& meta,
                   std::string_view text) {
  const uint64_t v = static_cast<uint64_t>(meta.number_or("version", 0));
  if (text.size() <= kTextChunkBytes) {
    if (auto s = store.put_meta(text_key(list, v), text, false); !s) return s;
    return store.put_meta(meta_key(list, v), json::to_string(meta), true);
  }
  // In chunks, so no single write holds the store's write queue (which ingest shares) for
  // long; the metadata, written last and synced, says how many chunks make the text, so
  // chunks a crashed import left under this version number are never read.
  size_t chunks = 0;
  for (size_t pos = 0; pos < text.size(); pos += kTextChunkBytes, ++chunks) {
    const std::string key = text_key(list, v) + "/" + padded(chunks);
    if (auto s = store.put_meta(key, text.substr(pos, kTextChunkBytes), false); !s) return s;
  }
  json::Value stored = meta;
  stored.set("text_chunks", chunks);
  return store.put_meta(meta_key(list, v), json::to_string(stored), true);
}

Result<json::Array> list_versions(store::Store& store, const std::string& list) {
  auto records = store.scan_meta("wlver/" + list + "/");
  if (!records) return records.error();
  json::Array out;
  for (const auto& [key, text] : *records) {
    auto v = json::parse(text);
    if (!v) return Error{"stored " + key + " is corrupt"};
    out.push_back(std::move(*v));
  }
  return out;
}

Result<json::Value> version_meta(store::Store& store, const std::string& list, uint64_t version) {
  auto text = store.get_meta(meta_key(list, version));
  if (!text) return text.error();
  if (!*text) return Error{"watchlist " + list + " has no version " + std::to_string(version)};
  auto v = json::parse(**text);
  if (!v) return Error{"stored " + meta_key(list, version) + " is corrupt"};
  return std::move(*v);
}

Result<std::string> version_text(store::Store& store, const std::string& list, uint64_t version) {
  auto meta = version_meta(store, list, version);
  if (!meta) return meta.error();
  const auto chunks = static_cast<size_t>(meta->number_or("text_chunks", 0));
  if (chunks == 0) {
    auto text = store.get_meta(text_key(list, version));
    if (!text) return text.error();
    if (!*text)
      return Error{"watchlist " + list + " has no text for version " + std::to_string(version)};
    return std::move(**text);
  }
  std::string out;
  for (size_t i = 0; i < chunks; ++i) {
    auto chunk = store.get_meta(text_key(list, version) + "/" + padded(i));
    if (!chunk) return chunk.error();
    if (!*chunk)
      return Error{"stored " + text_key(list, version) + " misses chunk " + std::to_string(i)};
    out += **chunk;
  }
  return out;
}

Result<watchlist::ImportResult> parse_version(std::string_view text, const std::string& format) {
  return format == "jsonl"  ? watchlist::parse_jsonl(text)
         : format == "ofac" ? watchlist::parse_ofac_xml(text)
                            : watchlist::parse_csv(text);
}

json::Value diff_entries(const watchlist::ImportResult& from, const watchlist::ImportResult& to,
                         size_t limit) {
  const auto a = keyed(from), b = keyed(to);
  json::Array added, removed, changed;
  size_t n_added = 0, n_removed = 0, n_changed = 0;
  const auto note = [&](json::Array& into, size_t& n, const std::string& key) {
    if (n++ < limit) into.emplace_back(key);
  };
  for (const auto& [key, text] : b) {
    auto it = a.find(key);
    if (it == a.end()) {
      note(added, n_added, key);
    } else if (it->second != text) {
      note(changed, n_changed, key);
    }
  }
  for (const auto& [key, text] : a) {
    if (b.find(key) == b.end()) note(removed, n_removed, key);
  }
  json::Value v;
  v.set("added", std::move(added));
  v.set("removed", std::move(removed));
  v.set("changed", std::move(changed));
  v.set("added_count", n_added);
  v.set("removed_count", n_removed);
  v.set("changed_count", n_changed);
  return v;
}

Result<std::string> export_entries(const watchlist::ImportResult& list, const std::string& format) {
  const bool vehicles = list.kind == watchlist::Kind::kVehicles;
  std::string out;
  if (format == "jsonl") {
    for (const auto& p : list.persons) out += json::to_string(watchlist::person_to_json(p)) + "\n";
    for (const auto& e : list.entries) {
      json::Value v;
      v.set(vehicles ? "plate" : "number", e.display);
      if (!e.country.empty()) v.set(vehicles ? "province" : "country", e.country);
      if (!e.type.empty()) v.set("type", e.type);
      if (!e.reason.empty()) v.set("reason", e.reason);
      out += json::to_string(v) + "\n";
    }
    return out;
  }
  if (format != "csv") return Error{"export format must be csv or jsonl"};
  if (list.kind == watchlist::Kind::kPersons) return persons_csv(list.persons);
  out = vehicles ? "plate,province,reason\n" : "number,country,type,reason\n";
  for (const auto& e : list.entries) {
    out += csv_field(e.display) + "," + csv_field(e.country) + ",";
    if (!vehicles) out += csv_field(e.type) + ",";
    out += csv_field(e.reason) + "\n";
  }
  return out;
}

}  // namespace bw::control
