// The rule index: which rules an event needs to be tested against.
//
// Rules are split by the direction their top-level conjunction requires (both when none).
// A rule whose conjunction requires string fields to hold particular values is keyed:
//   - value keys (ValueKey, analysis.h): `traveller.document.number = "N1"`,
//     `checkpoint in ("SAP_TARI", "SUAN_SOM")`, `lower(purpose) in work_purposes`,
//     `goods[category = "sim_card"].count > 20` (some element's category is "sim_card");
//   - needle keys (NeedleKey): `employer icontains "golden star"`.
// Every value (and needle) of every key gets an id. A keyed rule's entry goes into the bucket
// of each value of its primary key: the key whose values would bring it up, with the other
// rules sharing them, for the fewest events (the share of events holding a value is guessed
// from how many values its field typically takes, FieldSpec::typical_values). Up to
// kMaxKeysPerRule - 1 further keys become checks: sets of value ids. Per event, each keyed
// field is read once and looked up in a hash table (arrays: each element; needles: one
// NeedleSet pass over the value), which yields the buckets to visit and the ids the event
// has; a rule from those buckets is a candidate only when each of its checks has one of the
// event's ids. Each bucket entry carries its rule's first check and a sum bound (Filed), read
// once the walk is done, so most rules a bucket names are dropped from the bucket alone. So a
// thousand look-outs cost a dozen lookups, and `officer = "BL-104" and traveller.nationality
// in ("CHN", "VNM")` is not tested for the officer's Thai travellers.
// Rules with no key sit in their direction's general bucket.
//
// A key read off a sum with a lower limit (`goods[category = "sim_card"].count > 20`, see
// ValueKey::SumBound) also keeps the rule from events whose elements of those categories add
// up to too little: while it looks the elements up, the index adds up, per value, the positive
// numbers of each summed field, and a rule whose values' total cannot reach its limit is no
// candidate. Most events that carry SIM cards carry a few, and are not tested against the
// thresholds for dozens.
//
// Every entry also carries a bit mask of fields its conjunction requires; the index computes
// once per event which of those fields are present (at most 64 distinct paths, the ones most
// used by unkeyed rules; found in the same walk as the keyed fields) and skips rules whose
// required fields are absent. All of this is
// derived from ConditionFacts, which only ever claims what the condition provably requires,
// so skipping never loses a match.
//
// Immutable after finish(). for_each_candidate() is thread-safe; it keeps the keyed candidates
// of the current event in per-thread buffers, so `fn` must not itself call it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/analysis.h"
#include "rules/rule_set.h"
#include "util/flat_string_map.h"

namespace bw::rules {

class RuleIndex {
 public:
  static constexpr size_t kMaxKeysPerRule = 8;

  // Rules are added in increasing order of `rule`.
  void add(uint32_t rule, const ConditionFacts& facts);
  void finish();

  // Calls fn(rule) for every rule that may match, in increasing rule order.
  template <typename Fn>
  void for_each_candidate(const EvalContext& ctx, Fn&& fn) const;

  size_t indexed_paths() const { return paths_.size(); }
  size_t keyed_rules() const { return keyed_rules_; }
  // The dotted path of the field a keyed rule is filed under (its primary key; "goods.category"
  // for an element key), "" for a rule without keys. For tests and diagnostics.
  std::string filed_under(uint32_t rule) const {
    return rule < filed_under_.size() ? filed_under_[rule] : std::string();
  }

