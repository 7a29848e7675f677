// Stateful (temporal) rules: the `stateful:` key of a rule, read from YAML (stateful_reader.cc)
// and compiled with the ordinary condition compiler (stateful_compiler.cc). The state engine
// that runs them lives in daemon/temporal.
//
// A stateful rule's `condition` selects the events it looks at (the trigger events); it never
// fires on one event alone. The constructs:
//   aggregate          count | distinct(OPERAND, ...) | sum(OPERAND) per `by` key over a
//                      sliding event-time window `within`, fires at `threshold`
//   absent_after       a trigger not followed by an event matching this condition (same key)
//                      within `within`: fires when the window has passed (timer)
//   absent_before      a trigger not preceded by such an event within `within`
//   impossible_travel  the same key at two checkpoints closer in time than the distance
//                      between them allows at this speed (km/h)
//   followed_by        a sequence: a trigger (A) followed by an event matching this condition
//                      (B, same key) within `within`, where B relates to A as `where` says;
//                      with `aggregate` and `threshold`, counts such completed sequences
// Immutable after loading; evaluation state lives in EvalState and in the engine.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/eval.h"
#include "rules/output.h"

namespace YAML {
class Node;
}

namespace bw::rules {

class YamlValues;

inline constexpr int64_t kMaxWindowMs = 400LL * 24 * 3600 * 1000;  // a bit over a year

enum class StatefulKind {
  kCount,
  kDistinct,
  kSum,
  kAbsentAfter,
  kAbsentBefore,
  kImpossibleTravel,
  kSequence
};
const char* to_string(StatefulKind k);

// As written, with positions, after the read stage.
struct StatefulDef {
  StatefulKind kind = StatefulKind::kCount;
  TextOrigin origin;
  const SourceText* by = nullptr;                 // the key operand
  const SourceText* aggregate = nullptr;          // "distinct(a, b)": holds the operands
  std::vector<std::pair<size_t, size_t>> values;  // distinct/sum operands: [begin, end)
  const SourceText* other = nullptr;              // absent_after/absent_before/followed_by
  const SourceText* where = nullptr;              // followed_by: relations of B to A
  bool aggregated = false;                        // followed_by with `aggregate`
  StatefulKind counted = StatefulKind::kCount;    // that aggregate
  int64_t window_ms = 0;                          // within
  double threshold = 0;                           // aggregates
  double max_speed_kmh = 0;                       // impossible_travel
  std::string canonical;                          // every setting as text: part of the identity
};

// Reads the mapping under `stateful:`; nullptr after reporting errors.
std::shared_ptr<const StatefulDef> read_stateful(const YAML::Node& n, const TextOrigin& at,
                                                 YamlValues& values, Diagnostics& diags);

// One `where` relation of a sequence: then.X OP first.Y, each side evaluated on its event.
struct SequenceRelation {
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  ValuePtr then;
  Op op = Op::kEq;
  ValuePtr first;
};

// Compares the texts of a relation's two sides as `where` defines it (a missing side is the
// empty text; numbers compare as numbers, an empty side as 0 against a number).
bool relation_holds(SequenceRelation::Op op, std::string_view then, std::string_view first);

struct StatefulRule {
  RuleInfo info;
  StatefulKind kind = StatefulKind::kCount;
  BoolPtr condition;                            // trigger events
  BoolPtr exceptions;                           // null when none
  BoolPtr other;                                // absent_*: the awaited event; followed_by: B
  std::vector<SequenceRelation> where;          // followed_by: all must hold
  StatefulKind counted = StatefulKind::kCount;  // followed_by: aggregate of completed A's
  bool aggregated = false;                      // followed_by: fire at threshold, not per B
  ValuePtr by;
  std::vector<ValuePtr> values;
  OutputTemplate output;
  std::vector<std::pair<std::string, ValuePtr>> probes;
  int64_t window_ms = 0;
  double threshold = 0;
  double max_speed_kmh = 0;
  // rule_identity.h: conditions, the macros and lists they use, key, window...: an unchanged
  // rule keeps its state across reloads and restarts, a changed one starts fresh.
  uint64_t identity = 0;

  // True when the event is one this rule looks at (condition and no exception).
  bool selects(EvalState& st) const {
    return condition->eval(st) && !(exceptions && exceptions->eval(st));
  }
};

}  // namespace bw::rules
