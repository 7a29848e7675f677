// Value and needle keys (analysis.h): the string values, or substrings, a rule's top-level
// conjunction requires. They let
// the index test a look-out such as `traveller.document.number = "N12345678"` only against
// the events that carry that number, which is what keeps a thousand rules cheap.
//
// Only schema string fields qualify: `=` on them is byte equality and `in` a set lookup, so
// "the value is one of these strings" is exactly what the condition needs. Dates, numbers,
// fields of unknown type (attributes.*, extra.*) and anything under `not` or `or` are left out.
#include <algorithm>
#include <utility>

#include "rules/analysis.h"

namespace bw::rules {

namespace {

// The field under `root` (an object, or an array whose members describe its elements) that
// `steps` name, when it is a string and no step below `root` is an array.
bool string_field(const FieldSpec& root, const std::vector<std::string>& steps) {
  const FieldSpec* spec = &root;
  for (const std::string& step : steps) {
    if (spec != &root && spec->type == FieldType::kArray) return false;
    spec = spec->member(step);
    if (spec == nullptr) return false;
  }
  return spec->type == FieldType::kString;
}

// A plain string field, or lower()/upper() of one: its path and folding. `root` is the event
// schema, or an array's element spec inside a filter.
bool key_operand(const Operand& o, const FieldSpec& root, bool in_filter,
                 std::vector<std::string>& path, KeyFold& fold) {
  fold = KeyFold::kNone;
  const Operand* field = &o;
  if (o.kind == Operand::Kind::kCall && (o.name == "lower" || o.name == "upper") &&
      o.args.size() == 1) {
    fold = o.name == "lower" ? KeyFold::kLower : KeyFold::kUpper;
    field = &o.args.front();
  }
  if (!field->plain_field() || field->steps.empty()) return false;
  // Outside filters: body fields and the checkpoint; not site.*, extra.*, the direction (the
  // index is split by it) or event_id (never shared).
  const bool checkpoint = field->steps == std::vector<std::string>{"checkpoint"};
  if (!in_filter && !checkpoint && body_path(*field) != field->steps) return false;
  if (!string_field(root, field->steps)) return false;
  path = field->steps;
  return true;
}

// 0 compared with `limit` by `op`: what an empty sum or count gives.
bool zero_holds(Op op, double limit) {
  switch (op) {
    case Op::kEq:
      return 0 == limit;
    case Op::kNe:
      return 0 != limit;
    case Op::kLt:
      return 0 < limit;
    case Op::kLe:
      return 0 <= limit;
    case Op::kGt:
      return 0 > limit;
    case Op::kGe:
      return 0 >= limit;
    default:
      return true;  // not a comparison: claim nothing
  }
}

bool number_literal(const Operand& o) {
  return o.kind == Operand::Kind::kLiteral && o.literal.kind == Literal::Kind::kNumber;
}

// The filtered array whose filter must match some element for `atom` to hold, or nullptr.
const Operand* filtered_array(const Expr& atom) {
  const Operand& l = atom.lhs;
  if (atom.op == Op::kExists) {
    return l.kind == Operand::Kind::kField && l.filter && l.after.empty() ? &l : nullptr;
  }
  const Operand* array = nullptr;
  if (l.kind == Operand::Kind::kField && l.filter && !l.after.empty()) array = &l;  // a sum
  if (l.kind == Operand::Kind::kCall && l.name == "len" && l.args.size() == 1 &&
      l.args.front().kind == Operand::Kind::kField && l.args.front().filter &&
      l.args.front().after.empty()) {
    array = &l.args.front();  // a count
  }
  if (array == nullptr) return nullptr;
  if (atom.op == Op::kBetween && atom.rhs.size() == 2 && number_literal(atom.rhs[0]) &&
      number_literal(atom.rhs[1])) {
    const bool zero_inside = atom.rhs[0].literal.num <= 0 && 0 <= atom.rhs[1].literal.num;
    return zero_inside ? nullptr : array;
  }
  if (atom.rhs.size() != 1 || !number_literal(atom.rhs.front())) return nullptr;
  return zero_holds(atom.op, atom.rhs.front().literal.num) ? nullptr : array;
}

// The positive lower limit `atom` puts on a filtered sum (`a[f].x > 20`, `>= 20`, `= 20`,
// `between 20 and 30`), or nullopt. Upper limits bound nothing the index can read.
std::optional<ValueKey::SumBound> sum_bound(const Expr& atom) {
  const Operand& l = atom.lhs;
  if (l.kind != Operand::Kind::kField || !l.filter || l.after.empty()) return std::nullopt;
  ValueKey::SumBound b{l.after, 0, atom.op == Op::kGt};
  if (atom.op == Op::kBetween && atom.rhs.size() == 2 && number_literal(atom.rhs[0]) &&
      number_literal(atom.rhs[1])) {
    b.min = atom.rhs[0].literal.num;
  } else if ((atom.op == Op::kGt || atom.op == Op::kGe || atom.op == Op::kEq) &&
             atom.rhs.size() == 1 && number_literal(atom.rhs.front())) {
    b.min = atom.rhs.front().literal.num;
  } else {
    return std::nullopt;
  }
  if (!(b.min > 0)) return std::nullopt;  // every sum the index computes is >= 0
  return b;
}

// The literal a string operator needs in the value, or nullopt.
std::optional<NeedleSet::Needle> needle_of(const Expr& atom) {
  using Mode = NeedleSet::Mode;
  Mode mode;
  switch (atom.op) {
    case Op::kContains:
      mode = Mode::kContains;
      break;
    case Op::kIContains:
      mode = Mode::kIContains;
      break;
    case Op::kStartsWith:
      mode = Mode::kStartsWith;
      break;
    case Op::kEndsWith:
      mode = Mode::kEndsWith;
      break;
    default:
      return std::nullopt;
  }
  const Operand& r = atom.rhs.front();
  if (r.kind != Operand::Kind::kLiteral || r.literal.kind != Literal::Kind::kString) {
    return std::nullopt;
  }
  return NeedleSet::Needle{r.literal.str, mode};
}

void add_key(ConditionFacts& facts, ValueKey key) {
  std::sort(key.values.begin(), key.values.end());
  key.values.erase(std::unique(key.values.begin(), key.values.end()), key.values.end());
  facts.value_keys.push_back(std::move(key));
}

}  // namespace

std::optional<std::vector<std::string>> Analyzer::allowed_strings(const Expr& atom) const {
  std::vector<std::string> values;
  if (atom.op == Op::kEq) {
    const Operand& r = atom.rhs.front();
    if (r.kind != Operand::Kind::kLiteral || r.literal.kind != Literal::Kind::kString) {
      return std::nullopt;
    }
    values.push_back(r.literal.str);
  } else if (atom.op == Op::kIn && !atom.list_name.empty()) {
    const ListDef* list = compiler_.list(atom.list_name);
    if (list == nullptr) return std::nullopt;
    for (const Scalar& item : list->items) values.push_back(item.value);
  } else if (atom.op == Op::kIn) {
    for (const Operand& r : atom.rhs) {
      if (r.kind != Operand::Kind::kLiteral || r.literal.kind != Literal::Kind::kString) {
        return std::nullopt;
      }
      values.push_back(r.literal.str);
    }
  } else {
    return std::nullopt;
  }
  return values;
}

void Analyzer::value_keys(const Expr& atom, ConditionFacts& facts) {
  ValueKey key;
  if (key_operand(atom.lhs, event_schema(), false, key.path, key.fold)) {
    if (auto values = allowed_strings(atom)) {
      key.values = std::move(*values);
      add_key(facts, std::move(key));
    } else if (auto needle = needle_of(atom); needle && key.fold == KeyFold::kNone) {
      facts.needle_keys.push_back(NeedleKey{std::move(key.path), std::move(*needle)});
    }
    return;
  }
  if (const Operand* array = filtered_array(atom)) element_keys(*array, sum_bound(atom), facts);
}

// Keys from the filter's own conjunction: each element field it pins down. The first carries
// `sum`: one bound is enough, as each key's elements include all that pass the filter.
void Analyzer::element_keys(const Operand& array, std::optional<ValueKey::SumBound> sum,
                            ConditionFacts& facts) {
  if (origin_of(array.steps.front()) != FieldOrigin::kBody) return;
  const FieldSpec* spec = &event_schema();
  for (const std::string& step : array.steps) {
    spec = spec->member(step);
    if (spec == nullptr) return;
  }
  if (spec->type != FieldType::kArray) return;
  std::vector<const Expr*> pending = {array.filter.get()};
  while (!pending.empty() && spend()) {
    const Expr* e = pending.back();
    pending.pop_back();
    if (e->kind == Expr::Kind::kAnd) {
      for (const auto& c : e->children) pending.push_back(c.get());
      continue;
    }
    ValueKey key;
    if (e->kind != Expr::Kind::kRelation ||
        !key_operand(e->lhs, *spec, true, key.element, key.fold)) {
      continue;
    }
    if (auto values = allowed_strings(*e)) {
      key.path = array.steps;
      key.values = std::move(*values);
      key.sum = std::exchange(sum, std::nullopt);
      add_key(facts, std::move(key));
    }
  }
}

}  // namespace bw::rules
