// bwbench ingest: options, workload generation and the order of the measurements.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "bench.h"
#include "bench_daemon.h"
#include "config/loader.h"
#include "ingest.h"
#include "sim/crossing_generator.h"
#include "sim/watchlist_data.h"
#include "util/log.h"

namespace bw::bench {

namespace {

constexpr std::string_view kPadOpen = ",\"attributes\":{\"pad\":\"";
constexpr std::string_view kPadClose = "\"}}";

// Grows an event to `size` bytes with a free-form attribute (rules ignore it).
void pad_to(std::string& json, size_t size) {
  const size_t overhead = kPadOpen.size() + kPadClose.size() - 1;  // the object's '}' is reused
  if (json.size() + overhead >= size) return;
  json.pop_back();
  json += kPadOpen;
  json.append(size - json.size() - kPadClose.size(), 'x');
  json += kPadClose;
}

// A rule directory holding one rule that never matches, so the daemon runs its whole durable
// path with no rule work: the ceiling the rules are measured against.
constexpr std::string_view kNeverRule = R"(- rule: never_matches
  desc: bwbench ingest --ceiling; no event has this id
  condition: event_id = "bwbench-ceiling-no-such-event"
  output: "never"
  priority: info
)";

// The daemon over a copy of `w` with only kNeverRule loaded.
Result<DaemonResult> run_ceiling(const config::Config& config, const IngestOptions& o,
                                 const Workload& w) {
  auto dir = make_temp_dir();
  if (!dir) return dir.error();
  TempDir rules{*dir};
  const auto file = std::filesystem::path(rules.path) / "never.yaml";
  if (!(std::ofstream(file) << kNeverRule)) return Error{"cannot write " + file.string()};
  IngestOptions bare = o;
  bare.rules_dir = rules.path;
  bare.keep_state = false;
  Workload copy = w;  // the run consumes its events
  return run_daemon_ingest(config, bare, copy);
}

int run_ingest(const IngestOptions& o) {
  if (auto s = setup_logging("warn", "text"); !s) std::cerr << s.error().message << "\n";
  auto config = config::load_file(o.config_path);
  if (!config) {
    std::cerr << "bwbench: " << config.error().message << "\n";
    return 2;
  }
  std::cerr << "bwbench: generating " << o.events << " events and a watchlist of "
            << o.watchlist_size << " documents...\n";
  auto workload = make_workload(*config, o);
  if (!workload) {
    std::cerr << "bwbench: " << workload.error().message << "\n";
    return 2;
  }
  RawResult raw;
  if (!o.skip_raw) {
    const size_t size = o.size > 0 ? o.size : static_cast<size_t>(workload->avg_bytes + 0.5);
    std::cerr << "bwbench: raw DEALER->ROUTER, " << o.events << " messages of " << size
              << " bytes...\n";
    auto r = run_raw_ack(o.events, size, o.window);
    if (!r) {
      std::cerr << "bwbench: " << r.error().message << "\n";
      return 1;
    }
    raw = std::move(*r);
  }
  RawResult client;
  if (!o.skip_raw) {
    std::cerr << "bwbench: PushClient against an echo ROUTER...\n";
    auto r = run_client_ack(workload->ids, workload->events, o.window);
    if (!r) {
      std::cerr << "bwbench: " << r.error().message << "\n";
      return 1;
    }
    client = std::move(*r);
  }
  std::optional<DaemonResult> ceiling;
  if (o.ceiling) {
    std::cerr << "bwbench: in-process daemon without rules...\n";
    auto c = run_ceiling(*config, o, *workload);
    if (!c) {
      std::cerr << "bwbench: " << c.error().message << "\n";
      return 1;
    }
    ceiling = std::move(*c);
  }
  std::cerr << "bwbench: in-process daemon...\n";
  auto daemon = run_daemon_ingest(*config, o, *workload);
  if (!daemon) {
    std::cerr << "bwbench: " << daemon.error().message << "\n";
    return 1;
  }
  print_ingest_report(std::cout, o, *workload, o.skip_raw ? nullptr : &raw,
                      o.skip_raw ? nullptr : &client, *daemon, ceiling ? &*ceiling : nullptr);
  const auto failed = [](const DaemonResult& d) { return d.rejected > 0 || d.unanswered > 0; };
  return failed(*daemon) || (ceiling && failed(*ceiling)) ? 1 : 0;
}

}  // namespace

