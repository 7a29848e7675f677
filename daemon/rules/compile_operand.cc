// Compiler: operands (fields, virtual fields, array filters and function calls).
#include "rules/compiler.h"
#include "rules/watchlist_nodes.h"

namespace bw::rules {

namespace {

std::string join_steps(const std::vector<std::string>& steps, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < steps.size(); ++i) {
    if (!out.empty()) out += '.';
    out += steps[i];
  }
  return out;
}

std::optional<EventMember> event_member(std::string_view name) {
  if (name == "event_id") return EventMember::kEventId;
  if (name == "checkpoint") return EventMember::kCheckpoint;
  if (name == "direction") return EventMember::kDirection;
  if (name == "time") return EventMember::kTime;
  return std::nullopt;
}

std::optional<SiteField> site_field(std::string_view name) {
  if (name == "name") return SiteField::kName;
  if (name == "type") return SiteField::kType;
  if (name == "status") return SiteField::kStatus;
  if (name == "km") return SiteField::kKm;
  if (name == "within_hours") return SiteField::kWithinHours;
  return std::nullopt;
}

}  // namespace

std::optional<TypedValue> Compiler::operand(const Operand& o, const Scope& sc) {
  switch (o.kind) {
    case Operand::Kind::kField:
      return field(o, sc);
    case Operand::Kind::kCall:
      return call(o, sc);
    case Operand::Kind::kLiteral:
      break;
  }
  error(o.text, o.offset, "expected a field or a function, found a literal");
  return std::nullopt;
}

bool Compiler::unknown_field(const Operand& o, const std::string& path) {
  std::string msg = "unknown field '" + path + "'";
  const std::string hint = suggest_field(path);
  if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
  if (path.find('.') == std::string::npos) msg += "; body fields outside the schema: extra." + path;
  error(o.text, o.offset, std::move(msg));
  return false;
}

ValuePtr Compiler::access(const Scope& sc, std::vector<std::string> steps) const {
  if (sc.element != nullptr) return make_element_field(std::move(steps));
  if (steps.size() == 1) {
    if (auto m = event_member(steps.front())) return make_event_member(*m);
  }
  return make_body_field(std::move(steps));
}

std::optional<TypedValue> Compiler::virtual_field(const Operand& o) {
  const std::string path = join_steps(o.steps);
  if (o.filter) {
    error(o.text, o.filter_offset, "[filter] applies to the schema's arrays (goods, cash)");
    return std::nullopt;
  }
  TypedValue v;
  v.what = "'" + path + "'";
  if (o.steps.front() == "extra") {
    if (o.steps.size() < 2) {
      error(o.text, o.offset, "'extra' needs a body field name: extra.some_field");
      return std::nullopt;
    }
    v.node = make_body_field(std::vector<std::string>(o.steps.begin() + 1, o.steps.end()));
    v.type = FieldType::kAny;
    return v;
  }
  const FieldSpec* spec =
      o.steps.size() == 2 ? event_schema().member("site")->member(o.steps[1]) : nullptr;
  if (spec == nullptr) {
    unknown_field(o, path);
    return std::nullopt;
  }
  v.node = make_site_field(*site_field(o.steps[1]));
  v.type = spec->type;
  v.spec = spec;
  return v;
}

std::optional<TypedValue> Compiler::field(const Operand& o, const Scope& sc) {
  if (sc.element == nullptr && origin_of(o.steps.front()) != FieldOrigin::kBody) {
    return virtual_field(o);
  }
  const FieldSpec* spec = sc.element != nullptr ? sc.element : &event_schema();
  for (size_t i = 0; i < o.steps.size(); ++i) {
    spec = spec->member(o.steps[i]);
    if (spec == nullptr) {
      unknown_field(o, (sc.element != nullptr ? "[element]." : "") + join_steps(o.steps));
      return std::nullopt;
    }
    if (spec->type == FieldType::kArray && (i + 1 < o.steps.size() || o.filter)) {
      return array_field(o, sc, i + 1, *spec);
    }
  }
  if (o.filter) {
    error(o.text, o.filter_offset,
          "'" + join_steps(o.steps) + "' is a " + to_string(spec->type) +
              ": [filter] applies to arrays (goods, cash)");
    return std::nullopt;
  }
  TypedValue v;
  v.what = "'" + join_steps(o.steps) + "'";
  v.type = spec->type;
  v.spec = spec;
  if (spec->type == FieldType::kArray) {
    v.array = access(sc, o.steps);
  } else {
    v.node = access(sc, o.steps);
  }
  return v;
}

