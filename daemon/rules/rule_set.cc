// RuleSet::compile: the three loader stages (read, collect, compile) and the checks that
// need the whole set (unused macros and lists, rules that can never match).
#include "rules/rule_set.h"

#include "rules/analysis.h"
#include "rules/collector.h"
#include "rules/compiled_rule_set.h"
#include "rules/exceptions.h"
#include "rules/parser.h"
#include "rules/reader.h"
#include "rules/rule_tests.h"
#include "rules/stateful_compiler.h"
#include "rules/watchlist_nodes.h"

namespace bw::rules {

namespace {

RuleInfo info_of(const RuleDef& r) {
  RuleInfo info;
  info.name = r.name;
  info.description = r.desc;
  info.priority = r.priority;
  info.tags = r.tags;
  info.enabled = r.enabled;
  info.source = r.origin.source != nullptr ? r.origin.source->name : std::string();
  info.line = r.origin.line;
  return info;
}

class Builder {
 public:
  Builder(const Definitions& defs, const config::Config& config, Diagnostics& diags)
      : defs_(defs), diags_(diags), compiler_(defs, config, diags), analyzer_(compiler_) {}

  std::shared_ptr<CompiledRuleSet> build() {
    compiler_.compile_all_macros();
    auto set = std::make_shared<CompiledRuleSet>();
    for (const RuleDef& r : defs_.rules) rule(r, *set);
    unused();
    set->finish();
    return set;
  }

 private:
  std::unique_ptr<Expr> condition(const RuleDef& r) {
    std::vector<std::unique_ptr<Expr>> parts;
    bool ok = true;
    for (const SourceText* part : r.condition) {
      auto e = parse_condition(*part, diags_);
      ok = ok && e != nullptr;
      if (e) parts.push_back(std::move(e));
    }
    if (!ok || parts.empty()) return nullptr;
    return join(Expr::Kind::kAnd, std::move(parts));
  }

  // A rule the read stage already found broken (a missing key, say) is still compiled as far
  // as it goes, so one load reports every error in it; it is never added.
  void rule(const RuleDef& r, CompiledRuleSet& set) {
    auto ast = condition(r);
    CompiledRule c;
    bool ok = !r.broken && ast != nullptr;
    if (ast) {
      c.condition = compiler_.condition(*ast);
      ok = ok && c.condition != nullptr;
    }
    ExceptionCompiler exceptions(compiler_, diags_);
    c.exceptions = exceptions.compile(r, ok);
    std::optional<OutputTemplate> output;
    if (r.output != nullptr) output = OutputTemplate::compile(*r.output, compiler_, diags_);
    if (!ast) return;
    ConditionFacts facts = analyzer_.analyse(*ast);  // also records macro/list usage
    if (!ok || !output) return;
    c.output = std::move(*output);
    for (const Operand& field : facts.referenced) {
      if (is_watchlist_call(field)) {
        auto [path, probe] = watchlist_probe(field, compiler_);
        if (probe) c.probes.emplace_back(std::move(path), std::move(probe));
        continue;
      }
      if (ValuePtr probe = compiler_.value(field)) {
        c.probes.emplace_back(field.path(), std::move(probe));
      }
    }
    if (facts.never) {
      diags_.warning(r.origin, "rule '" + r.name + "' can never match: " + facts.never_reason);
    }
    if (r.stateful) return stateful(r, std::move(c), facts.never, set);
    set.add(info_of(r), std::move(c), r.enabled && !facts.never ? &facts : nullptr);
  }

  // A stateful rule is listed like any rule but never evaluated per event by the stateless
  // path: daemon/temporal runs it from RuleSet::stateful_rules().
  void stateful(const RuleDef& r, CompiledRule c, bool never, CompiledRuleSet& set) {
    StatefulRule s;
    if (!compile_stateful(r, compiler_, diags_, s)) return;
    s.info = info_of(r);
    s.condition = std::move(c.condition);
    s.exceptions = std::move(c.exceptions);
    s.output = std::move(c.output);
    s.probes = std::move(c.probes);
    set.add(info_of(r), CompiledRule{}, nullptr);
    if (r.enabled && !never) set.add_stateful(std::move(s));
  }

  void unused() {
    for (const MacroDef& m : defs_.macros) {
      if (!m.broken && analyzer_.used_macros().count(m.name) == 0) {
        diags_.warning(m.origin, "macro '" + m.name + "' is not used by any rule");
      }
    }
    for (const ListDef& l : defs_.lists) {
      if (!l.broken && analyzer_.used_lists().count(l.name) == 0) {
        diags_.warning(l.origin, "list '" + l.name + "' is not used by any rule");
      }
    }
  }

  const Definitions& defs_;
  Diagnostics& diags_;
  Compiler compiler_;
  Analyzer analyzer_;
};

// The three stages; `tests`, when given, receives the well-formed test items.
CompileResult compile_sources(const std::vector<RuleSource>& sources, const config::Config& config,
                              std::vector<RuleTest>* tests) {
  CompileResult result;
  Diagnostics diags;
  std::shared_ptr<CompiledRuleSet> set;
  try {
    Definitions defs;
    std::vector<Item> items;
    for (const RuleSource& source : sources) {
      for (Item& item : read_source(source, defs.texts, diags)) {
        if (tests != nullptr && item.kind == Item::Kind::kTest && !item.broken) {
          tests->push_back(std::move(item.test));
        }
        items.push_back(std::move(item));
      }
    }
    collect(std::move(items), defs, diags);
    set = Builder(defs, config, diags).build();
  } catch (const std::exception& e) {
    diags.push(Diagnostic{Diagnostic::Severity::kError, "", 0, 0,
                          std::string("internal error while compiling rules: ") + e.what()});
  }
  const bool failed = diags.has_errors();
  result.diagnostics = diags.take_sorted(sources);
  if (!failed) result.rule_set = std::move(set);
  return result;
}

}  // namespace

CompileResult RuleSet::compile(const std::vector<RuleSource>& sources,
                               const config::Config& config) {
  return compile_sources(sources, config, nullptr);
}

CompileResult compile_with_tests(const std::vector<RuleSource>& sources,
                                 const config::Config& config, std::vector<RuleTest>& tests) {
  return compile_sources(sources, config, &tests);
}

}  // namespace bw::rules
