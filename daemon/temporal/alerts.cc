#include "temporal/alerts.h"

namespace bw::temporal {

namespace {

alert::Alert base(const rules::StatefulRule& r, const std::string& key, std::string output,
                  EpochMs now) {
  alert::Alert a;
  a.raised_at = now;
  a.priority = r.info.priority;
  a.hits.push_back({r.info.name, r.info.priority, std::move(output), r.info.tags});
  a.fields.emplace_back("stateful.key", key);
  a.fields.emplace_back("stateful.kind", rules::to_string(r.kind));
  return a;
}

alert::ContextEvent context_of(const Item& i) {
  return {i.event_id, i.checkpoint, Timestamp{i.time_ms, i.offset_minutes}};
}

}  // namespace

alert::Alert event_alert(const rules::StatefulRule& r, const event::Event& ev, rules::EvalState& st,
                         const std::string& key, const std::vector<Item>& context, EpochMs now) {
  std::string output;
  r.output.render(st, output);
  alert::Alert a = base(r, key, std::move(output), now);
  a.id = "stateful/" + r.info.name + "/" + ev.key();
  a.event_id = ev.id;
  a.checkpoint = ev.checkpoint;
  a.direction = event::to_string(ev.direction);
  a.event_time = ev.time;
  for (const auto& [path, probe] : r.probes) {
    const rules::RtValue v = probe->eval(st);
    if (v.missing()) continue;
    std::string text;
    rules::append_text(text, v, ev.time.offset_minutes);
    a.fields.emplace_back(path, std::move(text));
  }
  for (const Item& i : context) a.context.push_back(context_of(i));
  return a;
}

alert::Alert deadline_alert(const rules::StatefulRule& r, const std::string& key,
                            const Item& trigger, EpochMs now) {
  alert::Alert a = base(r, key, trigger.value, now);
  a.id = "stateful/" + r.info.name + "/" + trigger.checkpoint + "/" + trigger.event_id;
  a.event_id = trigger.event_id;
  a.checkpoint = trigger.checkpoint;
  a.direction = trigger.exit ? "exit" : "entry";
  a.event_time = Timestamp{trigger.time_ms, trigger.offset_minutes};
  a.context.push_back(context_of(trigger));
  return a;
}

}  // namespace bw::temporal
