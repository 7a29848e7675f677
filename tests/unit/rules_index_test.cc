// Rules engine: the rule index only skips rules that cannot match, and evaluation is fast.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "json/parse.h"
#include "rules/compiled_rule_set.h"
#include "rules/rule_set.h"
#include "rules/sources.h"

namespace {

using namespace bw;

config::Config two_points() {
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

const char* kConditions[] = {
    "direction = \"exit\"",
    "direction = \"entry\" and lane exists",
    "checkpoint = \"SAP_TARI\"",
    "checkpoint in (\"BAN_LAEM\", \"SAP_TARI\") and direction = \"exit\" and party_size > 2",
    "checkpoint = \"SAP_TARI\" or lane = \"2\"",
    "not vehicle exists",
    "vehicle.plate exists and direction = \"entry\"",
    "goods[category = \"phone\"].count > 1",
    "len(goods) = 0",
    "not goods[category = \"phone\"] exists",
    "extra.route = \"R1\" and lane exists",
    "attributes.x = 1 or party_size = 1",
    "site.within_hours = false",
    "not site.within_hours",
    "site.type = \"temporary\" and traveller.nationality != \"THA\"",
    "age(traveller.birth_date) < 18 and direction = \"exit\"",
    "lower(traveller.surname) startswith \"s\"",
    "outbound and party_size >= 3",
    "outbound and not (lane = \"1\")",
    "direction = \"exit\" and checkpoint = \"BAN_LAEM\" and vehicle.country != "
    "traveller.nationality",
};

std::string rules_yaml(bool wrapped) {
  std::string y = "- macro: outbound\n  condition: direction = \"exit\"\n";
  int i = 0;
  for (const char* c : kConditions) {
    std::string cond = wrapped ? "(" + std::string(c) + ") or false" : std::string(c);
    y += "- rule: r" + std::to_string(i++) + "\n  desc: d\n  condition: '" + cond +
         "'\n  output: o\n  priority: info\n";
  }
  return y;
}

event::Event make_event(int n) {
  const char* dirs[] = {"exit", "entry"};
  const char* points[] = {"BAN_LAEM", "SAP_TARI", "ELSEWHERE"};
  std::string dir = dirs[n % 2];
  std::string cp = points[(n / 2) % 3];
  std::string hour = (n / 6) % 2 ? "09" : "18";
  std::string body = R"({"event_id":"e)" + std::to_string(n) + R"(","checkpoint":")" + cp +
                     R"(","time":"2025-06-01T)" + hour + R"(:00:00+07:00","direction":")" + dir +
                     "\"";
  if (n % 3 == 0) body += R"(,"lane":")" + std::to_string(n % 4) + "\"";
  if (n % 5 < 2) body += R"(,"vehicle":{"plate":"1AB","country":"KHM"})";
  if (n % 7 < 3) body += R"(,"goods":[{"category":"phone","count":)" + std::to_string(n % 4) + "}]";
  if (n % 11 < 4) body += R"(,"party_size":)" + std::to_string(n % 5);
  if (n % 13 < 5) body += R"(,"route":"R1")";
  if (n % 4 != 3) {
    body += R"(,"traveller":{"surname":")" + std::string(n % 2 ? "Srisuk" : "Kim") +
            R"(","nationality":")" + (n % 3 ? "THA" : "KHM") + R"(","birth_date":")" +
            (n % 8 < 3 ? "2010" : "1980-02-03") + "\"}";
  }
  body += "}";
  auto v = json::parse(body);
  REQUIRE(v.ok());
  event::Event ev;
  ev.body = std::move(v.value());
  ev.id = "e" + std::to_string(n);
  ev.checkpoint = cp;
  ev.time = *parse_rfc3339("2025-06-01T" + hour + ":00:00+07:00");
  ev.direction = dir == "exit" ? event::Direction::kExit : event::Direction::kEntry;
  return ev;
}

std::vector<std::string> names(const rules::RuleSet& set, const event::Event& ev,
                               const config::Config& cfg) {
  rules::EvalContext ctx{ev, cfg.find_checkpoint(ev.checkpoint), nullptr, 420};
  std::vector<rules::Match> out;
  set.evaluate(ctx, out);
  std::vector<std::string> n;
  for (const auto& m : out) n.push_back(m.rule->name);
  return n;
}

}  // namespace

TEST_CASE("rules index: same matches as testing every rule") {
  const auto cfg = two_points();
  auto indexed = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  // `(...) or false` hides every requirement from the index: the brute-force baseline.
  auto brute = rules::RuleSet::compile({{"b.yaml", rules_yaml(true)}}, cfg);
  INFO(rules::format_diagnostics(indexed.diagnostics));
  REQUIRE(indexed.ok());
  REQUIRE(brute.ok());
  auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(indexed.rule_set.get());
  REQUIRE(compiled != nullptr);
  CHECK(compiled->index().indexed_paths() > 3);
  size_t total = 0;
  for (int n = 0; n < 2000; ++n) {
    auto ev = make_event(n);
    auto a = names(*indexed.rule_set, ev, cfg);
    CAPTURE(n);
    CHECK(a == names(*brute.rule_set, ev, cfg));
    total += a.size();
  }
  CHECK(total > 2000);  // the events do exercise the rules
}

