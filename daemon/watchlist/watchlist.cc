#include "watchlist/watchlist.h"

#include "watchlist/normalize.h"

namespace bw::watchlist {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::kDocuments:
      return "documents";
    case Kind::kVehicles:
      return "vehicles";
    case Kind::kPersons:
      return "persons";
  }
  return "documents";
}

Watchlist::Watchlist(std::string name, Kind kind, std::vector<Entry> entries)
    : name_(std::move(name)), kind_(kind), entries_(std::move(entries)) {
  index_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    auto [slot, fresh] = index_.try_emplace(entries_[i].key);
    if (fresh) *slot = i;  // the first of repeated keys wins, as before
  }
  index_filter_ = KeyFilter(index_.size());
  for (const auto& [key, i] : index_.entries()) index_filter_.add(key);
  if (kind_ != Kind::kDocuments) return;
  ocr_index_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) ocr_index_.emplace(ocr_fold(entries_[i].key), i);
}

namespace {

std::vector<Entry> document_entries(const PersonList& persons) {
  std::vector<Entry> out;
  for (const auto& p : persons.entries()) {
    for (const auto& d : p.documents) {
      Entry e;
      e.key = d;
      e.display = p.names.empty() ? d : p.names.front();
      e.country = p.nationality;
      e.reason = p.reason;
      e.line = p.line;
      out.push_back(std::move(e));
    }
  }
  return out;
}

bool same_issuer(std::string_view listed, std::string_view presented) {
  if (listed.empty()) return true;  // the list does not say: the number alone decides
  if (listed.size() != presented.size()) return false;
  for (size_t i = 0; i < listed.size(); ++i) {
    if ((listed[i] | 0x20) != (presented[i] | 0x20)) return false;
  }
  return true;
}

}  // namespace

Watchlist::Watchlist(std::string name, std::shared_ptr<const PersonList> persons)
    : Watchlist(std::move(name), Kind::kDocuments, document_entries(*persons)) {
  kind_ = Kind::kPersons;
  persons_ = std::move(persons);
}

DocumentHit Watchlist::match_document(std::string_view raw, std::string_view country) const {
  const DocumentNumber n = parse_document_number(raw);
  DocumentHit hit;
  if (n.number.empty()) return hit;
  const auto consider = [&](const Entry& e, bool ocr) {
    const bool issuer = same_issuer(e.country, country);
    const DocumentMatchKind how =
        ocr ? (issuer ? DocumentMatchKind::kOcr : DocumentMatchKind::kOcrIssuerFree)
            : (issuer ? DocumentMatchKind::kExact : DocumentMatchKind::kIssuerFree);
    if (score_of(how) > hit.score) hit = {&e, how, score_of(how)};
  };
  if (const size_t* i = index_.find(n.number)) consider(entries_[*i], false);
  if (hit.how == DocumentMatchKind::kExact) return hit;
  auto [lo, hi] = ocr_index_.equal_range(ocr_fold(n.number));
  for (auto it = lo; it != hi; ++it)
    consider(entries_[it->second], entries_[it->second].key != n.number);
  return hit;
}

const Entry* Watchlist::lookup(std::string_view raw) const {
  return lookup_normalised(kind_ == Kind::kVehicles ? normalise_plate(raw)
                                                    : normalise_document_number(raw));
}

const Entry* Watchlist::lookup_normalised(std::string_view key) const {
  if (key.empty() || !index_filter_.may_contain(key)) return nullptr;
  const size_t* i = index_.find(key);
  return i == nullptr ? nullptr : &entries_[*i];
}

const Watchlist* WatchlistSet::find(std::string_view name) const {
  // A rule names its list on every evaluation; a site has a handful of lists, and scanning
  // them costs less than the std::string (a heap allocation past 15 bytes) a map lookup needs.
  for (const auto& [n, list] : lists_) {
    if (n == name) return list.get();
  }
  return nullptr;
}

std::shared_ptr<const WatchlistSet> WatchlistSet::with(
    std::shared_ptr<const Watchlist> list) const {
  auto copy = lists_;
  copy[list->name()] = std::move(list);
  return std::make_shared<const WatchlistSet>(std::move(copy), clearances_);
}

std::shared_ptr<const WatchlistSet> WatchlistSet::with_clearances(
    std::shared_ptr<const ClearanceSet> clearances) const {
  return std::make_shared<const WatchlistSet>(lists_, std::move(clearances));
}

}  // namespace bw::watchlist
