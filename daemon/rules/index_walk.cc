// RuleIndex, per event: one walk of the path tree over the event body finds the keyed values
// (looked up as it goes, index_scan.cc) and the presence paths. Also the build of the flat copy
// of the tree that the walk reads (index.h, WalkNode).
#include <algorithm>
#include <cstring>

#include "rules/index.h"
#include "util/load_bytes.h"

namespace bw::rules {

namespace {

constexpr size_t kLongName = 63;  // names this long or longer share a length group

size_t group_of(size_t length) {
  return std::min(length, kLongName);
}

// Whether the member `name` has the child's length and inline head (all of a name of at most
// WalkChild::kInline bytes). Names are short and usually differ in the first byte: an inline
// compare is cheaper than a memcmp call, and names are compared a word at a time (the last
// word overlapping the one before; a shorter name as one word, the head being zero past it),
// which a byte loop's branches were not.
template <typename Child>
bool same_head(const Child& c, const std::string& name) {
  const size_t n = name.size();
  if (n != c.size || (n != 0 && name[0] != c.head[0])) return false;
  const char* p = name.data();
  if (n < 8) return load_le(p, n) == load8(c.head);
  const size_t inline_part = std::min(n, Child::kInline);
  for (size_t i = 0; i + 8 < inline_part; i += 8) {
    if (load8(p + i) != load8(c.head + i)) return false;
  }
  return load8(p + inline_part - 8) == load8(c.head + inline_part - 8);
}

}  // namespace

void RuleIndex::build_walk() {
  walk_nodes_.assign(nodes_.size(), WalkNode{});
  walk_children_.clear();
  walk_groups_.clear();
  walk_fields_.clear();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const PathNode& p = nodes_[i];
    WalkNode& w = walk_nodes_[i];
    w.presence = p.presence;
    w.first_field = static_cast<uint32_t>(walk_fields_.size());
    w.key_count = static_cast<uint32_t>(p.key_fields.size());
    w.needle_count = static_cast<uint32_t>(p.needle_fields.size());
    walk_fields_.insert(walk_fields_.end(), p.key_fields.begin(), p.key_fields.end());
    walk_fields_.insert(walk_fields_.end(), p.needle_fields.begin(), p.needle_fields.end());
    w.child_count = static_cast<uint32_t>(p.children.size());
    if (p.children.size() <= 64) build_walk_children(p, w);  // else more than `seen` holds
  }
}

// The children in order of their length group, and where each group starts.
void RuleIndex::build_walk_children(const PathNode& p, WalkNode& w) {
  std::vector<uint32_t> order = p.children;
  auto group = [&](uint32_t c) { return group_of(nodes_[c].step.size()); };
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return group(a) < group(b); });
  w.first_child = static_cast<uint32_t>(walk_children_.size());
  w.first_group = static_cast<uint32_t>(walk_groups_.size());
  uint8_t starts[kLongName + 2] = {};
  for (uint32_t c : order) {
    const std::string& step = nodes_[c].step;
    WalkChild k;
    std::memcpy(k.head, step.data(), std::min(step.size(), WalkChild::kInline));
    k.size = static_cast<uint32_t>(step.size());
    k.node = c;
    w.child_groups |= uint64_t{1} << group(c);
    ++starts[group(c) + 1];
    walk_children_.push_back(k);
  }
  for (size_t g = 1; g < std::size(starts); ++g) starts[g] += starts[g - 1];
  walk_groups_.insert(walk_groups_.end(), std::begin(starts), std::end(starts));
}

// The part of a long name past WalkChild::kInline: rare, so out of line.
bool RuleIndex::same_tail(const WalkChild& c, const std::string& name) const {
  constexpr size_t k = WalkChild::kInline;
  return name.size() <= k ||
         std::memcmp(name.data() + k, nodes_[c.node].step.data() + k, name.size() - k) == 0;
}

void RuleIndex::gather_below(uint32_t node, const json::Value& v, int d, Hits& hits) const {
  const WalkNode& n = walk_nodes_[node];
  if (n.presence != 0 && !v.is_null()) hits.present |= n.presence;
  const uint32_t* fields = walk_fields_.data() + n.first_field;
  for (uint32_t k = 0; k < n.key_count; ++k) {
    const KeyField& f = keys_[fields[k]];
    if (!f.is_element) {
      if (v.is_string()) look_up(f, v.as_string(), d, hits);
    } else if (v.is_array()) {
      for (const json::Value& element : v.as_array()) {
        const json::Value* x = json::find_steps(&element, f.field.element);
        if (x == nullptr || !x->is_string()) continue;
        const Slot* slot = look_up(f, x->as_string(), d, hits);
        if (slot != nullptr && slot->sum_at != kNoSum) add_sums(f, *slot, element, hits);
      }
    }
  }
  if (n.needle_count != 0 && v.is_string()) {
    thread_local std::vector<int> found;  // declared here: a thread_local costs a check
    for (uint32_t k = n.key_count; k < n.key_count + n.needle_count; ++k) {
      const NeedleField& f = needles_[fields[k]];
      found.clear();
      f.set->find(v.as_string(), found);
      for (int i : found) hit(f.slots[i], d, hits);
    }
  }
  if (n.child_count != 0 && v.is_object()) gather_children(node, v, d, hits);
}

// Each child under its member's value, as the evaluator sees it: the first member of a name.
void RuleIndex::gather_children(uint32_t node, const json::Value& v, int d, Hits& hits) const {
  const WalkNode& n = walk_nodes_[node];
  if (n.child_count > 64) {  // no dispatch: more than `seen` can hold
    for (uint32_t c : nodes_[node].children) {
      if (const json::Value* child = v.find(nodes_[c].step)) gather_below(c, *child, d, hits);
    }
    return;
  }
  const WalkChild* children = walk_children_.data() + n.first_child;
  const uint8_t* groups = walk_groups_.data() + n.first_group;
  const uint64_t in_groups = n.child_groups;
  const uint64_t all = n.child_count == 64 ? ~uint64_t{0} : (uint64_t{1} << n.child_count) - 1;
  uint64_t seen = 0;  // bit k: children[k] found
  for (const auto& [name, value] : v.as_object()) {
    const size_t g = group_of(name.size());
    if (((in_groups >> g) & 1) == 0) continue;
    for (uint32_t k = groups[g]; k < groups[g + 1]; ++k) {
      const WalkChild& c = children[k];
      if (!same_head(c, name) || !same_tail(c, name)) continue;
      if (((seen >> k) & 1) == 0) {
        seen |= uint64_t{1} << k;
        gather_below(children[k].node, value, d, hits);
        if (seen == all) return;
      }
      break;
    }
  }
}

void RuleIndex::gather(const EvalContext& ctx, int d, Hits& hits) const {
  for (uint32_t k : checkpoint_keys_) look_up(keys_[k], ctx.event.checkpoint, d, hits);
  gather_below(0, ctx.event.body, d, hits);
  if (site_bit_ >= 0 && ctx.checkpoint != nullptr) hits.present |= uint64_t{1} << site_bit_;
}

}  // namespace bw::rules
