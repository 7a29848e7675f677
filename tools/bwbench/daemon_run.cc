// bwbench ingest, part (b): an in-process daemon fed by a PushClient, with a subscriber
// timing each alert against the send time of the event that raised it.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "bench_daemon.h"
#include "ingest.h"
#include "json/parse.h"
#include "server/daemon.h"
#include "sim/control_client.h"
#include "sim/crossing_generator.h"
#include "sim/push_client.h"

namespace bw::bench {

namespace {

using namespace std::chrono_literals;

// Receives alerts on its own thread (a socket belongs to one thread) and keeps, per alert,
// the event id and when it arrived.
class AlertListener {
 public:
  AlertListener(transport::Context& context, const std::string& endpoint)
      : thread_([this, &context, endpoint] { run(context, endpoint); }) {
    ready_.get_future().wait();
  }
  ~AlertListener() {
    stop_ = true;
    thread_.join();
  }

  uint64_t count() const { return count_.load(); }
  struct Received {
    std::string event_id, rule;
    int64_t at_ns = 0;
  };
  std::vector<Received> take() {
    std::lock_guard lock(mu_);
    return std::exchange(received_, {});
  }

 private:
  void run(transport::Context& context, const std::string& endpoint) {
    // SUB drops at its HWM like PUB: room for every alert of a run.
    transport::Socket sub(context, transport::SocketType::kSub,
                          {.linger_ms = 0,
                           .recv_hwm = 1'000'000,
                           // a repeat folded into an open alert (noise control) is alerted too
                           .subscriptions = {"alert.", "update.folded."}});
    const bool connected = sub.connect(endpoint).ok();
    ready_.set_value();
    json::JsonParser parser;
    while (connected && !stop_.load()) {
      if (!transport::poll_readable({&sub}, 50ms)[0]) continue;
      while (auto frames = sub.recv(/*dont_wait=*/true)) {
        const int64_t at = now_ns();
        if (frames->size() != 2) continue;
        auto alert = parser.parse((*frames)[1]);
        if (!alert) continue;
        std::lock_guard lock(mu_);
        received_.push_back({alert->string_or("event_id"), alert->string_or("rule"), at});
        ++count_;
      }
    }
  }