 private:
  struct Entry {
    uint32_t rule;
    uint64_t required;
  };
  using Bucket = std::vector<Entry>;
  // A keyed rule in the bucket of a value, with the cheap tests that reject most of the rules
  // a bucket names, so that those are rejected reading the bucket alone: with a thousand rules
  // an event brought up 6.5, of which 3.2 failed their first check and 2.3 a sum bound, and
  // each cost a cache miss on its KeyedRule and a bit set and cleared in Hits::rule_bits.
  // The tests run once the walk has found all the event's ids and sums (Hits::buckets).
  struct Filed {
    // Bit (i % 64) for each id i of the rule's first check (all bits when it has none): an
    // event without any of them (Hits::id_mask) fails that check.
    uint64_t first_check = ~uint64_t{0};
    // One of the rule's sum bounds on a single value: Hits::sums[sum_ref] must reach `min`
    // (strict or not: may_reach() decides exactly). None: the spare total, always 0, and -inf.
    // Both tests without a branch: whether a rule passes them is not predictable.
    double min = 0;
    uint32_t rule = 0;
    uint32_t sum_ref = 0;
  };
  using RuleList = std::vector<Filed>;  // increasing rule ids
  // The parts of ConditionFacts the index uses.
  struct Needs {
    std::optional<event::Direction> direction;
    std::vector<std::vector<std::string>> required_paths;
    bool requires_site = false;
    std::vector<ValueKey> keys;
    std::vector<NeedleKey> needles;
  };
  // One key a rule has: a value key (facts.keys[item]) or a needle (needles_[field], item).
  struct Use {
    bool needle = false;
    size_t field = 0;
    size_t item = 0;
    double cost = 0;  // rules per event its values would bring up (collect_uses())
  };
  struct Pending {
    uint32_t rule;
    Needs facts;
    std::vector<Use> uses;  // after choose_uses(): the primary key first, then the checks
  };
  // One value (or needle) of a keyed field. The rules whose primary key allows it are
  // bucket_rules_[bucket_start_[2 * id + d] .. bucket_start_[2 * id + d + 1]) for direction d:
  // one flat array, so a hit reads contiguous memory instead of a vector per value.
  static constexpr uint32_t kNoSum = UINT32_MAX;
  struct Slot {
    uint32_t id = 0;
    // Per-event totals of this value's elements: Hits::sums[sum_at + i] for KeyField::sums[i].
    uint32_t sum_at = kNoSum;
  };
  // The lengths and first bytes of a field's values. Most event values are none of them, and
  // most differ from every one in length or first byte: this rejects those without hashing.
  // A look-out field's values (document numbers, plates) share their length and first byte
  // with most of the events' values: for a field with many values, or any number of values of
  // a field without a bound on its values (names, numbers, officers: schema.h), and no
  // folding, two bits per value of a one-multiply hash of its last eight bytes reject most of
  // the rest, in fewer cycles than the table's hash and probe. A field of few typical values
  // (checkpoint, document type) with few keyed ones gets none: most of its lookups hit.
  struct ValueFilter {
    static constexpr size_t kTailsFrom = 48;  // values, for a bounded field
    uint64_t lengths = 0;                     // bit min(length, 63)
    uint64_t first[4] = {};                   // bit b: some value starts with byte b
    std::vector<uint64_t> tails;              // 2^tail_bits bits; empty: not used
    int tail_bits = 0;
    void add(std::string_view value);
    // Once, after the last add(); `unbounded`: the field's values are not few (schema.h).
    void add_tails(const FlatStringMap<Slot>& values, bool unbounded);
    // False only when no value has `text`'s length and (folded) first byte, or tail bits.
    bool may_hold(std::string_view text, KeyFold fold) const;
    uint64_t tail_hash(std::string_view text) const;
    bool has_tail(uint64_t h) const;
  };
  // What gather_below() and look_up() read per event comes first and fits in two cache lines:
  // with a thousand rules, evaluating the candidates evicts the index from L1 between events,
  // and reading the element path on the fourth of the five lines these members spanned was
  // gather_below()'s costliest instruction.
  struct alignas(64) KeyField {
    KeyFold fold = KeyFold::kNone;  // field.fold
    bool is_element = false;        // !field.element.empty()
    bool is_checkpoint = false;     // read from Event::checkpoint
    ValueFilter filter;             // of `values`' keys
    FlatStringMap<Slot> values;
    std::vector<std::vector<std::string>> sums;  // element paths that bounds add up
    ValueKey field;                              // values unused
  };
  struct NeedleField {
    std::vector<std::string> path;
    std::vector<NeedleSet::Needle> needles;
    std::optional<NeedleSet> set;
    std::vector<Slot> slots;  // one per needle
  };

