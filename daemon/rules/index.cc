#include "rules/index.h"

#include <algorithm>
#include <limits>
#include <map>

#include "rules/schema.h"

namespace bw::rules {

namespace {

// How many distinct values a field without a schema bound (names, numbers) is taken to have.
constexpr double kUnboundedValues = 10000;

// The share of events guessed to hold any one value of the string field at `path` (then
// `element` in an array's elements): one over the values it typically takes (schema.h).
double value_share(const std::vector<std::string>& path, const std::vector<std::string>& element) {
  const FieldSpec* spec = &event_schema();
  for (const auto* steps : {&path, &element}) {
    for (const std::string& step : *steps) {
      spec = spec->member(step);
      if (spec == nullptr) return 1 / kUnboundedValues;
    }
  }
  return spec->typical_values == 0 ? 1 / kUnboundedValues : 1.0 / spec->typical_values;
}

}  // namespace

void RuleIndex::add(uint32_t rule, const ConditionFacts& facts) {
  rule_count_ = std::max(rule_count_, rule + 1);
  pending_.push_back({rule,
                      Needs{facts.direction, facts.required_paths, facts.requires_site,
                            facts.value_keys, facts.needle_keys},
                      {}});
}

void RuleIndex::finish() {
  collect_uses();
  number_sums();
  choose_uses();
  choose_paths();
  build_tree();
  building_.assign(2 * size_t{next_id_}, {});
  for (const Pending& p : pending_) place(p);
  flatten_buckets();
  pending_.clear();
  pending_.shrink_to_fit();
}

size_t RuleIndex::key_field(const ValueKey& key) {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i].field.same_field(key)) return i;
  }
  KeyField f;
  f.field = ValueKey{key.path, key.element, key.fold, {}};
  f.fold = key.fold;
  f.is_element = !key.element.empty();
  f.is_checkpoint = key.element.empty() && key.path == std::vector<std::string>{"checkpoint"};
  if (f.is_checkpoint) checkpoint_keys_.push_back(static_cast<uint32_t>(keys_.size()));
  keys_.push_back(std::move(f));
  return keys_.size() - 1;
}

size_t RuleIndex::needle_of(const NeedleKey& key, size_t& field) {
  auto f = std::find_if(needles_.begin(), needles_.end(),
                        [&](const NeedleField& n) { return n.path == key.path; });
  if (f == needles_.end()) f = needles_.insert(needles_.end(), NeedleField{key.path});
  field = static_cast<size_t>(f - needles_.begin());
  auto& list = f->needles;
  auto n = std::find_if(list.begin(), list.end(), [&](const NeedleSet::Needle& x) {
    return x.text == key.needle.text && x.mode == key.needle.mode;
  });
  if (n == list.end()) n = list.insert(list.end(), key.needle);
  return static_cast<size_t>(n - list.begin());
}

// Every key of every rule, the ids of their values, and what filing the rule under each key
// would cost: the rules an event would bring up through the key's values, guessed without
// traffic statistics as the rules sharing each value times the share of events holding it.
// The share matters when a rule has keys on fields of different breadth: a checkpoint (one of
// a handful) or a declared purpose is held by a large part of all crossings, a nationality
// other than the few common ones or a province far from the border by few, and filing
// `checkpoint = "BAN_LAEM" and traveller.nationality = "KOR"` under its checkpoint brought it
// up for every crossing there, to be rejected by its nationality check.
void RuleIndex::collect_uses() {
  std::vector<std::map<std::string, long, std::less<>>> value_uses;
  std::vector<std::vector<long>> needle_uses;
  for (Pending& p : pending_) {
    for (size_t k = 0; k < p.facts.keys.size(); ++k) {
      const size_t f = key_field(p.facts.keys[k]);
      value_uses.resize(keys_.size());
      for (const std::string& v : p.facts.keys[k].values) {
        auto [slot, fresh] = keys_[f].values.try_emplace(v);
        if (fresh) slot->id = next_id_++;
        keys_[f].filter.add(v);
        ++value_uses[f][v];
      }
      const auto& sum = p.facts.keys[k].sum;
      auto& sums = keys_[f].sums;
      if (sum && std::find(sums.begin(), sums.end(), sum->path) == sums.end()) {
        sums.push_back(sum->path);
      }
      p.uses.push_back(Use{false, f, k});
    }
    for (const NeedleKey& n : p.facts.needles) {
      size_t f = 0;
      const size_t i = needle_of(n, f);
      needle_uses.resize(needles_.size());
      needle_uses[f].resize(needles_[f].needles.size());
      ++needle_uses[f][i];
      p.uses.push_back(Use{true, f, i});
    }
  }
  for (Pending& p : pending_) {
    for (Use& u : p.uses) {
      if (u.needle) {
        u.cost = static_cast<double>(needle_uses[u.field][u.item]) *
                 value_share(needles_[u.field].path, {});
        continue;
      }
      const ValueKey& field = keys_[u.field].field;
      long sharing = 0;
      for (const std::string& v : p.facts.keys[u.item].values) sharing += value_uses[u.field][v];
      u.cost = static_cast<double>(sharing) * value_share(field.path, field.element);
    }
  }
  for (KeyField& f : keys_) {
    const bool unbounded = value_share(f.field.path, f.field.element) <= 1 / kUnboundedValues;
    if (f.fold == KeyFold::kNone) f.filter.add_tails(f.values, unbounded);
  }
  for (NeedleField& f : needles_) {
    f.set = NeedleSet::build(f.needles);
    f.slots.resize(f.needles.size());
    for (Slot& slot : f.slots) slot.id = next_id_++;
  }
}

