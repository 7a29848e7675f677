// Watchlist imports: parse, store the whole list as one atomic write, swap the in-memory
// snapshot. Screening keeps using the previous list until the new one is complete.
//
// Contract: with skip_bad=false any bad row rejects the import and nothing changes; with
// skip_bad=true the good rows are imported and the bad ones reported.
// Thread safety: imports are serialised internally; callable from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "control/import_sessions.h"
#include "json/value.h"
#include "server/shared_state.h"
#include "watchlist/csv_import.h"

namespace bw::control {

struct WatchlistImportReport {
  bool ok = false;
  std::string error;
  std::string name;
  watchlist::Kind kind = watchlist::Kind::kDocuments;
  size_t imported = 0;
  std::vector<watchlist::ImportProblem> problems;
  json::Value to_json() const;
};

class WatchlistService {
 public:
  explicit WatchlistService(server::SharedState& state) : state_(state) {}

  WatchlistImportReport import_csv(const std::string& name, std::string_view text, bool skip_bad,
                                   const std::string& by);
  // `format`: "csv", "jsonl" or "ofac" (sdnList XML). Parsing and index building run on the
  // calling thread (the control thread, never the ingest loop); screening sees the new list
  // only once it is stored and fully built.
  WatchlistImportReport import(const std::string& name, std::string_view text,
                               const std::string& format, bool skip_bad, const std::string& by);
  // Every import above is also stored as the list's next version (control/watchlist_versions.h).
  // show: {name, active_version, versions: [metadata, oldest first]}.
  Result<json::Value> show(const std::string& name);
  // Entries added, removed and changed from version `from` to version `to`.
  Result<json::Value> diff(const std::string& name, uint64_t from, uint64_t to);
  // Makes stored version `version` the list in force again, atomically like an import; it is
  // stored as a new version naming the one it restored.
  WatchlistImportReport rollback(const std::string& name, uint64_t version, const std::string& by);
  // {version, format, text}: version 0 is the one in force; format "" returns the text as it
  // was imported, "csv" or "jsonl" writes the entries afresh in that format. Imports back to the
  // same entries.
  Result<json::Value> export_version(const std::string& name, uint64_t version,
                                     const std::string& format);
  // Start-up: loads every stored list into the snapshot. Returns how many lists.
  Result<size_t> restore();
  json::Value list() const;
  // Puts officers' clearances in force: the same lists, swapped in with `clearances`.
  // Serialised with imports so neither change loses the other.
  void set_clearances(std::shared_ptr<const watchlist::ClearanceSet> clearances);

  // Staged uploads (import_sessions.h); commit with import() of the session's text.
  ImportSessions& sessions() { return sessions_; }
  server::SharedState& state() { return state_; }

  // [a-z0-9_]{1,64}: names appear in rule conditions.
  static bool valid_name(std::string_view name);

 private:
  WatchlistImportReport import_version(const std::string& name, std::string_view text,
                                       const std::string& format, bool skip_bad,
                                       const std::string& by, uint64_t rollback_of);
  uint64_t active_version(const std::string& name) const;
  // Frees the replaced lists nothing else holds any more, waiting up to `wait` for readers.
  // Why: the last holder of a list frees it, and freeing a million entries takes the ingest
  // loop hundreds of milliseconds, so the import that replaced it keeps it until the loop
  // has moved to the new snapshot. Lists still held stay here until a later call.
  void release_retired(std::chrono::milliseconds wait);

  server::SharedState& state_;
  mutable std::mutex mu_;
  std::map<std::string, json::Value> meta_;  // name -> kind, count, who, when
  ImportSessions sessions_;
  std::vector<std::shared_ptr<const watchlist::Watchlist>> retired_;  // guarded by mu_
};

}  // namespace bw::control
