#include "control/watchlist_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "control/watchlist_versions.h"
#include "json/parse.h"
#include "json/writer.h"
#include "util/hash.h"
#include "watchlist/jsonl_import.h"
#include "watchlist/ofac_import.h"
#include "watchlist/person_json.h"

namespace bw::control {

namespace {

constexpr size_t kMaxProblemsReported = 100;
// How long an import waits for the ingest loop to let go of the list it replaced (it takes
// a new snapshot with its next events: under traffic, within milliseconds).
constexpr std::chrono::milliseconds kRetiredWait{200};

std::string entry_json(const watchlist::Entry& e) {
  json::Value v;
  v.set("display", e.display);
  v.set("country", e.country);
  v.set("type", e.type);
  v.set("reason", e.reason);
  v.set("line", e.line);
  return json::to_string(v);
}

watchlist::Entry entry_from_json(std::string key, const std::string& text) {
  watchlist::Entry e;
  e.key = std::move(key);
  auto v = json::parse(text);
  if (!v) return e;
  e.display = v->string_or("display", e.key);
  e.country = v->string_or("country");
  e.type = v->string_or("type");
  e.reason = v->string_or("reason");
  e.line = static_cast<size_t>(std::clamp(v->number_or("line", 0), 0.0, 1e12));
  return e;
}

// Zero-padded so the store returns persons in import order.
std::string person_key(size_t i) {
  std::string k = std::to_string(i);
  return std::string(k.size() < 10 ? 10 - k.size() : 0, '0') + k;
}

std::shared_ptr<const watchlist::Watchlist> make_person_list(
    const std::string& name, std::vector<watchlist::PersonEntry> persons) {
  return std::make_shared<const watchlist::Watchlist>(
      name, std::make_shared<const watchlist::PersonList>(std::move(persons)));
}

Result<std::vector<watchlist::PersonEntry>> persons_of(const store::WatchlistRecord& rec) {
  std::vector<watchlist::PersonEntry> out;
  out.reserve(rec.entries.size());
  json::JsonParser parser;
  for (const auto& [key, text] : rec.entries) {
    auto v = parser.parse(text);
    if (!v)
      return Error{"stored watchlist " + rec.name + " entry " + key + ": " + v.error().message};
    auto p = watchlist::person_from_json(*v);
    if (!p)
      return Error{"stored watchlist " + rec.name + " entry " + key + ": " + p.error().message};
    out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace

json::Value WatchlistImportReport::to_json() const {
  json::Value v;
  v.set("ok", ok);
  if (!ok) v.set("error", error);
  v.set("name", name);
  v.set("kind", watchlist::to_string(kind));
  v.set("imported", imported);
  json::Array probs;
  for (size_t i = 0; i < problems.size() && i < kMaxProblemsReported; ++i) {
    probs.emplace_back(problems[i].to_string());
  }
  v.set("problems", std::move(probs));
  v.set("problem_count", problems.size());
  return v;
}

bool WatchlistService::valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

WatchlistImportReport WatchlistService::import_csv(const std::string& name, std::string_view text,
                                                   bool skip_bad, const std::string& by) {
  return import(name, text, "csv", skip_bad, by);
}

WatchlistImportReport WatchlistService::import(const std::string& name, std::string_view text,
                                               const std::string& format, bool skip_bad,
                                               const std::string& by) {
  return import_version(name, text, format, skip_bad, by, 0);
}

WatchlistImportReport WatchlistService::import_version(const std::string& name,
                                                       std::string_view text,
                                                       const std::string& format, bool skip_bad,
                                                       const std::string& by,
                                                       uint64_t rollback_of) {
  WatchlistImportReport report;
  report.name = name;
  if (!valid_name(name)) {
    report.error = "watchlist name must be 1-64 characters of a-z 0-9 _ (got \"" + name + "\")";
    return report;
  }
  if (format != "csv" && format != "jsonl" && format != "ofac") {
    report.error = "format must be csv, jsonl or ofac (got \"" + format + "\")";
    return report;
  }
  auto parsed = format == "csv"     ? watchlist::parse_csv(text)
                : format == "jsonl" ? watchlist::parse_jsonl(text)
                                    : watchlist::parse_ofac_xml(text);
  if (!parsed) {
    report.error = parsed.error().message;
    return report;
  }
  report.kind = parsed->kind;
  report.problems = std::move(parsed->problems);
  if (!report.problems.empty() && !skip_bad) {
    report.error = std::to_string(report.problems.size()) +
                   " bad rows; nothing imported (fix them, or pass --skip-bad to import the rest)";
    return report;
  }
  std::lock_guard lock(mu_);
  json::Value meta;
  meta.set("kind", watchlist::to_string(parsed->kind));
  const bool persons = parsed->kind == watchlist::Kind::kPersons;
  const size_t count = persons ? parsed->persons.size() : parsed->entries.size();
  meta.set("count", count);
  meta.set("format", format);
  meta.set("imported_by", by);
  meta.set("imported_at", format_rfc3339(state_.clock()));
  meta.set("hash", hex64(fnv1a64(text)));
  auto latest = latest_version(state_.store, name);
  if (!latest) {
    report.error = latest.error().message + "; the previous list stays in force";
    return report;
  }
  meta.set("version", *latest + 1);
  meta.set("skip_bad", skip_bad);
  meta.set("skipped", report.problems.size());
  if (rollback_of != 0) meta.set("rollback_of", rollback_of);
  if (auto s = put_version(state_.store, name, meta, text); !s) {
    report.error = s.error().message + "; the previous list stays in force";
    return report;
  }
  store::WatchlistRecord rec{name, json::to_string(meta), {}};
  rec.entries.reserve(parsed->entries.size());
  for (const auto& e : parsed->entries) rec.entries.emplace_back(e.key, entry_json(e));
  for (size_t i = 0; i < parsed->persons.size(); ++i) {
    rec.entries.emplace_back(person_key(i), json::to_string(person_to_json(parsed->persons[i])));
  }
  if (auto s = state_.store.replace_watchlist(rec); !s) {
    report.error = s.error().message + "; the previous list stays in force";
    return report;
  }
  report.imported = count;
  auto list = persons ? make_person_list(name, std::move(parsed->persons))
                      : std::make_shared<const watchlist::Watchlist>(name, parsed->kind,
                                                                     std::move(parsed->entries));
  release_retired(std::chrono::milliseconds(0));
  if (auto old = state_.watchlists.get()->lists().find(name);
      old != state_.watchlists.get()->lists().end()) {
    retired_.push_back(old->second);
  }
  state_.watchlists.set(state_.watchlists.get()->with(std::move(list)));
  release_retired(kRetiredWait);
  meta_[name] = std::move(meta);
  report.ok = true;
  spdlog::info("watchlist: {} now has {} {} entries (imported by {}, {} rows skipped)", name,
               report.imported, watchlist::to_string(report.kind), by, report.problems.size());
  return report;
}

void WatchlistService::release_retired(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    // use_count() == 1: only this list holds it, and nothing can take a new reference to a
    // list no snapshot names, so freeing it here is what the ingest loop no longer waits on.
    std::erase_if(retired_, [](const auto& list) { return list.use_count() == 1; });
    if (retired_.empty() || std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Result<size_t> WatchlistService::restore() {
  auto records = state_.store.load_watchlists();
  if (!records) return records.error();
  std::lock_guard lock(mu_);
  auto set = std::make_shared<const watchlist::WatchlistSet>();
  for (auto& rec : *records) {
    auto meta = json::parse(rec.meta_json);
    if (!meta) return Error{"stored watchlist " + rec.name + " is corrupt"};
    if (meta->string_or("kind") == "persons") {
      auto persons = persons_of(rec);
      if (!persons) return persons.error();
      set = set->with(make_person_list(rec.name, std::move(*persons)));
      meta_[rec.name] = std::move(*meta);
      continue;
    }
    const auto kind = meta->string_or("kind") == "vehicles" ? watchlist::Kind::kVehicles
                                                            : watchlist::Kind::kDocuments;
    std::vector<watchlist::Entry> entries;
    entries.reserve(rec.entries.size());
    for (auto& [key, text] : rec.entries) entries.push_back(entry_from_json(key, text));
    set =
        set->with(std::make_shared<const watchlist::Watchlist>(rec.name, kind, std::move(entries)));
    meta_[rec.name] = std::move(*meta);
  }
  state_.watchlists.set(set);
  return records->size();
}

void WatchlistService::set_clearances(std::shared_ptr<const watchlist::ClearanceSet> clearances) {
  std::lock_guard lock(mu_);
  state_.watchlists.set(state_.watchlists.get()->with_clearances(std::move(clearances)));
}

json::Value WatchlistService::list() const {
  std::lock_guard lock(mu_);
  json::Array out;
  auto set = state_.watchlists.get();
  for (const auto& [name, list] : set->lists()) {
    json::Value v;
    auto it = meta_.find(name);
    if (it != meta_.end()) v = it->second;
    v.set("name", name);
    v.set("count", list->size());
    out.push_back(std::move(v));
  }
  return json::Value(std::move(out));
}

uint64_t WatchlistService::active_version(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = meta_.find(name);
  return it == meta_.end() ? 0 : static_cast<uint64_t>(it->second.number_or("version", 0));
}

Result<json::Value> WatchlistService::show(const std::string& name) {
  auto versions = list_versions(state_.store, name);
  if (!versions) return versions.error();
  if (versions->empty())
    return Error{"watchlist " + name.substr(0, 64) + " has no stored versions"};
  json::Value v;
  v.set("name", name);
  v.set("active_version", active_version(name));
  v.set("versions", std::move(*versions));
  return v;
}

Result<json::Value> WatchlistService::diff(const std::string& name, uint64_t from, uint64_t to) {
  std::vector<watchlist::ImportResult> parsed;
  for (const uint64_t version : {from, to}) {
    auto meta = version_meta(state_.store, name, version);
    if (!meta) return meta.error();
    auto text = version_text(state_.store, name, version);
    if (!text) return text.error();
    auto list = parse_version(*text, meta->string_or("format", "csv"));
    if (!list) return Error{"version " + std::to_string(version) + ": " + list.error().message};
    parsed.push_back(std::move(*list));
  }
  json::Value v = diff_entries(parsed[0], parsed[1]);
  v.set("name", name);
  v.set("from", from);
  v.set("to", to);
  return v;
}

WatchlistImportReport WatchlistService::rollback(const std::string& name, uint64_t version,
                                                 const std::string& by) {
  auto meta = version_meta(state_.store, name, version);
  auto text = meta ? version_text(state_.store, name, version) : Result<std::string>(meta.error());
  if (!text) {
    WatchlistImportReport report;
    report.name = name;
    report.error = text.error().message;
    return report;
  }
  const json::Value* skip = meta->find("skip_bad");
  return import_version(name, *text, meta->string_or("format", "csv"),
                        skip != nullptr && skip->is_bool() && skip->as_bool(), by, version);
}

Result<json::Value> WatchlistService::export_version(const std::string& name, uint64_t version,
                                                     const std::string& format) {
  if (version == 0) version = active_version(name);
  if (version == 0) return Error{"watchlist " + name.substr(0, 64) + " has no stored versions"};
  auto meta = version_meta(state_.store, name, version);
  if (!meta) return meta.error();
  auto text = version_text(state_.store, name, version);
  if (!text) return text.error();
  const std::string stored = meta->string_or("format", "csv");
  json::Value v;
  v.set("name", name);
  v.set("version", version);
  if (format.empty()) {
    v.set("format", stored);
    v.set("text", std::move(*text));
    return v;
  }
  auto list = parse_version(*text, stored);
  if (!list) return list.error();
  auto out = export_entries(*list, format);
  if (!out) return out.error();
  v.set("format", format);
  v.set("text", std::move(*out));
  return v;
}

}  // namespace bw::control