// Each value of a field with sums gets one total per summed path.
void RuleIndex::number_sums() {
  for (KeyField& f : keys_) {
    if (f.sums.empty()) continue;
    for (const auto& [value, unused] : f.values.entries()) {
      f.values.find(value)->sum_at = sum_count_;
      sum_count_ += static_cast<uint32_t>(f.sums.size());
    }
  }
}

// The primary key is the cheapest; the next cheapest become checks.
void RuleIndex::choose_uses() {
  for (Pending& p : pending_) {
    auto& uses = p.uses;
    // A field whose needles RE2 could not combine keys nothing.
    uses.erase(std::remove_if(uses.begin(), uses.end(),
                              [&](const Use& u) { return u.needle && !needles_[u.field].set; }),
               uses.end());
    std::stable_sort(uses.begin(), uses.end(),
                     [](const Use& x, const Use& y) { return x.cost < y.cost; });
    if (uses.size() > kMaxKeysPerRule) uses.resize(kMaxKeysPerRule);
  }
}

// Presence bits go to the paths most required by unkeyed rules, so the per-event presence scan
// is worth its cost.
void RuleIndex::choose_paths() {
  std::map<std::vector<std::string>, int> uses;
  bool any_site = false;
  for (const auto& p : pending_) {
    if (!p.uses.empty()) continue;
    for (const auto& path : p.facts.required_paths) ++uses[path];
    any_site = any_site || p.facts.requires_site;
  }
  std::vector<std::pair<int, std::vector<std::string>>> ranked;
  for (auto& [path, n] : uses) ranked.emplace_back(n, path);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  const size_t limit = any_site ? 63 : 64;
  for (auto& [n, path] : ranked) {
    if (paths_.size() == limit) break;
    paths_.push_back(std::move(path));
  }
  if (any_site) site_bit_ = static_cast<int>(paths_.size());
}

