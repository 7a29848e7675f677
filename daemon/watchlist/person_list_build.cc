// Building a PersonList: token dictionary, weights, lookup tables, briefs and postings
// (person_list.h). Queries are in person_list.cc and person_list_collect.cc.
#include <algorithm>
#include <cmath>

#include "watchlist/match_evidence.h"
#include "watchlist/name_fold.h"
#include "watchlist/person_list.h"

namespace bw::watchlist {

namespace {

std::vector<std::string> deletions(const std::string& t) {
  std::vector<std::string> out;
  if (t.size() < PersonList::kMinDeleteLen) return out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string d = t.substr(0, i) + t.substr(i + 1);
    if (out.empty() || out.back() != d) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

PersonList::PersonList(std::vector<PersonEntry> entries) : entries_(std::move(entries)) {
  build();
}

uint32_t PersonList::token_id(const std::string& t) {
  auto [it, added] = dict_.try_emplace(t, static_cast<uint32_t>(tokens_.size()));
  if (added) {
    tokens_.push_back(t);
    df_.push_back(0);
  }
  return it->second;
}

void PersonList::build() {
  const size_t n = entries_.size();
  entry_names_.reserve(n + 1);
  std::vector<std::vector<uint32_t>> entry_tokens(n);  // distinct ids per entry
  for (size_t e = 0; e < n; ++e) {
    const PersonEntry& p = entries_[e];
    entry_names_.push_back(static_cast<uint32_t>(name_tokens_.size()));
    for (const auto& name : p.names) {
      name_tokens_.push_back(static_cast<uint32_t>(tokens_of_names_.size()));
      for (const auto& t : name_tokens(name)) {
        const uint32_t id = token_id(t);
        tokens_of_names_.push_back(id);
        entry_tokens[e].push_back(id);
      }
    }
    auto& ids = entry_tokens[e];
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t id : ids) ++df_[id];
    for (const auto& d : p.documents) documents_[d].push_back(static_cast<uint32_t>(e));
  }
  entry_names_.push_back(static_cast<uint32_t>(name_tokens_.size()));
  name_tokens_.push_back(static_cast<uint32_t>(tokens_of_names_.size()));

  const double scale = std::log(std::max<double>(static_cast<double>(n), 1000));
  weights_.resize(tokens_.size());
  for (size_t id = 0; id < tokens_.size(); ++id) {
    const double w = 1 - std::log(std::max<double>(df_[id], 1)) / scale;
    weights_[id] = static_cast<float>(std::clamp(w, 0.1, 1.0));
  }
  frequent_ = static_cast<uint32_t>(std::max<size_t>(1000, n / 500));
  // Ids need two bits to spare (lookup_); a list of a billion distinct tokens would not fit in
  // memory anyway.
  for (size_t id = 0; id < tokens_.size() && id <= kIdMask; ++id) {
    const uint32_t value = static_cast<uint32_t>(id) | (df_[id] > frequent_ ? kFrequent : 0);
    lookup_.add(tokens_[id], value | kExact);
    for (auto& d : deletions(tokens_[id])) lookup_.add(d, value);
  }
  build_briefs();
  lookup_.freeze();
  dict_ = {};
  build_postings(entry_tokens);
  entry_tokens = {};
  build_records();
}

void PersonList::build_records() {
  // Last, once the build's temporaries are gone: the records then add their own size to the
  // peak, not to the build's.
  records_.reserve(entries_.size(), name_tokens_.size() - 1, tokens_of_names_.size(), [&] {
    size_t text = 0;
    for (const uint32_t id : tokens_of_names_) text += tokens_[id].size();
    return text;
  }());
  for (size_t e = 0; e < entries_.size(); ++e) {
    records_.begin_entry(entries_[e].sex);
    for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
      records_.begin_name(namesakes_[n]);
      for (uint32_t i = name_tokens_[n]; i < name_tokens_[n + 1]; ++i) {
        records_.add_token(tokens_[tokens_of_names_[i]], weights_[tokens_of_names_[i]]);
      }
    }
  }
  records_.finish();
  // The briefs learn where the records start only now, the postings' copies too.
  for (uint32_t e = 0; e < entries_.size(); ++e) briefs_[e].record = records_.offset(e);
  postings_.amend_briefs([&](uint32_t e, Brief& brief) { brief.record = briefs_[e].record; });
}

template <typename Fn>
void PersonList::lists_of(uint32_t e, const std::vector<uint32_t>& ids, Fn&& fn) {
  const auto pair_list = [&](uint32_t a, uint32_t b) {
    const auto [it, added] = pair_lists_.try_emplace(pair_key(a, b), 0);
    if (added) it->second = postings_.add_list();
    fn(it->second);
  };
  for (size_t i = 0; i < ids.size(); ++i) {
    fn(ids[i]);
    if (df_[ids[i]] <= frequent_) continue;
    for (size_t j = i + 1; j < ids.size(); ++j) {
      if (df_[ids[j]] > frequent_) pair_list(ids[i], ids[j]);
    }
    if (written_twice(e, ids[i])) pair_list(ids[i], ids[i]);  // "Moe Naing Moe"
  }
}

void PersonList::build_postings(const std::vector<std::vector<uint32_t>>& entry_tokens) {
  const size_t n = entries_.size();
  postings_ = PostingLists(tokens_.size());
  for (uint32_t e = 0; e < n; ++e) {
    lists_of(e, entry_tokens[e], [&](uint32_t list) { postings_.count(list); });
  }
  postings_.start();
  // Entries in the order of the lists (posting_lists.h): undated ones first, rarest first, then
  // by key.
  std::vector<uint64_t> keys(n);
  for (uint32_t e = 0; e < n; ++e) keys[e] = date_key(entries_[e].birth, e);
  std::sort(keys.begin(), keys.end(), [&](uint64_t a, uint64_t b) {
    const bool a_dated = a >= PostingLists::kDated, b_dated = b >= PostingLists::kDated;
    if (a_dated || b_dated) return a_dated == b_dated ? a < b : b_dated;
    const float ra = briefs_[static_cast<uint32_t>(a)].log_namesakes;
    const float rb = briefs_[static_cast<uint32_t>(b)].log_namesakes;
    return ra != rb ? ra < rb : a < b;
  });
  for (const uint64_t key : keys) {
    const auto e = static_cast<uint32_t>(key);
    lists_of(e, entry_tokens[e], [&](uint32_t list) { postings_.add(list, key, briefs_[e]); });
  }
  postings_.finish();
  pair_keys_.resize(postings_.lists() - tokens_.size());
  for (const auto& [key, list] : pair_lists_) {
    pair_keys_[list - tokens_.size()] = key;
    pair_table_.add(key_bytes(key), list);
  }
  pair_table_.freeze();
  pair_lists_ = {};
}

void PersonList::build_briefs() {
  // Names as sorted token-id sets, hashed, to count the entries listing exactly each name.
  const size_t names = name_tokens_.size() - 1;
  std::vector<uint64_t> hashes(names);
  std::vector<uint32_t> ids;
  for (size_t n = 0; n < names; ++n) {
    ids.assign(tokens_of_names_.begin() + name_tokens_[n],
               tokens_of_names_.begin() + name_tokens_[n + 1]);
    std::sort(ids.begin(), ids.end());
    hashes[n] = name_hash(ids);
  }
  // Counted once an entry: aliases of one person spelt with the same tokens are no namesakes.
  name_hashes_.clear();
  for (size_t e = 0; e < entries_.size(); ++e) {
    const size_t first = name_hashes_.size();
    for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
      if (std::find(name_hashes_.begin() + static_cast<long>(first), name_hashes_.end(),
                    hashes[n]) == name_hashes_.end()) {
        name_hashes_.push_back(hashes[n]);
      }
    }
  }
  std::sort(name_hashes_.begin(), name_hashes_.end());
  name_hash_bits_ = 0;
  while ((size_t{8} << name_hash_bits_) < name_hashes_.size()) ++name_hash_bits_;
  name_hash_buckets_.assign((size_t{1} << name_hash_bits_) + 1, 0);
  for (const uint64_t h : name_hashes_) ++name_hash_buckets_[name_hash_bucket(h) + 1];
  for (size_t b = 1; b < name_hash_buckets_.size(); ++b) {
    name_hash_buckets_[b] += name_hash_buckets_[b - 1];
  }
  namesakes_.resize(names);
  for (size_t n = 0; n < names; ++n) {
    const auto [lo, hi] = std::equal_range(name_hashes_.begin(), name_hashes_.end(), hashes[n]);
    namesakes_[n] = static_cast<uint32_t>(hi - lo) - 1;
  }
  briefs_.resize(entries_.size());
  for (size_t e = 0; e < entries_.size(); ++e) {
    const PersonEntry& p = entries_[e];
    double rarest = 1e9;  // the fewest namesakes of one of its names (log)
    for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
      rarest = std::min(rarest, log_namesakes(name_weight(n), entries_.size(), namesakes_[n]));
    }
    briefs_[e] = {p.birth, p.sex.empty() ? '\0' : p.sex[0], nationality_code(p.nationality),
                  static_cast<float>(rarest)};
  }
}

bool PersonList::written_twice(uint32_t e, uint32_t id) const {
  for (uint32_t n = entry_names_[e]; n < entry_names_[e + 1]; ++n) {
    const auto first = tokens_of_names_.begin() + name_tokens_[n];
    const auto last = tokens_of_names_.begin() + name_tokens_[n + 1];
    if (std::count(first, last, id) >= 2) return true;
  }
  return false;
}

uint64_t PersonList::name_hash(const std::vector<uint32_t>& sorted_ids) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the ids
  for (uint32_t id : sorted_ids) h = (h ^ id) * 1099511628211ull;
  return h;
}

}  // namespace bw::watchlist
