// Watchlist imports: parse, store the whole list as one atomic write, swap the in-memory
// snapshot. Screening keeps using the previous list until the new one is complete.
//
// Contract: with skip_bad=false any bad row rejects the import and nothing changes; with
// skip_bad=true the good rows are imported and the bad ones reported.
// Thread safety: imports are serialised internally; callable from any thread.
#pragma once

#include <mutex>
#include <string>

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
  // Start-up: loads every stored list into the snapshot. Returns how many lists.
  Result<size_t> restore();
  json::Value list() const;
  // Puts officers' clearances in force: the same lists, swapped in with `clearances`.
  // Serialised with imports so neither change loses the other.
  void set_clearances(std::shared_ptr<const watchlist::ClearanceSet> clearances);

  // [a-z0-9_]{1,64}: names appear in rule conditions.
  static bool valid_name(std::string_view name);

 private:
  server::SharedState& state_;
  mutable std::mutex mu_;
  std::map<std::string, json::Value> meta_;  // name -> kind, count, who, when
};

}  // namespace bw::control
