// Stateful rule identity (rule_identity.h).
#include "rules/rule_identity.h"

#include <set>
#include <string>

#include "rules/parser.h"
#include "rules/stateful.h"

namespace bw::rules {

namespace {

class IdentityHash {
 public:
  explicit IdentityHash(const Compiler& compiler) : compiler_(compiler) {}

  void text(std::string_view s) {
    for (unsigned char c : s) {
      h_ ^= c;
      h_ *= 1099511628211ULL;
    }
    h_ ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    h_ *= 1099511628211ULL;
  }

  // The text, then what it refers to. Parsing again is cheap (rules are small) and keeps this
  // independent of the compiler's internals; parse errors were reported by the compile stage.
  void condition(const SourceText& source) {
    text(source.text);
    Diagnostics ignored;
    if (auto ast = parse_condition(source, ignored)) references(*ast);
  }

  uint64_t value() const { return h_; }

 private:
  void references(const Expr& e) {
    for (const auto& child : e.children) references(*child);
    if (e.kind != Expr::Kind::kRelation) return;
    operand(e.lhs);
    for (const Operand& o : e.rhs) operand(o);
    if (!e.list_name.empty()) list(e.list_name);
    if (e.op == Op::kNone && e.lhs.plain_field() && e.lhs.steps.size() == 1) {
      macro(e.lhs.steps[0]);
    }
  }

  void operand(const Operand& o) {
    if (o.filter) references(*o.filter);
    for (const Operand& arg : o.args) operand(arg);
  }

  void macro(const std::string& name) {
    const MacroDef* m = compiler_.macro_def(name);
    if (m == nullptr || !seen_.insert("m:" + name).second) return;
    text("macro " + name);
    for (const SourceText* part : m->parts) condition(*part);
  }

  void list(const std::string& name) {
    const ListDef* l = compiler_.list(name);
    if (l == nullptr || !seen_.insert("l:" + name).second) return;
    text("list " + name);
    for (const Scalar& item : l->items) text(item.value);
  }

  const Compiler& compiler_;
  uint64_t h_ = 14695981039346656037ULL;
  std::set<std::string> seen_;  // each macro and list once, so cycles and reuse cannot loop
};

}  // namespace

uint64_t stateful_identity(const RuleDef& rule, const Compiler& compiler) {
  IdentityHash h(compiler);
  h.text(rule.name);
  for (const SourceText* c : rule.condition) h.condition(*c);
  const StatefulDef& d = *rule.stateful;
  h.text(d.canonical);
  if (d.aggregate != nullptr) h.text(d.aggregate->text);
  if (d.other != nullptr) h.condition(*d.other);
  return h.value();
}

}  // namespace bw::rules
