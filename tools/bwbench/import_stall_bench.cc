// bwbench import-stall: does ingest stall while a large watchlist is imported? An in-process
// daemon takes events at a steady rate from one DEALER while lists of a million entries are
// uploaded through the control endpoint the way bwctl does (begin, 8 MiB chunks, commit).
// Acknowledgements are grouped by phase (before, during and after each import): latency
// percentiles by send time, and the longest silence between two consecutive acks.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench.h"
#include "bench_daemon.h"
#include "config/loader.h"
#include "control/control_client.h"
#include "control/watchlist_versions.h"
#include "server/daemon.h"
#include "sim/crossing_generator.h"
#include "sim/latency.h"
#include "sim/person_generator.h"
#include "sim/push_client.h"
#include "sim/watchlist_data.h"
#include "util/log.h"

namespace bw::bench {

namespace {

using namespace std::chrono_literals;

struct StallOptions {
  size_t entries = 1'000'000;
  std::vector<std::string> kinds = {"documents", "persons"};
  size_t rounds = 2;   // the second replaces a list of the same size
  double rate = 2000;  // events per second offered
  size_t window = 1000;
  double settle_seconds = 3;  // before the first import, and after each
  size_t chunk_mib = 8;       // bwctl's upload chunk
  uint64_t seed = 1;
  std::string config_path = "config/borderwatch.yaml";
  std::string rules_dir = "rules";
};

struct ListToImport {
  std::string kind, name, format, text;
};

// Generated before the clock starts. Persons go as CSV in the importer's columns.
Result<ListToImport> make_list(const std::string& kind, const StallOptions& o) {
  if (kind == "documents") {
    const auto docs = sim::make_listed_documents(o.seed, o.entries);
    return ListToImport{kind, "lost_stolen_documents", "csv",
                        sim::documents_csv(docs, "reported lost or stolen (simulated)")};
  }
  if (kind != "persons") return Error{"--kinds takes documents and persons (got " + kind + ")"};
  watchlist::ImportResult list;
  list.kind = watchlist::Kind::kPersons;
  sim::PersonGenerator gen(o.seed);
  list.persons.reserve(o.entries);
  for (size_t i = 0; i < o.entries; ++i) {
    list.persons.push_back(gen.person());
    list.persons.back().id = "P" + std::to_string(i);
  }
  auto csv = control::export_entries(list, "csv");
  if (!csv) return csv.error();
  return ListToImport{kind, "wanted_persons", "csv", std::move(*csv)};
}

struct Ack {
  int64_t sent_ns, answered_ns;
};

// Offers events at `rate` from its own thread until stop(); records every acknowledgement.
class SteadyPusher {
 public:
  SteadyPusher(transport::Context& context, const std::string& endpoint, sim::CrossingGenerator gen,
               EventClock& clock, const StallOptions& o)
      : gen_(std::move(gen)),
        clock_(clock),
        thread_([this, &context, endpoint, o] { run(context, endpoint, o); }) {}
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  ~SteadyPusher() { stop(); }
  // After stop(): acks in the order they arrived.
  const std::vector<Ack>& acks() const { return acks_; }
  const sim::PushCounters& counters() const { return counters_; }
  const std::string& error() const { return error_; }

 private:
  void run(transport::Context& context, const std::string& endpoint, const StallOptions& o) {
    sim::PushOptions po{.endpoint = endpoint, .window = o.window, .reply_timeout = 60s};
    po.on_outcome = [this](const sim::EventOutcome& e) {
      if (e.answered_ns != 0) acks_.push_back({e.first_sent_ns, e.answered_ns});
    };
    auto client = sim::PushClient::connect(context, std::move(po));
    if (!client) {
      error_ = client.error().message;
      return;
    }
    sim::PushClient& c = **client;
    const double interval_ns = 1e9 / o.rate;
    const int64_t t0 = now_ns();
    for (uint64_t i = 0; !stop_.load(); ++i) {
      const int64_t due = t0 + static_cast<int64_t>(static_cast<double>(i) * interval_ns);
      for (int64_t now = now_ns(); now < due; now = now_ns()) {
        c.pump(std::chrono::milliseconds((due - now) / 1'000'000));
      }
      while (!c.has_room() && !stop_.load()) c.wait_for_room(100ms);
      std::string json = gen_.next_json();
      clock_.advance_to(gen_.clock());
      c.submit(gen_.last_event_id(), std::move(json));
    }
    c.drain(60s);
    c.abandon();
    counters_ = c.counters();
  }