  std::promise<void> ready_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> count_{0};
  std::mutex mu_;
  std::vector<Received> received_;
  std::thread thread_;  // last: starts after the members it uses exist
};

// Until the count stops moving for `quiet`, at most `max_wait`.
void wait_until_quiet(const AlertListener& alerts, std::chrono::milliseconds quiet,
                      std::chrono::milliseconds max_wait) {
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  uint64_t last = alerts.count();
  auto last_change = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(
        20ms);  // polling a counter another thread owns: no event to wait on
    const uint64_t now = alerts.count();
    if (now != last) {
      last = now;
      last_change = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - last_change >= quiet) {
      return;
    }
  }
}

// Warm-up: connections, caches and the subscription (a SUB misses what is published before
// its subscription reaches the PUB). Events on listed documents, until one alert comes back.
Status warm_up(transport::Context& context, const std::string& endpoint,
               const config::Config& config, const IngestOptions& o, const Workload& w,
               AlertListener& alerts, EventClock& clock, DaemonResult& result) {
  sim::GeneratorOptions g;
  g.seed = o.seed + 1;
  g.start = w.start_ms - 600'000;  // before the measured events, so those arrive in order
  g.events_per_second_simulated = 100;
  // Warm-up events must stay before the measured ones: a generator that skipped to the next
  // opening time could run ahead of them, and the stateful rules would then take the first
  // measured hours as late events (bwbench temporal starts at midnight).
  g.follow_opening_hours = false;
  g.id_prefix = "warmup";
  std::vector<std::string> listed;
  for (size_t i = 0; i < w.ids.size() && listed.size() < 1; ++i) {
    if (!w.injected[i]) continue;
    auto ev = json::parse(w.events[i]);
    if (const auto* n = ev ? ev->find_path("traveller.document.number") : nullptr) {
      listed.push_back(n->as_string());
    }
  }
  if (!listed.empty()) {
    g.stolen_documents = listed;
    g.inject_kinds = {sim::Injection::kStolenDocument};
    g.inject_rate = 0.05;
  }
  auto gen = sim::CrossingGenerator::create(config, std::move(g));
  if (!gen) return gen.error();
  auto client = sim::PushClient::connect(context, {.endpoint = endpoint, .window = o.window});
  if (!client) return client.error();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  for (int i = 0; i < 5000 && std::chrono::steady_clock::now() < deadline; ++i) {
    if (!(*client)->wait_for_room(5s)) break;
    std::string json = gen->next_json();
    clock.advance_to(gen->clock());
    (*client)->submit(gen->last_event_id(), std::move(json));
    if (i >= 2000 && alerts.count() > 0) break;
  }
  (*client)->drain(10s);
  wait_until_quiet(alerts, 300ms, alerts.count() > 0 ? 1000ms : 2000ms);
  if (alerts.count() == 0) {
    result.notes.push_back("no alert during warm-up: do the rules use the watchlist \"" +
                           o.watchlist_name + "\"? alert latency may miss early alerts");
  }
  alerts.take();
  return ok_status();
}

struct Measured {
  std::unordered_map<std::string, int64_t> sent_ns;
  int64_t first_send = 0, last_answer = 0;
};

Status push_all(transport::Context& context, const std::string& endpoint, const IngestOptions& o,
                Workload& w, EventClock& clock, DaemonResult& result, Measured& m) {
  m.sent_ns.reserve(w.ids.size());
  sim::PushOptions po{.endpoint = endpoint, .window = o.window, .reply_timeout = 10s};
  po.on_outcome = [&m](const sim::EventOutcome& e) {
    m.sent_ns.emplace(e.event_id, e.first_sent_ns);
    m.last_answer = std::max(m.last_answer, e.answered_ns);
  };
  auto client = sim::PushClient::connect(context, std::move(po));
  if (!client) return client.error();
  sim::PushClient& c = **client;
  m.first_send = now_ns();
  for (size_t i = 0; i < w.ids.size(); ++i) {
    if (!c.wait_for_room(30s)) return Error{"daemon: no acknowledgement for 30 s"};
    clock.advance_to(w.times[i]);
    c.submit(w.ids[i], std::move(w.events[i]));
  }
  if (!c.drain(60s)) result.notes.push_back("some events were still unanswered after 60 s");
  c.abandon();
  const auto& k = c.counters();
  result.events = k.acknowledged();
  result.accepted = k.accepted;
  result.duplicate = k.duplicate;
  result.rejected = k.rejected;
  result.unanswered = k.unanswered;
  result.resends = k.resends;
  result.ack = c.ack_latency();
  result.seconds = static_cast<double>(m.last_answer - m.first_send) / 1e9;
  if (k.rejected > 0) result.notes.push_back("rejected: " + c.last_error());
  return ok_status();
}

void match_alerts(const std::vector<AlertListener::Received>& received, const Workload& w,
                  const Measured& m, DaemonResult& result) {
  std::unordered_set<std::string_view> injected;
  for (size_t i = 0; i < w.ids.size(); ++i) {
    if (w.injected[i]) injected.insert(w.ids[i]);
  }
  std::unordered_set<std::string_view> alerted;
  std::unordered_map<std::string, uint64_t> by_rule;
  for (const auto& r : received) {
    auto it = m.sent_ns.find(r.event_id);
    if (it == m.sent_ns.end()) continue;
    ++result.alerts;
    ++by_rule[r.rule];
    result.alert.record(r.at_ns - it->second);
    if (injected.count(r.event_id) != 0) alerted.insert(it->first);
  }
  result.injected_alerted = alerted.size();
  result.alerts_by_rule.assign(by_rule.begin(), by_rule.end());
  std::sort(result.alerts_by_rule.begin(), result.alerts_by_rule.end(),
            [](const auto& a, const auto& b) {
              return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
}

}  // namespace

TempDir::~TempDir() {
  std::error_code ec;
  if (!path.empty() && !keep) std::filesystem::remove_all(path, ec);
}

Result<std::string> make_temp_dir() {
  std::error_code ec;
  const auto tmp = std::filesystem::temp_directory_path(ec);
  if (ec) return Error{"no temporary directory: " + ec.message()};
  std::string tmpl = (tmp / "bwbench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return Error{"cannot create a temporary directory"};
  return tmpl;
}

config::Config bench_daemon_config(const config::Config& base, const std::string& state_dir,
                                   const std::string& rules_dir) {
  config::Config cfg = base;
  cfg.state_dir = state_dir;
  cfg.rules_dir = std::filesystem::absolute(rules_dir).string();
  cfg.ingest.endpoint = cfg.alerts.endpoint = cfg.control.endpoint = transport::any_loopback_port();
  cfg.alerts.escalate_after = {};
  for (auto& cp : cfg.checkpoints) cp.escalate_after.fill(-1);
  return cfg;
}

Result<std::unique_ptr<BenchDaemon>> BenchDaemon::start(const config::Config& base,
                                                        const std::string& rules_dir,
                                                        EpochMs clock_start, bool keep_state) {
  auto dir = make_temp_dir();
  if (!dir) return dir.error();
  std::unique_ptr<BenchDaemon> bench(new BenchDaemon(*dir, keep_state, clock_start));
  bench->config_ = bench_daemon_config(base, bench->state_.path, rules_dir);
  auto daemon =
      server::Daemon::create({bench->config_, bench->clock_.clock(), /*load_rules_dir=*/true});
  if (!daemon) return daemon.error();
  bench->daemon_ = std::move(*daemon);
  bench->daemon_->start();
  return bench;
}

Result<DaemonResult> run_daemon_ingest(const config::Config& base, const IngestOptions& o,
                                       Workload& w) {
  auto bench = BenchDaemon::start(base, o.rules_dir, w.start_ms - 600'000, o.keep_state);
  if (!bench) return bench.error();
  server::Daemon& d = (*bench)->daemon();
  const config::Config& cfg = (*bench)->config();
  EventClock& clock = (*bench)->clock();
  DaemonResult result;
  if (auto active = d.state().rules.get(); active && active->rules) {
    result.rules = active->rules->rules().size();
  }
  if (result.rules == 0) result.notes.push_back("no rules loaded from " + cfg.rules_dir);
  if (o.keep_state) result.notes.push_back("state kept in " + (*bench)->state_dir());
  transport::Context context;
  const int64_t t_import = now_ns();
  auto imported = sim::import_watchlist(context, d.control_endpoint(), o.watchlist_name,
                                        w.watchlist_csv, "bwbench");
  if (!imported) return imported.error();
  result.import_seconds = static_cast<double>(now_ns() - t_import) / 1e9;
  Measured m;
  {
    AlertListener alerts(context, d.alerts_endpoint());
    if (auto s = warm_up(context, d.ingest_endpoint(), cfg, o, w, alerts, clock, result); !s)
      return s.error();
    const uint64_t batches_before = d.state().stats.batches.load();
    const uint64_t micros_before = d.state().stats.commit_micros.load();
    if (auto s = push_all(context, d.ingest_endpoint(), o, w, clock, result, m); !s)
      return s.error();
    result.batches = d.state().stats.batches.load() - batches_before;
    if (result.batches > 0) {
      result.commit_ms = static_cast<double>(d.state().stats.commit_micros.load() - micros_before) /
                         1000.0 / static_cast<double>(result.batches);
    }
    wait_until_quiet(alerts, 300ms, 5000ms);
    match_alerts(alerts.take(), w, m, result);
  }
  (*bench)->stop();
  return result;
}

}  // namespace bw::bench
