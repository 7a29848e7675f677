// Watchlists: named sets of listed documents, vehicles or persons. Documents and vehicles are
// looked up by normalised key (documents also by OCR-folded and issuer-free keys); persons are
// screened by name (person_list.h), and their listed document numbers are looked up like a
// document list's.
//
// A WatchlistSet is an immutable snapshot; the daemon swaps in a new one atomically after an
// import, so readers (rule evaluation) never see half a list. Thread-safe for reads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/flat_string_map.h"
#include "util/key_filter.h"
#include "watchlist/clearance.h"
#include "watchlist/document_keys.h"
#include "watchlist/person_list.h"

namespace bw::watchlist {

enum class Kind { kDocuments, kVehicles, kPersons };
const char* to_string(Kind k);

struct Entry {
  std::string key;      // normalised document number or plate
  std::string display;  // as imported
  std::string country;  // documents: issuing country (ICAO); vehicles: province or country
  std::string type;     // documents: passport, id_card, border_pass...; vehicles: empty
  std::string reason;   // why it is listed (lost, stolen, wanted...)
  size_t line = 0;      // line in the imported file
};

struct DocumentHit {
  const Entry* entry = nullptr;  // null when nothing matched
  DocumentMatchKind how = DocumentMatchKind::kNone;
  double score = 0;
};

class Watchlist {
 public:
  Watchlist(std::string name, Kind kind, std::vector<Entry> entries);
  // A persons list; its entries() are the persons' listed documents (key: number).
  Watchlist(std::string name, std::shared_ptr<const PersonList> persons);

  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  size_t size() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // Normalises `raw` the way this list's kind requires, then looks it up.
  // nullptr when not listed.
  const Entry* lookup(std::string_view raw) const;
  const Entry* lookup_normalised(std::string_view key) const;
  // Documents: the best of exact, issuer-free and OCR-folded matches of a presented number
  // (check digit validated and stripped, see document_keys.h) issued by `country` (may be "").
  DocumentHit match_document(std::string_view raw, std::string_view country) const;
  // Persons lists only; null otherwise.
  const PersonList* persons() const { return persons_.get(); }

 private:
  std::string name_;
  Kind kind_;
  std::vector<Entry> entries_;
  FlatStringMap<size_t> index_;  // key -> entry; looked up per event, without a copy
  KeyFilter index_filter_;       // of index_'s keys: most per-event lookups stop here
  std::unordered_multimap<std::string, size_t> ocr_index_;  // ocr_fold(key) -> entry
  std::shared_ptr<const PersonList> persons_;
};

class WatchlistSet {
 public:
  WatchlistSet() = default;
  explicit WatchlistSet(std::map<std::string, std::shared_ptr<const Watchlist>> lists,
                        std::shared_ptr<const ClearanceSet> clearances = nullptr)
      : lists_(std::move(lists)), clearances_(std::move(clearances)) {}

  // nullptr when no list of that name has been imported.
  const Watchlist* find(std::string_view name) const;
  const std::map<std::string, std::shared_ptr<const Watchlist>>& lists() const { return lists_; }

  // A new set with `list` added or replacing the one of the same name (clearances kept).
  std::shared_ptr<const WatchlistSet> with(std::shared_ptr<const Watchlist> list) const;

  // Officers' clearances (clearance.h); null when there are none.
  const ClearanceSet* clearances() const { return clearances_.get(); }
  // The same lists with these clearances in force.
  std::shared_ptr<const WatchlistSet> with_clearances(
      std::shared_ptr<const ClearanceSet> clearances) const;

 private:
  std::map<std::string, std::shared_ptr<const Watchlist>> lists_;
  std::shared_ptr<const ClearanceSet> clearances_;
};

}  // namespace bw::watchlist
