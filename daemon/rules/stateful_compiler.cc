// Compile stage of `stateful:`: the key, aggregated values and awaited condition go through
// the ordinary condition compiler, so they mean exactly what they mean in a condition.
#include "rules/stateful_compiler.h"

#include "rules/parser.h"
#include "rules/rule_identity.h"

namespace bw::rules {

namespace {

ValuePtr operand_value(const SourceText& text, size_t begin, size_t end, Compiler& compiler,
                       Diagnostics& diags) {
  auto op = parse_operand(text, begin, end, diags);
  if (!op) return nullptr;
  return compiler.value(*op);
}

}  // namespace

bool compile_stateful(const RuleDef& r, Compiler& compiler, Diagnostics& diags, StatefulRule& out) {
  const StatefulDef& d = *r.stateful;
  bool ok = true;
  out.kind = d.kind;
  out.window_ms = d.window_ms;
  out.threshold = d.threshold;
  out.max_speed_kmh = d.max_speed_kmh;
  out.counted = d.counted;
  out.aggregated = d.aggregated;
  out.by = operand_value(*d.by, 0, d.by->text.size(), compiler, diags);
  ok = out.by != nullptr;
  for (auto [b, e] : d.values) {
    out.values.push_back(operand_value(*d.aggregate, b, e, compiler, diags));
    ok = out.values.back() != nullptr && ok;
  }
  if (d.other != nullptr) {
    auto ast = parse_condition(*d.other, diags);
    out.other = ast ? compiler.condition(*ast) : nullptr;
    ok = out.other != nullptr && ok;
  }
  if (d.where != nullptr) ok = compile_where(*d.where, compiler, diags, out.where) && ok;
  out.identity = stateful_identity(r, compiler);
  return ok;
}

}  // namespace bw::rules
