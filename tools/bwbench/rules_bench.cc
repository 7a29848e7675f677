// bwbench rules: options, the event stream, one measurement per rule count, and the table.
#include "rules_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "bench.h"
#include "config/loader.h"
#include "event/decode.h"
#include "rules/compiled_rule_set.h"
#include "rules/rule_set.h"
#include "sim/crossing_generator.h"
#include "sim/watchlist_data.h"
#include "util/log.h"
#include "watchlist/normalize.h"

namespace bw::bench {

namespace {

// From kBenchMorning at 0.5 crossings a simulated second, 20,000 events span the opening
// hours of about a day, so every checkpoint, hour and kind of traveller appears.
constexpr double kSimulatedRate = 0.5;

struct Stream {
  std::vector<event::Event> events;
  std::shared_ptr<const watchlist::WatchlistSet> lists;
  uint64_t injected = 0;
};

template <typename T, typename F>
std::shared_ptr<const watchlist::Watchlist> make_list(const std::string& name, watchlist::Kind kind,
                                                      const std::vector<T>& values, F key) {
  std::vector<watchlist::Entry> entries;
  for (const T& v : values) {
    watchlist::Entry e;
    e.display = key(v);
    e.key = watchlist::normalise_document_number(e.display);  // plates fold the same way
    e.line = entries.size() + 2;
    entries.push_back(std::move(e));
  }
  return std::make_shared<const watchlist::Watchlist>(name, kind, std::move(entries));
}

Result<Stream> make_stream(const config::Config& config, const RulesOptions& o) {
  const auto docs = sim::make_listed_documents(o.seed ^ 0x9e3779b97f4a7c15ull, 10'000);
  const auto plates = sim::make_listed_plates(o.seed ^ 0x5851f42d4c957f2dull, 2'000);
  sim::GeneratorOptions g;
  g.seed = o.seed;
  g.start = parse_rfc3339(kBenchMorning)->utc_ms;
  g.events_per_second_simulated = kSimulatedRate;
  g.stolen_documents = sim::document_numbers(docs);
  g.watched_plates = sim::plate_values(plates);
  g.inject_rate = o.inject_rate;  // every kind in turn: documents, plates, SIM cards, cash...
  auto gen = sim::CrossingGenerator::create(config, std::move(g));
  if (!gen) return gen.error();
  Stream s;
  s.events.reserve(o.events);
  for (size_t i = 0; i < o.events; ++i) {
    auto ev = event::validate(gen->next(), config);
    if (!ev) return Error{"generated event invalid: " + ev.error().message};
    s.events.push_back(std::move(*ev));
  }
  s.injected = gen->stats().injected;
  std::map<std::string, std::shared_ptr<const watchlist::Watchlist>> lists;
  lists["lost_stolen_documents"] = make_list("lost_stolen_documents", watchlist::Kind::kDocuments,
                                             docs, [](const auto& d) { return d.number; });
  lists["watched_vehicles"] = make_list("watched_vehicles", watchlist::Kind::kVehicles, plates,
                                        [](const auto& p) { return p.plate; });
  s.lists = std::make_shared<const watchlist::WatchlistSet>(std::move(lists));
  return s;
}

// Events are timed in chunks that fit in the CPU caches, each walked first: the daemon
// evaluates an event right after decoding it, while it is in cache, and timing a stream too
// large for the caches would measure memory latency instead of rule evaluation.
constexpr size_t kChunk = 32;
volatile size_t touched = 0;  // keeps the walk from being optimised away
constexpr int kMinPasses = 3;

size_t touch(const json::Value& v) {
  size_t n = 1;
  if (v.is_array()) {
    for (const json::Value& e : v.as_array()) n += touch(e);
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.as_object()) n += k.size() + touch(e);
  } else if (v.is_string()) {
    n += static_cast<unsigned char>(v.as_string().empty() ? 0 : v.as_string().front());
  }
  return n;
}

struct Measurement {
  size_t rules = 0;
  double compile_ms = 0;
  double rate = 0;        // events per second
  double candidates = 0;  // rules the index let through, per event
  double matches = 0;     // per event
};

double events_per_second(const rules::RuleSet& set, const Stream& s, const config::Config& config,
                         double seconds);

rules::EvalContext context(const event::Event& ev, const config::Config& config, const Stream& s) {
  return rules::EvalContext{ev, config.find_checkpoint(ev.checkpoint), s.lists.get(),
                            config.timezone_offset_minutes};
}

// Rules tested and matches per event, counted in an untimed pass.
void count_work(const rules::RuleSet& set, const Stream& s, const config::Config& config,
                Measurement& m) {
  const auto* compiled = dynamic_cast<const rules::CompiledRuleSet*>(&set);
  size_t candidates = 0, matches = 0;
  std::vector<rules::Match> out;
  for (const event::Event& ev : s.events) {
    const rules::EvalContext ctx = context(ev, config, s);
    if (compiled != nullptr) {
      compiled->index().for_each_candidate(ctx, [&](uint32_t) { ++candidates; });
    }
    out.clear();
    set.evaluate(ctx, out);
    matches += out.size();
  }
  const double n = static_cast<double>(s.events.size());
  m.candidates = static_cast<double>(candidates) / n;
  m.matches = static_cast<double>(matches) / n;
}

Result<Measurement> measure(size_t count, const std::string& yaml, const Stream& s,
                            const config::Config& config, double seconds) {
  using Clock = std::chrono::steady_clock;
  Measurement m;
  const auto t0 = Clock::now();
  auto compiled =
      rules::RuleSet::compile({{"bench-" + std::to_string(count) + ".yaml", yaml}}, config);
  m.compile_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!compiled.ok()) return Error{rules::format_diagnostics(compiled.diagnostics)};
  const rules::RuleSet& set = *compiled.rule_set;
  m.rules = set.rules().size();
  count_work(set, s, config, m);  // also the warm-up pass
  m.rate = events_per_second(set, s, config, seconds);
  return m;
}

// Each chunk counts with its fastest pass: time stolen by other processes on a shared machine
// (a preemption, a cold cache after one) only ever makes a pass slower.
double events_per_second(const rules::RuleSet& set, const Stream& s, const config::Config& config,
                         double seconds) {
  using Clock = std::chrono::steady_clock;
  std::vector<rules::Match> out;
  const size_t chunks = (s.events.size() + kChunk - 1) / kChunk;
  std::vector<double> best(chunks, 1e30);
  double elapsed = 0;
  for (int pass = 0; pass < kMinPasses || elapsed < seconds; ++pass) {
    for (size_t c = 0; c < chunks; ++c) {
      const size_t first = c * kChunk, end = std::min(first + kChunk, s.events.size());
      for (size_t i = first; i < end; ++i) touched = touched + touch(s.events[i].body);
      const auto start = Clock::now();
      for (size_t i = first; i < end; ++i) {
        out.clear();
        set.evaluate(context(s.events[i], config, s), out);
      }
      const double t = std::chrono::duration<double>(Clock::now() - start).count();
      best[c] = std::min(best[c], t);
      elapsed += t;
    }
  }
  double total = 0;
  for (double t : best) total += t;
  return static_cast<double>(s.events.size()) / total;
}

void print_report(std::ostream& out, const RulesOptions& o, const Stream& s,
                  const std::vector<Measurement>& ms) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "bwbench rules: %s generated crossings (%s injected cases), one thread, each set "
                "evaluated for at least %.1f s (best pass per chunk of %zu events)\n",
                thousands(static_cast<double>(s.events.size())).c_str(),
                thousands(static_cast<double>(s.injected)).c_str(), o.seconds, kChunk);
  out << buf;
  std::snprintf(buf, sizeof buf, "  %7s %11s %12s %10s %13s %14s\n", "rules", "compile ms",
                "events/s", "us/event", "tested/event", "matches/event");
  out << buf;
  for (const Measurement& m : ms) {
    std::snprintf(buf, sizeof buf, "  %7s %11.1f %12s %10.2f %13.1f %14.3f\n",
                  thousands(static_cast<double>(m.rules)).c_str(), m.compile_ms,
                  thousands(m.rate).c_str(), 1e6 / m.rate, m.candidates, m.matches);
    out << buf;
  }
  if (ms.size() >= 2 && ms.front().rate > 0) {
    const double ratio = 100.0 * ms.back().rate / ms.front().rate;
    std::snprintf(buf, sizeof buf,
                  "  %s rules / %s rules: %.1f %% of the throughput (target >= 50 %%: %s)\n",
                  thousands(static_cast<double>(ms.back().rules)).c_str(),
                  thousands(static_cast<double>(ms.front().rules)).c_str(), ratio,
                  ratio >= 50 ? "met" : "NOT met");
    out << buf;
  }
}

