// Fixtures for stateful-rule tests: the Chanthaburi checkpoints, events built from a few
// knobs, and an Engine whose state changes are committed to a real store in a temp dir (so a
// "restart" is a new Engine loading that store).
#pragma once

#include <functional>

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "event/decode.h"
#include "rules/rule_set.h"
#include "rules/stateful.h"
#include "store/store.h"
#include "temporal/engine.h"
#include "test_support.h"

namespace bw::test {

inline config::Config border_config() {
  config::Config c;
  using T = config::CheckpointType;
  c.checkpoints.push_back(checkpoint("BAN_LAEM", "Ban Laem", T::kPermanent, 47));
  c.checkpoints.push_back(checkpoint("BAN_PHAKKAD", "Ban Phakkad", T::kPermanent, 70));
  c.checkpoints.push_back(checkpoint("SAP_TARI", "Ban Sap Tari", T::kTemporary, 22));
  c.checkpoints.push_back(checkpoint("SUAN_SOM", "Ban Suan Som", T::kTemporary, 28));
  c.checkpoints.push_back(checkpoint("BUENG_CHANANG", "Ban Bueng Chanang", T::kTemporary, 42));
  return c;
}

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kT0 = 1'748'736'000'000;  // 2025-06-01T00:00:00Z

struct Crossing {
  std::string id;
  int64_t at = kT0;
  std::string direction = "exit";
  std::string checkpoint = "BAN_LAEM";
  std::string doc = "AA1111111";
  std::string doc_type = "passport";
  std::string id_number = "3220100456789";
  std::string nationality = "THA";
  std::string surname = "SRISUK";
  std::string party;
  int party_size = 3;  // sent only with a party
  std::string plate;
};

inline std::string json_of(const Crossing& c) {
  std::string s = R"({"event_id":")" + c.id + R"(","checkpoint":")" + c.checkpoint +
                  R"(","time":")" + format_rfc3339(c.at, 7 * 60) + R"(","direction":")" +
                  c.direction + R"(","traveller":{"surname":")" + c.surname +
                  R"(","given_names":"Anan","nationality":")" + c.nationality +
                  R"(","birth_date":"1980-03-15","id_number":")" + c.id_number +
                  R"(","document":{"type":")" + c.doc_type + R"(","number":")" + c.doc +
                  R"(","country":"THA","expiry":"2030-01-01"}})";
  if (!c.party.empty())
    s += R"(,"party_id":")" + c.party + R"(","party_size":)" + std::to_string(c.party_size);
  if (!c.plate.empty()) s += R"(,"vehicle":{"plate":")" + c.plate + R"("})";
  return s + "}";
}

// The count rule many tests share: a second crossing of one document within the hour fires.
inline constexpr const char* kTwiceAnHourRule = R"(
- rule: twice_an_hour
  desc: d
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 1h, threshold: 2}
  output: "{traveller.document.number}"
  priority: high
)";

class TemporalRig {
 public:
  explicit TemporalRig(const std::string& rules_yaml, int64_t lateness = 3 * kHour)
      : lateness_(lateness) {
    load_rules(rules_yaml);
    restart();
  }

  void load_rules(const std::string& yaml) {
    auto r = rules::RuleSet::compile({{"test.yaml", yaml}}, config_);
    INFO(rules::format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    rules_ = r.rule_set;
  }
  void use_rules(std::shared_ptr<const rules::RuleSet> set) { rules_ = std::move(set); }
  const std::shared_ptr<const rules::RuleSet>& rules() const { return rules_; }

  // A new engine on the same store, as after kill -9: only committed state survives.
  void restart() { REQUIRE(try_restart().ok()); }

  // As restart(), returning what the engine's load() returned.
  Status try_restart() {
    engine_.reset();
    store_.reset();
    auto s = store::Store::open(dir_.str());
    REQUIRE(s.ok());
    store_ = wrap_store ? wrap_store(std::move(*s)) : std::move(*s);
    engine_ = std::make_unique<temporal::Engine>(config_, lateness_);
    return engine_->load(*store_);
  }

  // When set, restarts open the store through it (a FaultyStore, say).
  std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store>)> wrap_store;

  // Sends one event; returns the names of the rules that fired on it. Commits its state.
  std::vector<std::string> send(Crossing c) {
    if (c.id.empty()) c.id = "e" + std::to_string(++next_id_);
    std::string raw = json_of(c);
    auto ev = decoder_.decode(raw);
    REQUIRE_MESSAGE(ev.ok(), raw);
    temporal::StateOps ops;
    std::vector<alert::Alert> alerts;
    last_outcome = engine_->on_event(*ev, rules_, nullptr, c.at, ops, alerts);
    return commit(ops, alerts);
  }

  // Runs deadlines at wall-clock `now`; returns the names of the rules that fired.
  std::vector<std::string> tick(int64_t now) {
    temporal::StateOps ops;
    std::vector<alert::Alert> alerts;
    engine_->advance(rules_, now, ops, alerts);
    return commit(ops, alerts);
  }

  temporal::Engine& engine() { return *engine_; }
  store::Store& store() { return *store_; }
  const std::vector<alert::Alert>& alerts() const { return all_alerts_; }
  temporal::Engine::Outcome last_outcome{};
  size_t last_ops = 0;  // state writes of the last send() or tick()

 private:
  std::vector<std::string> commit(temporal::StateOps& ops, std::vector<alert::Alert>& alerts) {
    store::CommitBatch cb;
    temporal::coalesce(ops);  // as the committer does
    last_ops = ops.size();
    cb.state_ops = std::move(ops);
    REQUIRE(store_->commit(cb).ok());
    std::vector<std::string> names;
    for (auto& a : alerts) {
      names.push_back(a.hits.front().rule);
      all_alerts_.push_back(std::move(a));
    }
    return names;
  }

  config::Config config_ = border_config();
  int64_t lateness_;
  TempDir dir_;
  event::EventDecoder decoder_{config_, 64 * 1024};
  std::shared_ptr<const rules::RuleSet> rules_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<temporal::Engine> engine_;
  std::vector<alert::Alert> all_alerts_;
  int next_id_ = 0;
};

}  // namespace bw::test