  sim::CrossingGenerator gen_;
  EventClock& clock_;
  std::atomic<bool> stop_{false};
  std::vector<Ack> acks_;
  sim::PushCounters counters_;
  std::string error_;
  std::thread thread_;  // last: starts after the members it uses exist
};

// bwctl's staged upload (tools/bwctl/import_upload.cc), timed: upload, then commit.
Status upload(control::ControlClient& client, const ListToImport& list, size_t chunk_bytes,
              double& upload_s, double& commit_s) {
  const int64_t t0 = now_ns();
  const auto send = [&](json::Value req) -> Result<json::Value> {
    req.set("by", "bwbench");
    auto reply = client.request(req);
    if (!reply) return reply;
    if (reply->find("ok") == nullptr || !reply->find("ok")->as_bool())
      return Error{req.string_or("cmd") + ": " + reply->string_or("error")};
    return reply;
  };
  json::Value begin;
  begin.set("cmd", "watchlist.upload.begin");
  begin.set("name", list.name);
  begin.set("format", list.format);
  begin.set("skip_bad", false);
  auto started = send(begin);
  if (!started) return started.error();
  uint64_t seq = 0;
  for (size_t pos = 0; pos < list.text.size(); ++seq) {
    size_t end = std::min(list.text.size(), pos + chunk_bytes);
    if (end < list.text.size()) end = list.text.rfind('\n', end - 1) + 1;
    json::Value chunk;
    chunk.set("cmd", "watchlist.upload.chunk");
    chunk.set("session", started->string_or("session"));
    chunk.set("seq", seq);
    chunk.set("text", list.text.substr(pos, end - pos));
    if (auto r = send(chunk); !r) return r.error();
    pos = end;
  }
  const int64_t t1 = now_ns();
  json::Value commit;
  commit.set("cmd", "watchlist.upload.commit");
  commit.set("session", started->string_or("session"));
  auto done = send(commit);
  if (!done) return done.error();
  if (done->number_or("imported", 0) < 1) return Error{"commit imported nothing"};
  upload_s = static_cast<double>(t1 - t0) / 1e9;
  commit_s = static_cast<double>(now_ns() - t1) / 1e9;
  return ok_status();
}

struct Phase {
  std::string name;
  int64_t start_ns = 0, end_ns = 0;
  double upload_s = -1, commit_s = -1;  // import phases only
  double store_commit_ms = 0;           // the daemon's average synced event write
};

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

void print_report(const std::vector<Phase>& phases, const std::vector<Ack>& acks,
                  const StallOptions& o) {
  std::printf("offered %.0f events/s, window %zu; %zu-entry lists\n\n", o.rate, o.window,
              o.entries);
  std::printf("%-20s %8s %8s %9s %9s %9s %10s %9s %8s %8s\n", "phase", "seconds", "acks", "p50 ms",
              "p99 ms", "max ms", "max gap ms", "write ms", "upload s", "commit s");
  for (const auto& p : phases) {
    sim::LatencyHistogram lat;
    int64_t gap = 0;
    for (size_t i = 0; i < acks.size(); ++i) {
      if (acks[i].sent_ns >= p.start_ns && acks[i].sent_ns < p.end_ns)
        lat.record(acks[i].answered_ns - acks[i].sent_ns);
      if (i > 0 && acks[i - 1].answered_ns >= p.start_ns && acks[i - 1].answered_ns < p.end_ns)
        gap = std::max(gap, acks[i].answered_ns - acks[i - 1].answered_ns);
    }
    std::printf("%-20s %8.1f %8llu %9.2f %9.2f %9.1f %10.1f %9.2f", p.name.c_str(),
                static_cast<double>(p.end_ns - p.start_ns) / 1e9,
                static_cast<unsigned long long>(lat.count()), lat.percentile(50) / 1e6,
                lat.percentile(99) / 1e6, static_cast<double>(lat.max()) / 1e6,
                static_cast<double>(gap) / 1e6, p.store_commit_ms);
    if (p.upload_s >= 0) std::printf(" %8.1f %8.1f", p.upload_s, p.commit_s);
    std::printf("\n");
  }
}

int run_stall(const StallOptions& o) {
  if (auto s = setup_logging("warn", "text"); !s) std::cerr << s.error().message << "\n";
  auto base = config::load_file(o.config_path);
  if (!base) return std::cerr << "bwbench: " << base.error().message << "\n", 2;
  std::vector<ListToImport> lists;
  for (const auto& kind : o.kinds) {
    std::cerr << "bwbench: generating " << o.entries << " " << kind << "...\n";
    auto list = make_list(kind, o);
    if (!list) return std::cerr << "bwbench: " << list.error().message << "\n", 2;
    std::cerr << "bwbench:   " << (list->text.size() >> 20) << " MiB of " << list->format << "\n";
    lists.push_back(std::move(*list));
  }
  sim::GeneratorOptions g{.seed = o.seed, .start = parse_rfc3339(kBenchMorning)->utc_ms};
  g.events_per_second_simulated = 100;
  g.id_prefix = "stall";
  auto bench = BenchDaemon::start(*base, o.rules_dir, g.start - 600'000);
  if (!bench) return std::cerr << "bwbench: " << bench.error().message << "\n", 1;
  auto gen = sim::CrossingGenerator::create((*bench)->config(), g);
  if (!gen) return std::cerr << "bwbench: " << gen.error().message << "\n", 1;
  server::Daemon& daemon = (*bench)->daemon();
  std::cerr << "bwbench: load average before: " << loadavg() << "\n";
  transport::Context context;
  control::ControlClient control(context, daemon.control_endpoint(), 600s);
  std::vector<Phase> phases;
  const auto& stats = daemon.state().stats;
  uint64_t batches = 0, micros = 0;
  const auto commit_ms = [&] {  // since the previous call
    const uint64_t b = stats.batches.load() - batches, us = stats.commit_micros.load() - micros;
    batches += b;
    micros += us;
    return b > 0 ? static_cast<double>(us) / 1000.0 / static_cast<double>(b) : 0.0;
  };
  const auto settle = [&](const std::string& name) {
    commit_ms();
    phases.push_back({name, now_ns()});
    std::this_thread::sleep_for(std::chrono::duration<double>(o.settle_seconds));
    phases.back().end_ns = now_ns();
    phases.back().store_commit_ms = commit_ms();
  };
  int rc = 0;
  {
    SteadyPusher pusher(context, daemon.ingest_endpoint(), std::move(*gen), (*bench)->clock(), o);
    settle("before");
    for (size_t round = 1; round <= o.rounds && rc == 0; ++round) {
      for (const auto& list : lists) {
        const std::string tag = list.kind + " #" + std::to_string(round);
        std::cerr << "bwbench: importing " << tag << " as " << list.name << "...\n";
        commit_ms();
        Phase p{"import " + tag, now_ns()};
        auto s = upload(control, list, o.chunk_mib << 20, p.upload_s, p.commit_s);
        p.end_ns = now_ns();
        p.store_commit_ms = commit_ms();
        phases.push_back(p);
        if (!s) {
          std::cerr << "bwbench: " << s.error().message << "\n";
          rc = 1;
          break;
        }
        settle("after " + tag);
      }
    }
    pusher.stop();
    if (!pusher.error().empty()) std::cerr << "bwbench: " << pusher.error() << "\n", rc = 1;
    const auto& k = pusher.counters();
    if (k.rejected + k.unanswered > 0) rc = 1;
    std::cerr << "bwbench: load average after: " << loadavg() << "; " << k.accepted << " accepted, "
              << k.rejected << " rejected, " << k.unanswered << " unanswered, " << k.resends
              << " resent\n";
    print_report(phases, pusher.acks(), o);
  }
  (*bench)->stop();
  return rc;
}

}  // namespace

void add_import_stall_command(CLI::App& app, RunFn& run) {
  auto o = std::make_shared<StallOptions>();
  CLI::App* sub = app.add_subcommand(
      "import-stall",
      "ack latency and the longest ack gap of steady ingest before, during and after large "
      "watchlist imports (staged uploads through the control endpoint)");
  sub->add_option("--entries", o->entries, "entries per list")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--kinds", o->kinds, "lists to import, in order (documents, persons)")
      ->capture_default_str();
  sub->add_option("--rounds", o->rounds, "imports of each list (later rounds replace the list)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--rate", o->rate, "events per second offered")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--window", o->window, "events in flight at most")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--settle", o->settle_seconds, "seconds measured before and after each import")
      ->capture_default_str();
  sub->add_option("--chunk-mib", o->chunk_mib, "upload chunk size")->capture_default_str();
  sub->add_option("--seed", o->seed, "generator seed")->capture_default_str();
  sub->add_option("--config", o->config_path, "configuration (checkpoints)")->capture_default_str();
  sub->add_option("--rules", o->rules_dir, "rules directory")->capture_default_str();
  sub->callback([o, &run] { run = [o] { return run_stall(*o); }; });
}

}  // namespace bw::bench