// `goods[filter].count`, `goods.count` (all elements) or `goods[filter]` (the matching
// elements: for len() and exists). Steps past the array are read in each element.
std::optional<TypedValue> Compiler::array_field(const Operand& o, const Scope& sc, size_t array_end,
                                                const FieldSpec& array_spec) {
  std::vector<std::string> array_steps(o.steps.begin(), o.steps.begin() + array_end);
  std::vector<std::string> element_steps(o.steps.begin() + array_end, o.steps.end());
  element_steps.insert(element_steps.end(), o.after.begin(), o.after.end());
  TypedValue v;
  v.what = "'" + o.path() + "'";
  if (o.filter) {
    v.filter = compile(*o.filter, Scope{&array_spec});
    if (!v.filter) return std::nullopt;
  }
  v.array = access(sc, array_steps);
  if (element_steps.empty()) {
    v.type = FieldType::kArray;
    v.spec = &array_spec;
    return v;
  }
  const FieldSpec* spec = &array_spec;
  for (const auto& step : element_steps) {
    spec = spec->member(step);
    if (spec == nullptr) {
      unknown_field(o, join_steps(array_steps) + "[]." + join_steps(element_steps));
      return std::nullopt;
    }
  }
  if (spec->type != FieldType::kNumber && spec->type != FieldType::kAny) {
    error(o.text, o.offset,
          "only number fields can be summed over an array: " + v.what + " is a " +
              to_string(spec->type));
    return std::nullopt;
  }
  std::shared_ptr<const int> key;
  if (sc.element == nullptr) {  // inside a filter, the array is relative to the element
    auto& slot = sum_keys_[canonical(o)];
    if (!slot) slot = std::make_shared<const int>(0);
    key = slot;
  }
  v.node = make_filter_sum(std::move(v.array), v.filter, make_element_field(element_steps), key);
  v.filter = nullptr;
  v.type = FieldType::kNumber;
  return v;
}

std::optional<TypedValue> Compiler::single_arg(const Operand& o, const Scope& sc) {
  if (o.args.size() != 1) {
    error(o.text, o.offset, o.name + "() takes 1 argument, got " + std::to_string(o.args.size()));
    return std::nullopt;
  }
  if (o.args.front().kind == Operand::Kind::kLiteral) {
    error(o.text, o.args.front().offset, o.name + "() needs a field, not a literal");
    return std::nullopt;
  }
  return operand(o.args.front(), sc);
}

std::optional<TypedValue> Compiler::call(const Operand& o, const Scope& sc) {
  const std::string& f = o.name;
  if (f == "watchlist") return watchlist_call(o, sc);
  const bool date_fn = f == "age" || f == "days_until" || f == "days_since";
  if (!date_fn && f != "len" && f != "lower" && f != "upper") {
    error(o.text, o.offset,
          "unknown function '" + f +
              "' (functions: age, days_until, days_since, len, lower, upper, watchlist)");
    return std::nullopt;
  }
  auto arg = single_arg(o, sc);
  if (!arg) return std::nullopt;
  TypedValue out;
  out.what = f + "()";
  if (date_fn) {
    if (arg->type != FieldType::kDate && arg->type != FieldType::kAny) {
      return arg_error(o, "a date field", *arg);
    }
    const DateFn fn = f == "age"          ? DateFn::kAge
                      : f == "days_until" ? DateFn::kDaysUntil
                                          : DateFn::kDaysSince;
    out.node = make_date_fn(fn, std::move(arg->node));
    out.type = FieldType::kNumber;
  } else if (f == "len" && arg->type == FieldType::kArray) {
    out.node = make_filter_count(std::move(arg->array), arg->filter);
    out.type = FieldType::kNumber;
  } else if (arg->type != FieldType::kString && arg->type != FieldType::kAny) {
    return arg_error(o, f == "len" ? "a string or an array" : "a string", *arg);
  } else if (f == "len") {
    out.node = make_len(std::move(arg->node));
    out.type = FieldType::kNumber;
  } else {
    out.node = make_case(f == "lower" ? CaseFn::kLower : CaseFn::kUpper, std::move(arg->node));
    out.type = FieldType::kString;
  }
  return out;
}

std::optional<TypedValue> Compiler::watchlist_call(const Operand& o, const Scope& sc) {
  if (o.args.size() != 2 || o.args[0].kind != Operand::Kind::kLiteral ||
      o.args[0].literal.kind != Literal::Kind::kString) {
    error(o.text, o.offset, "usage: watchlist(\"list_name\", field)");
    return std::nullopt;
  }
  auto v = operand(o.args[1], sc);
  if (!v) return std::nullopt;
  if (v->type == FieldType::kObject) {  // watchlist("wanted", traveller) >= 0.88
    TypedValue score;
    score.what = "watchlist() score";
    score.node = make_watchlist_score(o.args[0].literal.str, std::move(v->node));
    score.type = FieldType::kNumber;
    return score;
  }
  if (v->type != FieldType::kString && v->type != FieldType::kAny) {
    error(o.text, o.args[1].offset,
          "watchlist() looks up a string or scores an object; " + v->what + " is a " +
              to_string(v->type));
    return std::nullopt;
  }
  TypedValue out;
  out.what = "watchlist()";
  out.node = make_watchlist(o.args[0].literal.str, std::move(v->node));
  out.type = FieldType::kBool;
  return out;
}

std::nullopt_t Compiler::arg_error(const Operand& call, const char* needed, const TypedValue& arg) {
  error(call.text, call.args.front().offset,
        call.name + "() needs " + needed + "; " + arg.what + " is a " + to_string(arg.type));
  return std::nullopt;
}

}  // namespace bw::rules
