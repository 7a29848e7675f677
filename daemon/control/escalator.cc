#include "control/escalator.h"

#include <algorithm>

#include "alert/alert.h"
#include "json/parse.h"
#include "rules/rule_set.h"

namespace bw::control {

namespace {

int priority_index(const std::string& name) {
  rules::Priority p;
  return rules::parse_priority(name, p) ? static_cast<int>(p) : -1;
}

int max_delay_minutes(const config::Config& cfg) {
  int longest =
      *std::max_element(cfg.alerts.escalate_after.begin(), cfg.alerts.escalate_after.end());
  for (const auto& c : cfg.checkpoints) {
    longest =
        std::max(longest, *std::max_element(c.escalate_after.begin(), c.escalate_after.end()));
  }
  return longest;
}

}  // namespace

Escalator::Escalator(server::SharedState& state, AlertService& alerts)
    : state_(state), alerts_(alerts) {}

void Escalator::watch(uint64_t seq, const json::Value& alert) {
  if (!alert::is_pushed(alert)) return;  // silenced or folded: officers were not asked to act
  const int minutes = state_.config.escalate_after(priority_index(alert.string_or("priority")),
                                                   alert.string_or("checkpoint"));
  if (minutes <= 0) return;
  auto raised = parse_rfc3339(alert.string_or("raised_at"));
  if (!raised) return;
  due_.emplace(raised->utc_ms + int64_t{minutes} * 60000, seq);
}

void Escalator::load_recent() {
  next_seq_ = state_.store.next_alert_seq();
  const int longest = max_delay_minutes(state_.config);
  if (longest <= 0) return;
  const EpochMs horizon = state_.clock() - int64_t{longest} * 60000 - 60000;
  uint64_t before = next_seq_;
  while (before > 1) {
    auto page = state_.store.alerts_before(before, 500);
    if (!page || page->empty()) return;
    for (const auto& stored : *page) {
      before = stored.seq;
      auto alert = json::parse(stored.json);
      if (!alert) continue;
      auto raised = parse_rfc3339(alert->string_or("raised_at"));
      if (raised && raised->utc_ms < horizon) return;  // older ones were dealt with before
      watch(stored.seq, *alert);
    }
  }
}

void Escalator::learn_new_alerts() {
  for (;;) {
    auto page = state_.store.alerts_since(next_seq_, 1000);
    if (!page || page->empty()) return;
    for (const auto& stored : *page) {
      next_seq_ = stored.seq + 1;
      if (auto alert = json::parse(stored.json)) watch(stored.seq, *alert);
    }
  }
}

void Escalator::tick() {
  const EpochMs now = state_.clock();
  if (next_seq_ != 0 && now - last_tick_ < 1000) return;
  last_tick_ = now;
  if (next_seq_ == 0) load_recent();
  learn_new_alerts();
  while (!due_.empty() && due_.begin()->first <= now) {
    const uint64_t seq = due_.begin()->second;
    const EpochMs due = due_.begin()->first;
    due_.erase(due_.begin());
    (void)alerts_.escalate_if_open(seq, due);
  }
}

}  // namespace bw::control
