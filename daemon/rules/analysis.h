// Compile stage, part 2: what a condition implies, read off its AST (macros expanded).
//
//  - whether it can never match (folds to false: `false`, `x in ()`, an empty list, or a
//    conjunction that requires one field to equal different literals), for a warning;
//  - what its top-level conjunction requires: a direction, fields that must be present,
//    string fields (the checkpoint included) that must hold one of some values or contain a
//    literal (value and needle keys). The index (index.h) uses these to skip rules;
//  - every event field it refers to, for Match::fields;
//  - which macros and lists it uses, for "unused" warnings.
//
// Walks are bounded (kAnalysisBudget nodes per condition) so pathological macro nesting only
// makes the facts less precise, never slow. Facts are conservative: a rule is only ever
// skipped when it provably cannot match.
// Not thread-safe: one Analyzer per load.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "event/event.h"
#include "rules/ast.h"
#include "rules/compiler.h"
#include "rules/regex.h"

namespace bw::rules {

inline constexpr int kAnalysisBudget = 20000;

enum class KeyFold { kNone, kLower, kUpper };  // lower()/upper(): ASCII case folding

// The condition can only hold when the string at body path `path` (or, when `element` is not
// empty, the string at `element` in at least one element of the array at `path`; or, for the
// path {"checkpoint"}, the event's checkpoint), folded by `fold`, is one of `values`. Read off `=`
// and `in` on schema string fields, directly or through lower()/upper(), and off array filters that
// must match an element: `a[f] exists`, and `a[f].x` or `len(a[f])` compared so that the empty sum
// or count 0 fails.
struct ValueKey {
  // Set on a key read off a sum compared with a positive lower limit
  // (`goods[category = "sim_card"].count > 20`): the condition also needs the sum of the
  // number at `path` in the elements that pass the filter to exceed `min` (strict) or reach
  // it. Those elements are among the ones whose `element` string is one of `values`, and
  // non-numbers add nothing, so the sum of the positive numbers over the latter bounds it.
  struct SumBound {
    std::vector<std::string> path;  // in the element
    double min = 0;                 // > 0
    bool strict = false;
  };

  std::vector<std::string> path;
  std::vector<std::string> element;
  KeyFold fold = KeyFold::kNone;
  std::vector<std::string> values;  // sorted, unique
  std::optional<SumBound> sum;      // only with `element`

  bool same_field(const ValueKey& o) const {
    return path == o.path && element == o.element && fold == o.fold;
  }
};

// The condition can only hold when the string at body path `path` contains (icontains,
// starts with, ends with) `needle`: read off those operators with a literal on schema string
// fields.
struct NeedleKey {
  std::vector<std::string> path;
  NeedleSet::Needle needle;
};

struct ConditionFacts {
  bool never = false;
  std::string never_reason;
  std::optional<event::Direction> direction;
  std::vector<std::vector<std::string>> required_paths;  // body paths that must be present
  bool requires_site = false;          // site.* compared: the checkpoint must be configured
  std::vector<ValueKey> value_keys;    // each one alone is a necessary condition
  std::vector<NeedleKey> needle_keys;  // likewise
  std::vector<Operand> referenced;     // plain fields (arrays as a whole), first use first
};

class Analyzer {
 public:
  explicit Analyzer(const Compiler& compiler) : compiler_(compiler) {}

  ConditionFacts analyse(const Expr& condition);

  const std::set<std::string, std::less<>>& used_macros() const { return used_macros_; }
  const std::set<std::string, std::less<>>& used_lists() const { return used_lists_; }

 private:
  enum class Truth { kFalse, kTrue, kUnknown };

  Truth fold(const Expr& e, std::string& reason);
  Truth fold_relation(const Expr& e, std::string& reason);
  bool contradiction(const Expr& conjunction, std::string& reason);
  void flatten(const Expr& e, std::vector<const Expr*>& atoms, int depth);
  void requirements(const Expr& atom, ConditionFacts& facts);
  void operand_requirements(const Operand& o, ConditionFacts& facts);
  void walk(const Expr& e, bool root_scope, ConditionFacts& facts, int depth);
  void walk_operand(const Operand& o, bool root_scope, ConditionFacts& facts, int depth);
  std::vector<std::string> literal_keys(const Expr& atom);
  // value_keys.cc
  void value_keys(const Expr& atom, ConditionFacts& facts);
  std::optional<std::vector<std::string>> allowed_strings(const Expr& atom) const;
  void element_keys(const Operand& array, std::optional<ValueKey::SumBound> sum,
                    ConditionFacts& facts);
  const Expr* macro_ref(const Expr& e) const;
  bool spend() { return --budget_ >= 0; }

  const Compiler& compiler_;
  int budget_ = 0;
  int fold_depth_ = 0;
  std::set<std::string, std::less<>> used_macros_;
  std::set<std::string, std::less<>> used_lists_;
  std::set<std::string, std::less<>> walked_macros_;  // per analyse() call
};

// The body path an operand reads, cut at the first array ("goods.count" -> goods;
// "extra.a.b" -> a.b); empty for site.*, the typed event members and non-fields.
std::vector<std::string> body_path(const Operand& o);

}  // namespace bw::rules
