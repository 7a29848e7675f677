#include "sim/simulator.h"

#include "auth/client_keys.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "config/loader.h"
#include "sim/crossing_generator.h"
#include "sim/push_client.h"
#include "sim/watchlist_data.h"
#include "util/clock.h"

namespace bw::sim {

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto kMaxWait = std::chrono::milliseconds(100);  // how often interrupts are seen

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

Result<GeneratorOptions> generator_options(const SimulatorOptions& o) {
  GeneratorOptions g;
  g.seed = o.seed;
  g.events_per_second_simulated = o.sim_rate > 0 ? o.sim_rate : (o.rate > 0 ? o.rate : 0.2);
  g.follow_opening_hours = !o.ignore_hours;
  g.id_prefix = o.id_prefix;
  g.start = system_now();
  if (!o.start.empty()) {
    auto t = parse_rfc3339(o.start);
    if (!t) return Error{"--start: not RFC 3339 with an offset (got \"" + o.start + "\")"};
    g.start = t->utc_ms;
  }
  if (!o.inject_documents.empty()) {
    auto docs = load_list_values(o.inject_documents, watchlist::Kind::kDocuments);
    if (!docs) return docs.error();
    g.stolen_documents = std::move(*docs);
  }
  if (!o.inject_plates.empty()) {
    auto plates = load_list_values(o.inject_plates, watchlist::Kind::kVehicles);
    if (!plates) return plates.error();
    g.watched_plates = std::move(*plates);
  }
  for (const auto& name : o.inject_kinds) {
    Injection k;
    if (!parse_injection(name, k)) return Error{"unknown injection kind \"" + name + "\""};
    g.inject_kinds.push_back(k);
  }
  g.inject_rate = o.inject_rate;
  if (o.inject_count > 0) {
    if (o.count == 0) return Error{"--inject-count needs --count (it spreads over those events)"};
    g.inject_count = o.inject_count;
    g.inject_within = o.count;
  }
  return g;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string kinds_text(const CrossingGenerator& gen) {
  std::string s;
  for (auto k : gen.inject_kinds()) s += (s.empty() ? "" : ", ") + std::string(to_string(k));
  return s;
}

std::string shown(const LatencyHistogram& h, double p) {
  return h.count() > 0 ? format_duration_ns(h.percentile(p)) : "-";
}

std::string progress_line(double elapsed, const PushClient& client, const CrossingGenerator& gen) {
  const auto& c = client.counters();
  const auto& lat = client.ack_latency();
  char buf[320];
  std::snprintf(
      buf, sizeof buf,
      "%7.1f s  sent %llu (%.1f/s)  accepted %llu  duplicate %llu  rejected %llu  "
      "retry %llu  injected %llu  in flight %zu  ack p50 %s p99 %s",
      elapsed, static_cast<unsigned long long>(c.submitted),
      elapsed > 0 ? c.submitted / elapsed : 0.0, static_cast<unsigned long long>(c.accepted),
      static_cast<unsigned long long>(c.duplicate), static_cast<unsigned long long>(c.rejected),
      static_cast<unsigned long long>(c.retry_replies),
      static_cast<unsigned long long>(gen.stats().injected), client.in_flight(),
      shown(lat, 50).c_str(), shown(lat, 99).c_str());
  return buf;
}

int run_dump(const SimulatorOptions& o, CrossingGenerator& gen, const std::atomic<int>& interrupts,
             std::ostream& out, std::ostream& err) {
  if (o.count == 0) {
    err << "bwsim: --dump needs --count\n";
    return 2;
  }
  std::ofstream file;
  std::ostream* sink = &out;
  if (o.dump_path != "-") {
    file.open(o.dump_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "bwsim: cannot write " << o.dump_path << "\n";
      return 2;
    }
    sink = &file;
  }
  uint64_t written = 0;
  for (; written < o.count && interrupts.load() == 0; ++written) *sink << gen.next_json() << '\n';
  sink->flush();
  if (!*sink) {
    err << "bwsim: write to " << o.dump_path << " failed\n";
    return 1;
  }
  err << "bwsim: wrote " << written << " events (" << gen.stats().injected << " injected) to "
      << (o.dump_path == "-" ? "stdout" : o.dump_path) << "\n";
  return 0;
}

// Stopping by count/duration: every event is resent until acknowledged, within a bound.
// Stopping by signal: no resends, one reply timeout at most; a second signal ends it at once.
void finish(PushClient& client, bool interrupted, const std::atomic<int>& interrupts,
            const SimulatorOptions& o) {
  const auto timeout = std::chrono::milliseconds(o.timeout_ms);
  const auto deadline =
      SteadyClock::now() + (interrupted ? timeout + std::chrono::seconds(1) : 3 * timeout);
  const int seen = interrupts.load();
  while (client.in_flight() > 0 && SteadyClock::now() < deadline) {
    if (interrupts.load() > std::max(seen, 1)) break;  // impatient: a further Ctrl-C
    client.drain(kMaxWait, /*resend=*/!interrupted && interrupts.load() == 0);
  }
  if (client.in_flight() > 0) client.abandon();
}

int run_push(const SimulatorOptions& o, const std::string& endpoint, CrossingGenerator& gen,
             const std::atomic<int>& interrupts, std::ostream& out, std::ostream& err) {
  transport::Context context;
  PushOptions po;
  po.endpoint = endpoint;
  po.window = o.window;
  po.reply_timeout = std::chrono::milliseconds(o.timeout_ms);
  auto keys = auth::load_client_keys(o.server_key, o.key);
  if (!keys) {
    err << "bwsim: " << keys.error().message << "\n";
    return 2;
  }
  po.curve = *keys;
  auto client = PushClient::connect(context, po);
  if (!client) {
    err << "bwsim: " << client.error().message << "\n";
    return 2;
  }
  PushClient& c = **client;
  const auto t0 = SteadyClock::now();
  double next_print = o.print_every_s > 0 ? o.print_every_s : INFINITY;
  uint64_t sent = 0;
  bool interrupted = false;
  while (true) {
    if (interrupts.load() > 0) {
      interrupted = true;
      break;
    }
    const double elapsed = seconds_since(t0);
    if ((o.count > 0 && sent >= o.count) || (o.duration_s > 0 && elapsed >= o.duration_s)) break;
    // Events due by now: the schedule catches up after a stall, the window bounds the burst.
    const double due = o.rate > 0 ? std::floor(elapsed * o.rate) + 1 : INFINITY;
    while (sent < due && (o.count == 0 || sent < o.count) && c.has_room()) {
      std::string json = gen.next_json();
      c.submit(gen.last_event_id(), std::move(json));
      ++sent;
    }
    // Sleep in pump() until the next event is due; while the window is full, until a reply.
    double wait_s = std::min(next_print - elapsed, 0.1);
    if (c.has_room()) wait_s = o.rate > 0 ? std::min(wait_s, sent / o.rate - seconds_since(t0)) : 0;
    c.pump(std::chrono::milliseconds(std::max<int64_t>(0, std::lround(wait_s * 1000))));
    if (seconds_since(t0) >= next_print) {
      out << "bwsim: " << progress_line(seconds_since(t0), c, gen) << std::endl;
      next_print += o.print_every_s;
    }
  }
  if (interrupted) out << "bwsim: stopping: waiting for " << c.in_flight() << " replies\n";
  finish(c, interrupted, interrupts, o);
  const auto& k = c.counters();
  out << "bwsim: done " << progress_line(seconds_since(t0), c, gen) << "\n"
      << "bwsim: resends " << k.resends << " (timeouts " << k.timeouts << ", retry replies "
      << k.retry_replies << "), unanswered " << k.unanswered << ", late replies " << k.late_replies
      << ", parties " << gen.stats().parties << ", same-day returns " << gen.stats().returns
      << "\n";
  if (!c.last_error().empty())
    out << "bwsim: last error from the daemon: " << c.last_error() << "\n";
  return k.rejected > 0 || k.unanswered > 0 ? 1 : 0;
}

}  // namespace

int run_simulator(const SimulatorOptions& o, const std::atomic<int>& interrupts, std::ostream& out,
                  std::ostream& err) {
  auto config = config::load_file(o.config_path);
  if (!config) {
    err << "bwsim: " << config.error().message << "\n";
    return 2;
  }
  if (o.rate < 0 || o.window == 0 || o.timeout_ms <= 0) {
    err << "bwsim: --rate must be >= 0, --window >= 1 and --timeout-ms >= 1\n";
    return 2;
  }
  auto gopts = generator_options(o);
  if (!gopts) {
    err << "bwsim: " << gopts.error().message << "\n";
    return 2;
  }
  auto gen = CrossingGenerator::create(*config, std::move(*gopts));
  if (!gen) {
    err << "bwsim: " << gen.error().message << "\n";
    return 2;
  }
  if (!o.dump_path.empty()) return run_dump(o, *gen, interrupts, out, err);
  const std::string endpoint = o.endpoint.empty() ? config->ingest.endpoint : o.endpoint;
  out << "bwsim: seed " << o.seed << ", " << config->checkpoints.size() << " checkpoints from "
      << o.config_path << ", pushing to " << endpoint << " at "
      << (o.rate > 0 ? number(o.rate) + "/s" : std::string("full speed")) << ", window " << o.window
      << ", injecting "
      << (o.inject_count > 0 ? std::to_string(o.inject_count) + " events"
                             : number(o.inject_rate * 100) + " %")
      << " (" << kinds_text(*gen) << ")" << std::endl;
  return run_push(o, endpoint, *gen, interrupts, out, err);
}

}  // namespace bw::sim