  // Paths the index reads (keyed fields and presence paths), merged into a tree so that each
  // object member is found once per event however many paths lie below it. Built once; the
  // walk reads its flat copy (WalkNode).
  struct PathNode {
    uint64_t presence = 0;                // bits of the presence paths (paths_) ending here
    std::vector<uint32_t> key_fields;     // into keys_: fields whose path ends here
    std::vector<uint32_t> needle_fields;  // into needles_
    std::vector<uint32_t> children;       // into nodes_
    std::string step;
  };
  // The tree as gather_below() reads it (index_walk.cc), nodes_[i] as walk_nodes_[i]. The walk
  // visits 8 nodes per event with 10 rules and 16 with 1,000, and evaluating the candidates
  // evicts the index from L1 between events: a PathNode's members, names and lists lay in five
  // heap blocks, read one after the other. Here a node is 40 bytes, its children's names
  // (inline), its fields and its length groups are consecutive in flat arrays: bwbench rules
  // ran 2-3 % faster with 10 rules and 0-2 % with 1,000.
  struct WalkNode {
    uint64_t presence = 0;
    // gather_children() dispatches each member of the object by its name's length group
    // g = min(length, 63): bit g is set when some child's name is in group g (most members fall
    // in none, which this tells without another read), and that group's children are
    // walk_children_[first_child + walk_groups_[first_group + g] .. first_child +
    // walk_groups_[first_group + g + 1]), told apart by a short compare; no hashing.
    uint64_t child_groups = 0;
    uint32_t first_child = 0;
    uint32_t child_count = 0;  // > 64: not dispatched, gather_children() finds each child
    uint32_t first_group = 0;
    // walk_fields_[first_field ..]: key_count ids into keys_, then needle_count into needles_.
    uint32_t first_field = 0;
    uint32_t key_count = 0;
    uint32_t needle_count = 0;
  };
  // A child's name, inline up to kInline bytes (the rest, if any, is in nodes_[node].step).
  struct WalkChild {
    static constexpr size_t kInline = 24;
    char head[kInline] = {};  // zero past the name
    uint32_t size = 0;
    uint32_t node = 0;
  };
  // What one event hits: the ids of its values and the rules of the buckets they select,
  // each a bit set. Rules as bits rather than a list of bucket entries: several buckets (values,
  // array elements) may name the same rule, and reading the words in order yields each rule
  // once in rule order, where a list had to be sorted and deduplicated per event. The nonzero
  // words are themselves bits of `rule_words`, so they too are visited in order without a sort
  // (a thousand rules: one summary word).
  struct Hits {
    std::vector<uint64_t> bits;        // bit i: the event has value id i
    std::vector<uint32_t> set;         // the ids set in `bits`, to clear them afterwards
    std::vector<uint32_t> buckets;     // of the ids in `set`, for select()
    std::vector<uint64_t> rule_bits;   // bit r: rule r is in a selected bucket
    std::vector<uint64_t> rule_words;  // bit w: word w of `rule_bits` may be nonzero
    uint64_t present = 0;              // presence bits, as presence() defines them
    uint64_t id_mask = 0;              // bit (i % 64) for each id i in `bits`
    std::vector<double> sums;          // Slot::sum_at: positive numbers added up; else 0
    std::vector<uint32_t> sums_set;    // indices of `sums` written, to clear them afterwards
    void add(uint32_t id, uint32_t bucket);
    bool has(uint32_t id) const { return (bits[id >> 6] >> (id & 63)) & 1; }
  };

  // Building (finish()).
  size_t key_field(const ValueKey& key);  // registers the field on first use
  size_t needle_of(const NeedleKey& key, size_t& field);
  void collect_uses();
  void number_sums();
  void choose_uses();
  void choose_paths();
  void build_tree();
  void build_walk();
  void build_walk_children(const PathNode& p, WalkNode& w);
  uint32_t node_for(const std::vector<std::string>& path);
  std::vector<uint32_t> ids_of(const Use& use, const Needs& facts) const;
  uint64_t mask_of(const Needs& facts) const;
  void place(const Pending& p);
  void place_bound(const Pending& p, Filed& filed);
  std::string dotted_path_of(const Use& use) const;
  void flatten_buckets();
  void hit(const Slot& slot, int direction, Hits& hits) const;