TEST_CASE("rules index: candidates are bucketed by direction, checkpoint and fields") {
  const auto cfg = two_points();
  auto r = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  REQUIRE(r.ok());
  auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(r.rule_set.get());
  REQUIRE(compiled != nullptr);
  auto candidates = [&](const char* json, event::Direction d, const char* cp) {
    auto v = json::parse(json);
    REQUIRE(v.ok());
    event::Event ev;
    ev.body = std::move(v.value());
    ev.checkpoint = cp;
    ev.direction = d;
    rules::EvalContext ctx{ev, cfg.find_checkpoint(cp), nullptr, 420};
    std::vector<uint32_t> out;
    compiled->index().for_each_candidate(ctx, [&](uint32_t i) { out.push_back(i); });
    return out;
  };
  // A bare entry event: no lane, vehicle, goods, party, route, traveller; at Ban Laem.
  auto entry = candidates("{}", event::Direction::kEntry, "BAN_LAEM");
  auto text = [](const std::vector<uint32_t>& v) {
    std::string s;
    for (auto i : v) s += std::to_string(i) + " ";
    return s;
  };
  CHECK(text(entry) == "4 5 9 11 12 13 ");
  auto exit_sap = candidates(R"({"party_size":3})", event::Direction::kExit, "SAP_TARI");
  CHECK(text(exit_sap) == "0 2 3 4 5 9 11 12 13 17 18 ");
  // Unconfigured checkpoint: rules reading site.* are skipped, `not site...` is not.
  CHECK(text(candidates("{}", event::Direction::kEntry, "ELSEWHERE")) == "4 5 9 11 13 ");
}

TEST_CASE("rules index: evaluation from several threads at once") {
  const auto cfg = two_points();
  auto r = rules::RuleSet::compile({{"i.yaml", rules_yaml(false)}}, cfg);
  REQUIRE(r.ok());
  std::vector<event::Event> events;
  std::vector<std::vector<std::string>> expected;
  for (int n = 0; n < 300; ++n) {
    events.push_back(make_event(n));
    expected.push_back(names(*r.rule_set, events.back(), cfg));
  }
  std::atomic<int> mismatches{0};
  auto worker = [&] {
    for (int round = 0; round < 20; ++round) {
      for (size_t i = 0; i < events.size(); ++i) {
        if (names(*r.rule_set, events[i], cfg) != expected[i]) ++mismatches;
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  CHECK(mismatches.load() == 0);
}

TEST_CASE("rules index: throughput with the shipped pack and 100 more rules") {
  auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
  REQUIRE(sources.ok());
  std::string extra;
  for (int i = 0; i < 100; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 5) {
      case 0:
        extra += "- rule: x" + n + "\n  condition: 'lane = \"L" + n + "\"'\n";
        break;
      case 1:
        extra +=
            "- rule: x" + n + "\n  condition: 'outbound and employer icontains \"co" + n + "\"'\n";
        break;
      case 2:
        extra += "- rule: x" + n + "\n  condition: 'goods[category = \"c" + n + "\"].count > 5'\n";
        break;
      case 3:
        extra += "- rule: x" + n + "\n  condition: 'traveller.surname = \"S" + n +
                 "\" and age(traveller.birth_date) < 30'\n";
        break;
      default:
        extra += "- rule: x" + n + "\n  condition: 'checkpoint = \"SAP_TARI\" and lane in (\"" + n +
                 "\", \"z\")'\n";
    }
    extra += "  desc: d\n  output: 'x {lane}'\n  priority: info\n";
  }
  sources->push_back({"extra.yaml", extra});
  const auto cfg = two_points();
  auto r = rules::RuleSet::compile(*sources, cfg);
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.rule_set->rules().size() >= 115);

  std::vector<event::Event> events;
  for (int n = 0; n < 1000; ++n) events.push_back(make_event(n));
  std::vector<rules::Match> out;
  const auto start = std::chrono::steady_clock::now();
  size_t evaluated = 0;
  for (int round = 0; round < 20; ++round) {
    for (const auto& ev : events) {
      out.clear();
      rules::EvalContext ctx{ev, cfg.find_checkpoint(ev.checkpoint), nullptr, 420};
      r.rule_set->evaluate(ctx, out);
      ++evaluated;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = static_cast<double>(evaluated) / seconds;
  MESSAGE("evaluated " << evaluated << " events against " << r.rule_set->rules().size()
                       << " rules: " << static_cast<long>(rate) << " events/s");
  CHECK(rate > 2000);  // loose: sanitizer and debug builds must pass too
}
