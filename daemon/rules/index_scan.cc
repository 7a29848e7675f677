// RuleIndex, per event: the keyed values that the walk of the path tree (index_walk.cc) finds
// are looked up; then the keyed rules hit are filtered by their checks.
#include <algorithm>

#include "rules/index.h"
#include "util/load_bytes.h"

namespace bw::rules {

namespace {

char fold_char(char c, KeyFold fold) {
  if (fold == KeyFold::kLower && c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if (fold == KeyFold::kUpper && c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  return c;
}

// ASCII case folding, as lower() and upper() do it.
std::string_view folded(std::string_view s, KeyFold fold, std::string& buffer) {
  if (fold == KeyFold::kNone) return s;
  buffer.assign(s);
  for (char& c : buffer) c = fold_char(c, fold);
  return buffer;
}

// The evaluator adds the filtered numbers in array order, the index per value and then over the
// values: the two roundings differ, by less than n * 2^-53 of the total for n numbers. The
// margin covers that for any event the daemon accepts (well under a million elements), so a
// total the evaluator finds at the limit is never rejected here.
double upper_of(double total) {
  return total * (1 + 1e-9);
}

}  // namespace

void RuleIndex::ValueFilter::add(std::string_view value) {
  lengths |= uint64_t{1} << std::min<size_t>(value.size(), 63);
  if (!value.empty()) {
    const auto b = static_cast<unsigned char>(value[0]);
    first[b >> 6] |= uint64_t{1} << (b & 63);
  }
}

bool RuleIndex::ValueFilter::may_hold(std::string_view text, KeyFold fold) const {
  if (((lengths >> std::min<size_t>(text.size(), 63)) & 1) == 0) return false;
  if (text.empty()) return true;
  const auto b = static_cast<unsigned char>(fold_char(text[0], fold));
  if (((first[b >> 6] >> (b & 63)) & 1) == 0) return false;
  return tails.empty() || has_tail(tail_hash(text));  // tails are only built unfolded
}

// The last eight bytes (all of a shorter text) and the length, multiplied once: the product's
// high bits depend on every byte.
uint64_t RuleIndex::ValueFilter::tail_hash(std::string_view text) const {
  const uint64_t w =
      text.size() >= 8 ? load8(text.data() + text.size() - 8) : load_le(text.data(), text.size());
  return (w ^ text.size()) * 0x9e3779b97f4a7c15ull;
}

// Two bits, from the top 2 * tail_bits bits of the hash.
bool RuleIndex::ValueFilter::has_tail(uint64_t h) const {
  const uint64_t b1 = h >> (64 - tail_bits);
  const uint64_t b2 = (h >> (64 - 2 * tail_bits)) & ((uint64_t{1} << tail_bits) - 1);
  return ((tails[b1 >> 6] >> (b1 & 63)) & 1) != 0 && ((tails[b2 >> 6] >> (b2 & 63)) & 1) != 0;
}

// About 16 bits per value: with two bits each, about 1 % of other values pass.
void RuleIndex::ValueFilter::add_tails(const FlatStringMap<Slot>& values, bool unbounded) {
  if (values.size() < kTailsFrom && !unbounded) return;
  tail_bits = 6;
  while (tail_bits < 16 && (size_t{1} << tail_bits) < 16 * values.size()) ++tail_bits;
  tails.assign((size_t{1} << tail_bits) / 64, 0);
  for (const auto& [value, slot] : values.entries()) {
    const uint64_t h = tail_hash(value);
    const uint64_t b1 = h >> (64 - tail_bits);
    const uint64_t b2 = (h >> (64 - 2 * tail_bits)) & ((uint64_t{1} << tail_bits) - 1);
    tails[b1 >> 6] |= uint64_t{1} << (b1 & 63);
    tails[b2 >> 6] |= uint64_t{1} << (b2 & 63);
  }
}

void RuleIndex::Hits::add(uint32_t id, uint32_t bucket) {
  if (has(id)) return;
  bits[id >> 6] |= uint64_t{1} << (id & 63);
  id_mask |= uint64_t{1} << (id & 63);
  set.push_back(id);
  buckets.push_back(bucket);
}

void RuleIndex::hit(const Slot& slot, int d, Hits& hits) const {
  hits.add(slot.id, 2 * slot.id + static_cast<uint32_t>(d));
}

// The rules of the buckets hit that pass their entries' tests, as bits.
void RuleIndex::select(Hits& hits) const {
  for (uint32_t bucket : hits.buckets) {
    const Filed* end = bucket_rules_.data() + bucket_start_[bucket + 1];
    for (const Filed* f = bucket_rules_.data() + bucket_start_[bucket]; f != end; ++f) {
      const uint64_t pass = static_cast<uint64_t>((f->first_check & hits.id_mask) != 0) &
                            static_cast<uint64_t>(upper_of(hits.sums[f->sum_ref]) >= f->min);
      hits.rule_bits[f->rule >> 6] |= pass << (f->rule & 63);
      hits.rule_words[f->rule >> 12] |= pass << ((f->rule >> 6) & 63);
    }
  }
  hits.buckets.clear();
}

const RuleIndex::Slot* RuleIndex::look_up(const KeyField& f, std::string_view text, int d,
                                          Hits& hits) const {
  if (!f.filter.may_hold(text, f.fold)) return nullptr;
  thread_local std::string buffer;
  const Slot* slot = f.values.find(folded(text, f.fold, buffer));
  if (slot != nullptr) hit(*slot, d, hits);
  return slot;
}

// What FilterSum adds for this element, except that negative numbers add 0 here: a total over
// more elements then only grows, so it bounds the sum of any filter on this key.
void RuleIndex::add_sums(const KeyField& f, const Slot& slot, const json::Value& element,
                         Hits& hits) const {
  for (size_t i = 0; i < f.sums.size(); ++i) {
    const json::Value* x = json::find_steps(&element, f.sums[i]);
    if (x == nullptr || !x->is_number() || !(x->as_number() > 0)) continue;
    const uint32_t at = slot.sum_at + static_cast<uint32_t>(i);
    hits.sums[at] += x->as_number();
    hits.sums_set.push_back(at);
  }
}

bool RuleIndex::passes_checks(uint32_t rule, const Hits& hits) const {
  const uint32_t at = keyed_[rule].checks_at;
  if (at == kNoChecks) return true;
  const uint32_t* p = check_data_.data() + at;
  for (uint32_t n = *p++; n > 0; --n) {
    const uint32_t size = *p++;
    if (std::none_of(p, p + size, [&](uint32_t id) { return hits.has(id); })) return false;
    p += size;
  }
  return true;
}

bool RuleIndex::may_reach(uint32_t rule, const Hits& hits) const {
  const uint32_t at = keyed_[rule].bound_at;
  if (at == kNoSum) return true;
  for (const Bound* b = &bounds_[at];; ++b) {
    double total = 0;
    for (uint32_t i = b->first; i < b->first + b->count; ++i) total += hits.sums[sum_refs_[i]];
    const double upper = upper_of(total);
    if (b->strict ? !(upper > b->min) : !(upper >= b->min)) return false;
    if (b->last) return true;
  }
}

const RuleIndex::Bucket& RuleIndex::keyed_candidates(const EvalContext& ctx, int d,
                                                     uint64_t& present) const {
  // One thread_local, so one initialisation check per event.
  thread_local struct {
    Hits hits;
    Bucket candidates;
  } buffers;
  Hits& hits = buffers.hits;
  Bucket& candidates = buffers.candidates;
  // A new rule set may have more ids or rules; resize() keeps the (all zero) words.
  hits.bits.resize((next_id_ + 63) / 64);
  hits.rule_bits.resize((rule_count_ + 63) / 64);
  hits.rule_words.resize((rule_count_ + 4095) / 4096);
  hits.sums.resize(sum_count_ + 1);
  hits.present = 0;
  hits.id_mask = 0;
  candidates.clear();
  gather(ctx, d, hits);
  select(hits);
  present = hits.present;
  for (size_t s = 0; s < hits.rule_words.size(); ++s) {
    for (uint64_t words = hits.rule_words[s]; words != 0; words &= words - 1) {
      const size_t w = s * 64 + static_cast<size_t>(__builtin_ctzll(words));
      for (uint64_t bits = hits.rule_bits[w]; bits != 0; bits &= bits - 1) {
        const uint32_t rule =
            static_cast<uint32_t>(w * 64) + static_cast<uint32_t>(__builtin_ctzll(bits));
        const KeyedRule& k = keyed_[rule];
        if (passes_checks(rule, hits) && may_reach(rule, hits)) {
          candidates.push_back(Entry{rule, k.required});
        }
      }
      hits.rule_bits[w] = 0;
    }
    hits.rule_words[s] = 0;
  }
  for (uint32_t id : hits.set) hits.bits[id >> 6] = 0;
  hits.set.clear();
  for (uint32_t at : hits.sums_set) hits.sums[at] = 0;
  hits.sums_set.clear();
  return candidates;
}

}  // namespace bw::rules
