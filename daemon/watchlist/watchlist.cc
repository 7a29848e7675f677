#include "watchlist/watchlist.h"

#include "watchlist/normalize.h"

namespace bw::watchlist {

const char* to_string(Kind k) {
  return k == Kind::kDocuments ? "documents" : "vehicles";
}

Watchlist::Watchlist(std::string name, Kind kind, std::vector<Entry> entries)
    : name_(std::move(name)), kind_(kind), entries_(std::move(entries)) {
  index_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].key, i);
}

const Entry* Watchlist::lookup(std::string_view raw) const {
  return lookup_normalised(kind_ == Kind::kDocuments ? normalise_document_number(raw)
                                                     : normalise_plate(raw));
}

const Entry* Watchlist::lookup_normalised(std::string_view key) const {
  if (key.empty()) return nullptr;
  auto it = index_.find(std::string(key));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const Watchlist* WatchlistSet::find(std::string_view name) const {
  auto it = lists_.find(std::string(name));
  return it == lists_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const WatchlistSet> WatchlistSet::with(
    std::shared_ptr<const Watchlist> list) const {
  auto copy = lists_;
  copy[list->name()] = std::move(list);
  return std::make_shared<const WatchlistSet>(std::move(copy));
}

}  // namespace bw::watchlist