int run_rules(const RulesOptions& o) {
  if (auto st = setup_logging("warn", "text"); !st) std::cerr << st.error().message << "\n";
  auto config = config::load_file(o.config_path);
  if (!config) {
    std::cerr << "bwbench: " << config.error().message << "\n";
    return 2;
  }
  std::cerr << "bwbench: generating " << o.events << " crossings...\n";
  auto stream = make_stream(*config, o);
  if (!stream) {
    std::cerr << "bwbench: " << stream.error().message << "\n";
    return 2;
  }
  const RuleCorpus corpus = corpus_of(stream->events);
  std::vector<Measurement> ms;
  for (size_t count : o.counts) {
    const std::string yaml = generate_rules(count, o.seed, corpus);
    if (!o.save_rules.empty()) {
      std::filesystem::create_directories(o.save_rules);
      std::ofstream(o.save_rules + "/bench-" + std::to_string(count) + ".yaml") << yaml;
    }
    std::cerr << "bwbench: " << count << " rules...\n";
    auto m = measure(count, yaml, *stream, *config, o.seconds);
    if (!m) {
      std::cerr << "bwbench: generated rules do not compile:\n" << m.error().message;
      return 1;
    }
    ms.push_back(*m);
  }
  print_report(std::cout, o, *stream, ms);
  return 0;
}

}  // namespace

void add_rules_command(CLI::App& app, RunFn& run) {
  auto o = std::make_shared<RulesOptions>();
  CLI::App* sub = app.add_subcommand(
      "rules", "rule evaluation events/s with 10, 100 and 1,000 generated rules, one event stream");
  sub->add_option("--events", o->events, "distinct crossings in the stream")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--seconds", o->seconds, "minimum measuring time per rule count")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--counts", o->counts, "rule counts to measure (the ratio is last / first)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--inject-rate", o->inject_rate, "share of crossings with a known case")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--seed", o->seed, "seed of the crossings and the rules")->capture_default_str();
  sub->add_option("--config", o->config_path, "configuration (checkpoints)")->capture_default_str();
  sub->add_option("--save-rules", o->save_rules,
                  "write the generated rule files (bench-<count>.yaml) to this directory");
  sub->callback([o, &run] { run = [o] { return run_rules(*o); }; });
}

}  // namespace bw::bench