  // Per event (index_scan.cc). One walk of the tree yields both results: the keyed rules
  // whose primary key the event hits and whose checks it passes, in rule order (per-thread),
  // and in `present` bit i when paths_[i] leads to a non-null value (site_bit_: the
  // checkpoint is configured).
  const Bucket& keyed_candidates(const EvalContext& ctx, int direction, uint64_t& present) const;
  void gather(const EvalContext& ctx, int direction, Hits& hits) const;
  void gather_below(uint32_t node, const json::Value& v, int direction, Hits& hits) const;
  void gather_children(uint32_t node, const json::Value& v, int direction, Hits& hits) const;
  bool same_tail(const WalkChild& c, const std::string& name) const;
  const Slot* look_up(const KeyField& f, std::string_view text, int direction, Hits& hits) const;
  void add_sums(const KeyField& f, const Slot& slot, const json::Value& element, Hits& hits) const;
  void select(Hits& hits) const;
  bool passes_checks(uint32_t rule, const Hits& hits) const;
  bool may_reach(uint32_t rule, const Hits& hits) const;

  std::vector<Pending> pending_;
  std::vector<std::vector<std::string>> paths_;  // bit i <-> paths_[i]
  int site_bit_ = -1;
  Bucket general_[2];  // unkeyed rules, by event::Direction
  std::vector<KeyField> keys_;
  // The fields read from Event::checkpoint (plain, lower(), upper()): gather() reads them
  // without a pass over keys_, which touched a cache line per keyed field every event.
  std::vector<uint32_t> checkpoint_keys_;
  std::vector<NeedleField> needles_;
  // Per rule, its checks: each a sorted set of value ids of which the event must have one.
  // Flat, for one contiguous read per candidate: checks_at is the offset in check_data_ of
  // [number of checks, then per check: its size and its ids], or kNoChecks.
  static constexpr uint32_t kNoChecks = UINT32_MAX;
  struct KeyedRule {
    uint64_t required = 0;  // Entry::required
    uint32_t checks_at = kNoChecks;
    uint32_t bound_at = kNoSum;  // into bounds_
  };
  // A sum's lower limit: the event's total of Hits::sums[sum_refs_[first .. first + count)]
  // (one per value of the key) must exceed `min` (strict) or reach it. A rule's bounds are
  // consecutive, from KeyedRule::bound_at to the one marked `last`.
  struct Bound {
    double min = 0;
    bool strict = false;
    bool last = true;
    uint32_t first = 0;
    uint32_t count = 0;
  };
  std::vector<Bound> bounds_;
  std::vector<uint32_t> sum_refs_;
  uint32_t sum_count_ = 0;        // totals in Hits::sums, then one spare (always 0)
  std::vector<KeyedRule> keyed_;  // by rule id; read together per candidate
  std::vector<uint32_t> check_data_;
  std::vector<RuleList> building_;  // during finish(): bucket 2 * id + d
  std::vector<uint32_t> bucket_start_;
  std::vector<Filed> bucket_rules_;
  uint32_t rule_count_ = 0;  // 1 + the largest rule id added
  uint32_t next_id_ = 0;
  std::vector<PathNode> nodes_;  // nodes_[0]: the event body
  std::vector<WalkNode> walk_nodes_;
  std::vector<WalkChild> walk_children_;
  std::vector<uint8_t> walk_groups_;  // 65 per node with children (at most 64 of them)
  std::vector<uint32_t> walk_fields_;
  size_t keyed_rules_ = 0;
  std::vector<std::string> filed_under_;  // by rule id
};

template <typename Fn>
void RuleIndex::for_each_candidate(const EvalContext& ctx, Fn&& fn) const {
  const int d = static_cast<int>(ctx.event.direction);
  const Bucket& a = general_[d];
  uint64_t present = 0;
  const Bucket& b = keyed_candidates(ctx, d, present);
  const uint64_t missing = ~present;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {  // a rule is in at most one of the two lists
    const bool take_a = j == b.size() || (i < a.size() && a[i].rule < b[j].rule);
    const Entry& e = take_a ? a[i++] : b[j++];
    if ((e.required & missing) == 0) fn(e.rule);
  }
}

}  // namespace bw::rules
