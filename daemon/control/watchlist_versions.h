// Watchlist versions: every import is stored as a numbered version of its list (the source
// text as uploaded, plus who, when, format, count and hash), so operators can see a list's
// history, compare two versions, roll back to one and export one.
//
// Store layout (meta family): "wlver/<list>/<10-digit version>" = small JSON metadata,
// "wlsrc/<list>/<10-digit version>" = the imported text; a text above 1 MiB is stored in
// 1 MiB chunks at "wlsrc/<list>/<version>/<10-digit chunk>", their count in the metadata's
// "text_chunks". Versions start at 1 per list and only grow; a rollback is a new version
// whose metadata names the version it restored.
// Failure: store errors are returned; a missing version is an Error naming it.
// Thread safety: free functions over the thread-safe store; callers serialise writes.
#pragma once

#include <string>

#include "json/value.h"
#include "store/store.h"
#include "watchlist/csv_import.h"

namespace bw::control {

// The highest stored version of `list` (0 when none).
Result<uint64_t> latest_version(store::Store& store, const std::string& list);
// Stores version `meta["version"]` of `list`: its metadata and its source text (synced).
Status put_version(store::Store& store, const std::string& list, const json::Value& meta,
                   std::string_view text);
// Every version's metadata, oldest first.
Result<json::Array> list_versions(store::Store& store, const std::string& list);
Result<json::Value> version_meta(store::Store& store, const std::string& list, uint64_t version);
Result<std::string> version_text(store::Store& store, const std::string& list, uint64_t version);

// Parses stored text in its recorded format (problems skipped, as the import did).
Result<watchlist::ImportResult> parse_version(std::string_view text, const std::string& format);

// {added, removed, changed}: entry keys (documents/plates normalised, persons by id), each
// at most `limit` listed, with counts.
json::Value diff_entries(const watchlist::ImportResult& from, const watchlist::ImportResult& to,
                         size_t limit = 1000);

// The entries as text that imports back to the same list: "csv" or "jsonl", any kind. Persons
// as CSV use the importer's columns (id,names,birth_date,nationality,sex,documents,reason,
// source); Error naming the person when one cannot round-trip through CSV (a ';' inside a
// name or document, a field with leading or trailing blanks): export that list as jsonl.
Result<std::string> export_entries(const watchlist::ImportResult& list, const std::string& format);

}  // namespace bw::control
