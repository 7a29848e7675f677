// Compile stage of `stateful:`: the key, aggregated values and awaited condition go through
// the ordinary condition compiler, so they mean exactly what they mean in a condition.
#include "rules/stateful_compiler.h"

#include "rules/parser.h"

namespace bw::rules {

namespace {

uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
  return h * 1099511628211ULL;
}

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
  uint64_t h = 14695981039346656037ULL;
  h = fnv1a(h, r.name);
  for (const SourceText* c : r.condition) h = fnv1a(h, c->text);
  h = fnv1a(h, d.canonical);
  if (d.aggregate != nullptr) h = fnv1a(h, d.aggregate->text);
  out.identity = h;
  return ok;
}

}  // namespace bw::rules
