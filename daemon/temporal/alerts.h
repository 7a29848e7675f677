// Alerts raised by stateful rules. Each lists in `context` the events that made it fire.
// Alert ids are stable for a given rule and triggering event, so a receiver can drop repeats.
#pragma once

#include <string>
#include <vector>

#include "alert/alert.h"
#include "rules/stateful.h"
#include "temporal/group.h"

namespace bw::temporal {

// Fired while evaluating `ev` (aggregates, impossible travel): output and fields from `ev`.
alert::Alert event_alert(const rules::StatefulRule& r, const event::Event& ev, rules::EvalState& st,
                         const std::string& key, const std::vector<Item>& context, EpochMs now);

// Fired by a deadline (absences): output as rendered when the trigger arrived.
alert::Alert deadline_alert(const rules::StatefulRule& r, const std::string& key,
                            const Item& trigger, EpochMs now);

}  // namespace bw::temporal
