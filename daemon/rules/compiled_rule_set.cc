#include "rules/compiled_rule_set.h"

namespace bw::rules {

void CompiledRuleSet::add(RuleInfo info, CompiledRule rule, const ConditionFacts* facts) {
  const auto i = static_cast<uint32_t>(infos_.size());
  infos_.push_back(std::move(info));
  compiled_.push_back(std::move(rule));
  if (facts != nullptr) index_.add(i, *facts);
}

void CompiledRuleSet::evaluate(const EvalContext& ctx, std::vector<Match>& out) const {
  thread_local Scratch scratch;
  EvalState st = make_state(ctx, scratch);
  try {
    index_.for_each_candidate(ctx, [&](uint32_t i) {
      const CompiledRule& r = compiled_[i];
      scratch.reset();
      if (!r.condition->eval(st)) return;
      if (r.exceptions && r.exceptions->eval(st)) return;
      fire(i, st, out);
    });
  } catch (const std::exception&) {
    // Only allocation can fail here; the matches appended so far stay valid.
  }
}

void CompiledRuleSet::fire(size_t i, EvalState& st, std::vector<Match>& out) const {
  const CompiledRule& r = compiled_[i];
  Match m;
  m.rule = &infos_[i];
  r.output.render(st, m.output);
  const int offset = st.ctx.event.time.offset_minutes;
  for (const auto& [path, probe] : r.probes) {
    RtValue v = probe->eval(st);
    if (v.missing()) continue;
    std::string text;
    append_text(text, v, offset);
    m.fields.emplace_back(path, std::move(text));
  }
  out.push_back(std::move(m));
}

}  // namespace bw::rules
