#include "rules/watchlist_nodes.h"

#include "json/writer.h"
#include "rules/rule_set.h"
#include "watchlist/screening.h"

namespace bw::rules {

namespace {

watchlist::Screening screen_with_clearances(const EvalState& st, const watchlist::WatchlistSet& set,
                                            const watchlist::Watchlist& list,
                                            const json::Value& subject) {
  const watchlist::ClearanceSet* clearances = set.clearances();
  if (clearances == nullptr || clearances->empty()) return watchlist::screen(list, subject);
  const std::string traveller = traveller_of(st.ctx.event);
  return watchlist::screen(list, subject, [&](std::string_view entry) {
    return clearances->covers(list.name(), entry, traveller, st.ctx.now);
  });
}

class WatchlistScore final : public ValueNode {
 public:
  WatchlistScore(std::string list, ValuePtr object, bool breakdown)
      : list_(std::move(list)), object_(std::move(object)), breakdown_(breakdown) {}

  RtValue eval(EvalState& st) const override {
    RtValue v = object_->eval(st);
    const watchlist::WatchlistSet* set = st.ctx.watchlists;
    const watchlist::Watchlist* list = set != nullptr ? set->find(list_) : nullptr;
    if (v.kind != RtValue::Kind::kJson || list == nullptr) {
      return breakdown_ ? RtValue{} : RtValue::of_number(0);
    }
    const watchlist::Screening s = screen_with_clearances(st, *set, *list, *v.json);
    if (!breakdown_) return RtValue::of_number(s.score);
    if (s.breakdown.is_null()) return {};
    std::string& buf = st.scratch.take();
    buf = json::to_string(s.breakdown);
    return RtValue::of_string(buf);
  }

 private:
  std::string list_;
  ValuePtr object_;
  bool breakdown_;
};

}  // namespace

std::string traveller_of(const event::Event& ev) {
  const json::Value* t = ev.body.find("traveller");
  return t != nullptr ? watchlist::traveller_identity(*t) : std::string();
}

bool cleared(const EvalState& st, const watchlist::WatchlistSet& set, std::string_view list,
             const watchlist::Entry& entry) {
  const watchlist::ClearanceSet* clearances = set.clearances();
  if (clearances == nullptr || clearances->empty()) return false;
  return clearances->covers(list, entry.key, traveller_of(st.ctx.event), st.ctx.now);
}

ValuePtr make_watchlist_score(std::string list, ValuePtr object) {
  return std::make_unique<WatchlistScore>(std::move(list), std::move(object), false);
}
ValuePtr make_watchlist_breakdown(std::string list, ValuePtr object) {
  return std::make_unique<WatchlistScore>(std::move(list), std::move(object), true);
}

}  // namespace bw::rules

#include "rules/compiler.h"

namespace bw::rules {

bool is_watchlist_call(const Operand& o) {
  return o.kind == Operand::Kind::kCall && o.name == "watchlist" && o.args.size() == 2 &&
         o.args[0].kind == Operand::Kind::kLiteral &&
         o.args[0].literal.kind == Literal::Kind::kString && o.args[1].plain_field();
}

Operand copy_watchlist_call(const Operand& o) {
  Operand c;
  c.kind = o.kind;
  c.text = o.text;
  c.offset = o.offset;
  c.name = o.name;
  for (const Operand& a : o.args) {
    Operand ac;
    ac.kind = a.kind;
    ac.text = a.text;
    ac.offset = a.offset;
    ac.steps = a.steps;
    ac.literal = a.literal;
    c.args.push_back(std::move(ac));
  }
  return c;
}

std::pair<std::string, ValuePtr> watchlist_probe(const Operand& call, Compiler& compiler) {
  std::string path = "watchlist(\"" + call.args[0].literal.str + "\", " + call.args[1].path() + ")";
  ValuePtr arg = compiler.value(call.args[1]);
  if (!arg) return {std::move(path), nullptr};
  return {std::move(path), make_watchlist_breakdown(call.args[0].literal.str, std::move(arg))};
}

}  // namespace bw::rules
