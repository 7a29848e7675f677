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

// The output and each field are rendered into a Scratch buffer, which keeps its capacity from
// event to event, and copied once at their final size: growing the Match's own strings one
// placeholder at a time took an allocation per doubling, and a thousand rules fire often.
void CompiledRuleSet::fire(size_t i, EvalState& st, std::vector<Match>& out) const {
  const CompiledRule& r = compiled_[i];
  std::string& text = st.scratch.take();
  Match m;
  m.rule = &infos_[i];
  r.output.render(st, text);
  m.output = text;
  m.fields.reserve(r.probes.size());
  const int offset = st.ctx.event.time.offset_minutes;
  for (const auto& [path, probe] : r.probes) {
    RtValue v = probe->eval(st);
    if (v.missing()) continue;
    text.clear();
    append_text(text, v, offset);
    m.fields.emplace_back(path, text);
  }
  out.push_back(std::move(m));
}

}  // namespace bw::rules
