// Compiler: literals and value sets, converted to the type of the field they are compared
// with (dates parsed at load, enumerated values checked).
#include <algorithm>
#include <charconv>

#include "rules/compiler.h"

namespace bw::rules {

namespace {

std::optional<double> parse_number(std::string_view s) {
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return d;
}

const char* kind_name(Literal::Kind k) {
  switch (k) {
    case Literal::Kind::kString:
      return "string";
    case Literal::Kind::kNumber:
      return "number";
    case Literal::Kind::kBool:
      return "bool";
  }
  return "value";
}

std::string shown(const Literal& l) {
  return l.kind == Literal::Kind::kString ? '"' + l.str + '"' : l.str;
}

// A YAML scalar takes the type its field needs; for fields of unknown type an unquoted
// scalar that reads as a number or bool is one.
Literal resolve_yaml(const Literal& in, FieldType target) {
  Literal l = in;
  auto num = parse_number(l.str);
  const bool is_bool = l.str == "true" || l.str == "false";
  const bool want_number = target == FieldType::kNumber || (target == FieldType::kAny && l.plain);
  const bool want_bool = target == FieldType::kBool || (target == FieldType::kAny && l.plain);
  if (want_number && num) {
    l.kind = Literal::Kind::kNumber;
    l.num = *num;
  } else if (want_bool && is_bool) {
    l.kind = Literal::Kind::kBool;
    l.boolean = l.str == "true";
  }
  return l;
}

}  // namespace

Operand Compiler::yaml_literal(const Scalar& s) {
  yaml_texts_.push_back(SourceText{s.value, s.origin});
  Operand o;
  o.kind = Operand::Kind::kLiteral;
  o.text = &yaml_texts_.back();
  o.literal.kind = Literal::Kind::kString;
  o.literal.str = s.value;
  o.literal.from_yaml = true;
  o.literal.plain = s.plain;
  return o;
}

void Compiler::check_enumerated(const TypedValue& target, const Operand& lit,
                                const std::string& s) {
  if (target.spec == nullptr) return;
  const auto& values = target.spec->values;
  if (!values.empty() && std::find(values.begin(), values.end(), s) == values.end()) {
    std::string allowed;
    for (const auto& v : values) allowed += (allowed.empty() ? "" : ", ") + v;
    error(lit.text, lit.offset,
          target.what + " is one of " + allowed + ": \"" + s + "\" never matches");
  }
  if (target.spec == event_schema().member("checkpoint") && !config_.checkpoints.empty() &&
      config_.find_checkpoint(s) == nullptr) {
    warning(lit.text, lit.offset, "checkpoint \"" + s + "\" is not configured");
  }
}

std::optional<RtValue> Compiler::constant(const TypedValue& target, const Operand& lit,
                                          std::string& storage) {
  const Literal l = lit.literal.from_yaml ? resolve_yaml(lit.literal, target.type) : lit.literal;
  auto mismatch = [&](const char* needed) -> std::optional<RtValue> {
    error(lit.text, lit.offset,
          "type mismatch: " + target.what + " is a " + to_string(target.type) + " but " + shown(l) +
              " is a " + kind_name(l.kind) + (needed[0] ? " (" : "") + needed +
              (needed[0] ? ")" : ""));
    return std::nullopt;
  };
  switch (target.type) {
    case FieldType::kString:
      if (l.kind != Literal::Kind::kString) return mismatch("quote it");
      check_enumerated(target, lit, l.str);
      storage = l.str;
      return RtValue::of_string(storage);
    case FieldType::kNumber:
      if (l.kind != Literal::Kind::kNumber) return mismatch("");
      return RtValue::of_number(l.num);
    case FieldType::kBool:
      if (l.kind != Literal::Kind::kBool) return mismatch("true or false");
      return RtValue::of_bool(l.boolean);
    case FieldType::kDate: {
      if (l.kind != Literal::Kind::kString) return mismatch("write dates as \"YYYY-MM-DD\"");
      auto d = parse_partial_date(l.str);
      const bool partial_ok = target.spec != nullptr && target.spec->partial_date;
      if (!d || (!partial_ok && d->day == 0)) {
        error(lit.text, lit.offset,
              "\"" + l.str + "\" is not a date (YYYY-MM-DD" +
                  (partial_ok ? ", YYYY-MM or YYYY" : "") + ") for " + target.what);
        return std::nullopt;
      }
      return RtValue::of_int(RtValue::Kind::kDate, days_from_civil(d->year, d->month ? d->month : 1,
                                                                   d->day ? d->day : 1));
    }
    case FieldType::kTimestamp: {
      if (l.kind != Literal::Kind::kString) return mismatch("write timestamps as RFC 3339");
      auto t = parse_rfc3339(l.str);
      if (!t) {
        error(lit.text, lit.offset,
              "\"" + l.str + "\" is not an RFC 3339 timestamp with offset for " + target.what);
        return std::nullopt;
      }
      return RtValue::of_int(RtValue::Kind::kTime, t->utc_ms);
    }
    case FieldType::kAny:
      if (l.kind == Literal::Kind::kNumber) return RtValue::of_number(l.num);
      if (l.kind == Literal::Kind::kBool) return RtValue::of_bool(l.boolean);
      storage = l.str;
      return RtValue::of_string(storage);
    case FieldType::kObject:
    case FieldType::kArray:
      break;
  }
  return mismatch("");
}

bool Compiler::add_to_set(const TypedValue& target, const Operand& lit, ValueSet& set) {
  std::string storage;
  auto c = constant(target, lit, storage);
  if (!c) return false;
  switch (c->kind) {
    case RtValue::Kind::kString:
      set.strings.push_back(std::move(storage));
      break;
    case RtValue::Kind::kNumber:
      set.numbers.push_back(c->num);
      break;
    case RtValue::Kind::kDate:
    case RtValue::Kind::kTime:
      set.ints.push_back(c->ival);
      break;
    case RtValue::Kind::kBool:
      (c->boolean ? set.has_true : set.has_false) = true;
      break;
    default:
      break;
  }
  // An unquoted list item for a field of unknown type matches both as text and as a number.
  if (target.type == FieldType::kAny && lit.literal.from_yaml &&
      c->kind != RtValue::Kind::kString) {
    set.strings.push_back(lit.literal.str);
  }
  return true;
}

std::optional<ValueSet> Compiler::list_set(const TypedValue& target, const Expr& e) {
  const ListDef* list = defs_.find_list(e.list_name);
  if (list == nullptr) {
    error(e.text, e.list_offset, "unknown list '" + e.list_name + "'");
    return std::nullopt;
  }
  if (list->broken) return std::nullopt;  // reported where the list is defined
  ValueSet set;
  bool ok = true;
  for (const Scalar& item : list->items) ok = add_to_set(target, yaml_literal(item), set) && ok;
  if (!ok) return std::nullopt;
  return set;
}

}  // namespace bw::rules
