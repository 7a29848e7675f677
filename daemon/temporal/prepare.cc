#include "temporal/prepare.h"

namespace bw::temporal {

using rules::StatefulKind;
using rules::StatefulRule;

namespace {

// The aggregated value: the operands' texts joined by a unit separator; "" when all missing.
std::string value_of(const StatefulRule& r, rules::EvalState& st, int offset) {
  std::string out;
  bool any = false;
  for (size_t i = 0; i < r.values.size(); ++i) {
    const rules::RtValue v = r.values[i]->eval(st);
    if (i > 0) out += '\x1f';
    if (v.missing()) continue;
    any = true;
    rules::append_text(out, v, offset);
  }
  return any ? out : std::string();
}

// The `where` operands of one side of a sequence, joined by a unit separator (missing =
// empty), after kWhereMark.
void append_where(std::string& out, const StatefulRule& r, rules::EvalState& st, bool then,
                  int offset) {
  out += kWhereMark;
  for (size_t i = 0; i < r.where.size(); ++i) {
    if (i > 0) out += '\x1f';
    const rules::RtValue v = (then ? r.where[i].then : r.where[i].first)->eval(st);
    if (!v.missing()) rules::append_text(out, v, offset);
  }
}

bool is_absence(StatefulKind k) {
  return k == StatefulKind::kAbsentAfter || k == StatefulKind::kAbsentBefore;
}

}  // namespace

void Preparer::prepare(const event::Event& ev, const rules::RuleSet& rules,
                       const watchlist::WatchlistSet* watchlists, EpochMs now,
                       std::vector<PreparedHit>& out) {
  const rules::EvalContext ctx{ev, config_.find_checkpoint(ev.checkpoint), watchlists,
                               config_.timezone_offset_minutes, now};
  rules::EvalState st = rules::make_state(ctx, scratch_);
  const int offset = ev.time.offset_minutes;
  const auto& stateful = rules.stateful_rules();
  for (size_t i = 0; i < stateful.size(); ++i) {
    const StatefulRule& r = stateful[i];
    scratch_.reset();
    PreparedHit hit;
    hit.trigger = r.selects(st);
    hit.awaited = r.other != nullptr && r.other->eval(st);
    if (!hit.trigger && !hit.awaited) continue;
    const rules::RtValue k = r.by->eval(st);
    if (k.missing()) continue;
    rules::append_text(hit.key, k, offset);
    if (hit.key.empty() || !fill_values(r, st, offset, hit)) continue;
    hit.rule = static_cast<uint32_t>(i);
    out.push_back(std::move(hit));
  }
}

bool Preparer::fill_values(const StatefulRule& r, rules::EvalState& st, int offset,
                           PreparedHit& hit) {
  if (r.kind == StatefulKind::kDistinct || r.kind == StatefulKind::kSum) {
    hit.trigger_value = value_of(r, st, offset);
    return !hit.trigger_value.empty();
  }
  if (is_absence(r.kind)) {
    if (hit.trigger) r.output.render(st, hit.trigger_value);
    return true;
  }
  if (r.kind != StatefulKind::kSequence) return true;
  // A counted sequence's A carries its aggregated value; without one it counts for nothing.
  if (hit.trigger && r.aggregated && r.counted != StatefulKind::kCount) {
    hit.trigger_value = value_of(r, st, offset);
    hit.trigger = !hit.trigger_value.empty();
    if (!hit.trigger && !hit.awaited) return false;
  }
  if (hit.awaited) append_where(hit.awaited_value, r, st, /*then=*/true, offset);
  if (hit.trigger) append_where(hit.trigger_value, r, st, /*then=*/false, offset);
  return true;
}

}  // namespace bw::temporal