std::vector<uint32_t> RuleIndex::ids_of(const Use& use, const Needs& facts) const {
  if (use.needle) return {needles_[use.field].slots[use.item].id};
  std::vector<uint32_t> ids;
  for (const std::string& v : facts.keys[use.item].values) {
    ids.push_back(keys_[use.field].values.find(v)->id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void RuleIndex::place(const Pending& p) {
  const Entry e{p.rule, mask_of(p.facts)};
  Filed filed{
      .min = -std::numeric_limits<double>::infinity(), .rule = p.rule, .sum_ref = sum_count_};
  if (!p.uses.empty()) {
    ++keyed_rules_;
    keyed_.resize(rule_count_);
    filed_under_.resize(rule_count_);
    filed_under_[p.rule] = dotted_path_of(p.uses.front());
    keyed_[p.rule].required = e.required;
    if (p.uses.size() > 1) {
      keyed_[p.rule].checks_at = static_cast<uint32_t>(check_data_.size());
      check_data_.push_back(static_cast<uint32_t>(p.uses.size() - 1));
      for (size_t i = 1; i < p.uses.size(); ++i) {
        const std::vector<uint32_t> ids = ids_of(p.uses[i], p.facts);
        check_data_.push_back(static_cast<uint32_t>(ids.size()));
        check_data_.insert(check_data_.end(), ids.begin(), ids.end());
        if (i > 1) continue;
        filed.first_check = 0;
        for (uint32_t id : ids) filed.first_check |= uint64_t{1} << (id & 63);
      }
    }
    place_bound(p, filed);
  }
  for (int d = 0; d < 2; ++d) {
    if (p.facts.direction && static_cast<int>(*p.facts.direction) != d) continue;
    if (p.uses.empty()) {
      general_[d].push_back(e);
      continue;
    }
    const Use& primary = p.uses.front();
    if (primary.needle) {
      building_[2 * needles_[primary.field].slots[primary.item].id + d].push_back(filed);
      continue;
    }
    for (const std::string& v : p.facts.keys[primary.item].values) {
      building_[2 * keys_[primary.field].values.find(v)->id + d].push_back(filed);
    }
  }
}

// Every sum bound of the rule's keys, whichever key the rule is filed under (every field with
// sums is read for every event), one after the other in bounds_. The first bound on a single
// value is also tested from the rule's bucket entries (`filed`).
void RuleIndex::place_bound(const Pending& p, Filed& filed) {
  for (const ValueKey& key : p.facts.keys) {
    if (!key.sum) continue;
    const KeyField& f = keys_[key_field(key)];
    const auto channel = static_cast<uint32_t>(
        std::find(f.sums.begin(), f.sums.end(), key.sum->path) - f.sums.begin());
    if (keyed_[p.rule].bound_at == kNoSum) {
      keyed_[p.rule].bound_at = static_cast<uint32_t>(bounds_.size());
    } else {
      bounds_.back().last = false;
    }
    bounds_.push_back(Bound{key.sum->min, key.sum->strict, true,
                            static_cast<uint32_t>(sum_refs_.size()),
                            static_cast<uint32_t>(key.values.size())});
    for (const std::string& v : key.values) sum_refs_.push_back(f.values.find(v)->sum_at + channel);
    if (key.values.size() == 1 && filed.sum_ref == sum_count_) {
      filed.sum_ref = sum_refs_.back();
      filed.min = key.sum->min;
    }
  }
}

std::string RuleIndex::dotted_path_of(const Use& use) const {
  std::string dotted;
  auto append = [&](const std::vector<std::string>& steps) {
    for (const std::string& step : steps) dotted += (dotted.empty() ? "" : ".") + step;
  };
  if (use.needle) {
    append(needles_[use.field].path);
  } else {
    append(keys_[use.field].field.path);
    append(keys_[use.field].field.element);
  }
  return dotted;
}

void RuleIndex::flatten_buckets() {
  bucket_start_.assign(1, 0);
  for (const RuleList& rules : building_) {
    bucket_rules_.insert(bucket_rules_.end(), rules.begin(), rules.end());
    bucket_start_.push_back(static_cast<uint32_t>(bucket_rules_.size()));
  }
  building_.clear();
  building_.shrink_to_fit();
}

uint64_t RuleIndex::mask_of(const Needs& facts) const {
  uint64_t mask = 0;
  for (const auto& path : facts.required_paths) {
    auto it = std::find(paths_.begin(), paths_.end(), path);
    if (it != paths_.end()) mask |= uint64_t{1} << (it - paths_.begin());
  }
  if (facts.requires_site && site_bit_ >= 0) mask |= uint64_t{1} << site_bit_;
  return mask;
}

uint32_t RuleIndex::node_for(const std::vector<std::string>& path) {
  uint32_t node = 0;
  for (const std::string& step : path) {
    const auto& children = nodes_[node].children;
    auto it = std::find_if(children.begin(), children.end(),
                           [&](uint32_t c) { return nodes_[c].step == step; });
    if (it != children.end()) {
      node = *it;
      continue;
    }
    nodes_.push_back(PathNode{.step = step});
    nodes_[node].children.push_back(static_cast<uint32_t>(nodes_.size() - 1));
    node = static_cast<uint32_t>(nodes_.size() - 1);
  }
  return node;
}

void RuleIndex::build_tree() {
  nodes_.assign(1, PathNode{});
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (!keys_[i].is_checkpoint) {
      nodes_[node_for(keys_[i].field.path)].key_fields.push_back(static_cast<uint32_t>(i));
    }
  }
  for (size_t i = 0; i < needles_.size(); ++i) {
    if (needles_[i].set) {
      nodes_[node_for(needles_[i].path)].needle_fields.push_back(static_cast<uint32_t>(i));
    }
  }
  for (size_t i = 0; i < paths_.size(); ++i)
    nodes_[node_for(paths_[i])].presence |= uint64_t{1} << i;
  build_walk();
}

}  // namespace bw::rules
