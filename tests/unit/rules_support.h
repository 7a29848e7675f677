// Fixtures shared by the rules engine tests: a one-checkpoint config, and events built from
// their JSON text the way the decoder hands them to rules.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "event/event.h"
#include "json/parse.h"
#include "rules/compiled_rule_set.h"
#include "rules/rule_set.h"
#include "util/time.h"

namespace bw::test {

// Ban Laem alone, with neither opening hours nor a type: enough for rules that name it.
inline config::Config ban_laem_only() {
  config::Config c;
  config::Checkpoint cp;
  cp.id = "BAN_LAEM";
  cp.name = "Ban Laem";
  c.checkpoints.push_back(cp);
  return c;
}

// `text` (a JSON object with event_id, checkpoint, an RFC 3339 time and direction) as the
// body of an Event whose decoded fields repeat those members. Fails the test on bad text.
inline event::Event event_from_json(const std::string& text) {
  auto body = json::parse(text);
  REQUIRE_MESSAGE(body.ok(), text);
  const auto time = parse_rfc3339(body->string_or("time"));
  REQUIRE_MESSAGE(time.has_value(), text);
  event::Event ev;
  ev.id = body->string_or("event_id");
  ev.checkpoint = body->string_or("checkpoint");
  ev.time = *time;
  ev.direction =
      body->string_or("direction") == "exit" ? event::Direction::kExit : event::Direction::kEntry;
  ev.body = std::move(body.value());
  return ev;
}

// Ban Laem and Sap Tari, both open 08:00-16:00; Sap Tari is a temporary checkpoint.
inline config::Config two_points() {
  config::Config c;
  for (const char* id : {"BAN_LAEM", "SAP_TARI"}) {
    config::Checkpoint cp;
    cp.id = id;
    cp.name = id;
    cp.hours = {8 * 60, 16 * 60};
    c.checkpoints.push_back(cp);
  }
  c.checkpoints[1].type = config::CheckpointType::kTemporary;
  return c;
}

// For an event at BAN_LAEM with `body`: the names of the index's candidates and of the rules
// that match, each followed by a space, in rule order.
inline std::pair<std::string, std::string> candidates_and_matches(const rules::CompiledRuleSet& set,
                                                                  const config::Config& cfg,
                                                                  const std::string& body) {
  auto v = json::parse(body);
  REQUIRE(v.ok());
  event::Event ev;
  ev.body = std::move(v.value());
  ev.checkpoint = "BAN_LAEM";
  rules::EvalContext ctx{ev, cfg.find_checkpoint("BAN_LAEM"), nullptr, 420};
  std::string candidates, matches;
  set.index().for_each_candidate(ctx, [&](uint32_t i) { candidates += set.rules()[i].name + " "; });
  std::vector<rules::Match> out;
  set.evaluate(ctx, out);
  for (const auto& m : out) matches += m.rule->name + " ";
  return {candidates, matches};
}

// Rules given as (name, condition) pairs, compiled against two_points(): the index tests'
// fixture. Fails the test (showing the diagnostics) when they do not compile.
class IndexedRules {
 public:
  using Rules = std::vector<std::pair<std::string, std::string>>;

  explicit IndexedRules(const Rules& rules) : cfg_(two_points()) {
    std::string yaml;
    for (const auto& [name, condition] : rules) {
      yaml += "- rule: " + name + "\n  desc: d\n  condition: '" + condition +
              "'\n  output: o\n  priority: high\n";
    }
    auto r = rules::RuleSet::compile({{"indexed.yaml", yaml}}, cfg_);
    INFO(rules::format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    set_ = std::move(r.rule_set);
    compiled_ = dynamic_cast<const rules::CompiledRuleSet*>(set_.get());
    REQUIRE(compiled_ != nullptr);
  }

  const rules::CompiledRuleSet& compiled() const { return *compiled_; }
  const config::Config& config() const { return cfg_; }
  // candidates_and_matches() for this set.
  std::pair<std::string, std::string> run(const std::string& body) const {
    return candidates_and_matches(*compiled_, cfg_, body);
  }

 private:
  config::Config cfg_;
  std::shared_ptr<const rules::RuleSet> set_;
  const rules::CompiledRuleSet* compiled_ = nullptr;
};

}  // namespace bw::test