Result<Workload> make_workload(const config::Config& config, const IngestOptions& o) {
  Workload w;
  const auto docs = sim::make_listed_documents(o.seed ^ 0x9e3779b97f4a7c15ull, o.watchlist_size);
  w.watchlist_csv = sim::documents_csv(docs, "reported lost or stolen (simulated)");
  w.watchlist_entries = docs.size();
  sim::GeneratorOptions g;
  g.seed = o.seed;
  g.start = parse_rfc3339(kBenchMorning)->utc_ms;
  w.start_ms = g.start;
  g.events_per_second_simulated = 100;  // a busy simulated morning; stays within hours
  g.id_prefix = "bench" + std::to_string(o.seed);
  if (!docs.empty() && o.inject_rate > 0) {
    g.stolen_documents = sim::document_numbers(docs);
    g.inject_kinds = {sim::Injection::kStolenDocument};
    g.inject_rate = o.inject_rate;
  }
  auto gen = sim::CrossingGenerator::create(config, std::move(g));
  if (!gen) return gen.error();
  generate_into(w, *gen, o.events, o.size);
  return w;
}

void generate_into(Workload& w, sim::CrossingGenerator& gen, size_t events, size_t size) {
  w.ids.reserve(events);
  w.events.reserve(events);
  w.injected.reserve(events);
  w.times.reserve(events);
  double total = 0;
  for (size_t i = 0; i < events; ++i) {
    std::string json = gen.next_json();
    pad_to(json, size);
    total += static_cast<double>(json.size());
    w.min_bytes = i == 0 ? json.size() : std::min(w.min_bytes, json.size());
    w.max_bytes = std::max(w.max_bytes, json.size());
    w.ids.push_back(gen.last_event_id());
    w.events.push_back(std::move(json));
    w.injected.push_back(gen.last_was_injected());
    w.times.push_back(gen.clock());
  }
  w.injected_count = gen.stats().injected;
  w.avg_bytes = events > 0 ? total / static_cast<double>(events) : 0;
}

void add_ingest_command(CLI::App& app, RunFn& run) {
  auto o = std::make_shared<IngestOptions>();
  CLI::App* sub = app.add_subcommand(
      "ingest",
      "acknowledged events/s and latency: raw DEALER->ROUTER vs the in-process daemon (rules, "
      "a watchlist, group commit)");
  sub->add_option("--events", o->events, "events to push")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--size", o->size,
                  "message size in bytes (default: the generated events' average; larger pads "
                  "the events too)");
  sub->add_option("--window", o->window, "events in flight")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--watchlist-size", o->watchlist_size, "listed documents")->capture_default_str();
  sub->add_option("--watchlist-name", o->watchlist_name, "name the rules look the list up by")
      ->capture_default_str();
  sub->add_option("--inject-rate", o->inject_rate, "share of events on a listed document")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--seed", o->seed, "generator seed")->capture_default_str();
  sub->add_option("--config", o->config_path, "configuration (checkpoints)")->capture_default_str();
  sub->add_option("--rules", o->rules_dir, "rules directory")->capture_default_str();
  sub->add_flag("--keep-state", o->keep_state, "keep the daemon's temporary state directory");
  sub->add_flag("--skip-raw", o->skip_raw, "measure the daemon only (no transport rows)");
  sub->add_flag("--ceiling", o->ceiling,
                "also run the daemon with one never-matching rule: the durable path's own rate");
  sub->callback([o, &run] { run = [o] { return run_ingest(*o); }; });
}

}  // namespace bw::bench
