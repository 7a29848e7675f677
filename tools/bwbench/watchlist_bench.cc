// bwbench watchlist: fuzzy person screening over a generated list (sim/person_generator.h).
//
// Builds a persons list of --entries, then for each mutation type draws --queries queries
// from listed entries (or unlisted people) and screens each through the index, single thread.
// A sample of --exhaustive queries per type is also scored against every entry with the same
// scorer: candidate recall is the share of those exhaustive hits the index found too, and the
// speed-up is exhaustive time over indexed time in the same run, reported twice: against the
// mean of the queries that did not follow an exhaustive scan (the daemon never scans, so its
// caches stay warm), and against the sampled queries themselves, each of which runs right after
// the previous sample's scan has flushed the caches. The first is also reported in thread CPU
// time, the scans measured the same way: on a shared machine a query another process preempts
// is charged that process's whole time slice in wall time (milliseconds, hundreds of queries'
// worth), so a handful of preemptions moves the mean by a third; CPU time counts only the time
// the thread ran. Decision recall: the listed entry is among the hits; precision: hits that are the
// listed entry; false hits per 1,000 unlisted crossings: queries with any hit.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "bench.h"
#include "sim/person_generator.h"
#include "watchlist/person_list.h"

namespace bw::bench {

namespace {

struct Options {
  size_t entries = 1'000'000;
  size_t queries = 500;    // per mutation type
  size_t exhaustive = 20;  // per mutation type
  double threshold = watchlist::kDefaultThreshold;
  uint64_t seed = 1;
  size_t show = 0;  // false hits and candidate misses printed with their breakdown
};

using Clock = std::chrono::steady_clock;
double us_since(Clock::time_point t) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t).count();
}

size_t peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<size_t>(ru.ru_maxrss) / 1024;
}

// Thread CPU time: on a shared machine wall time also counts the time other processes held the
// core, so both are reported.
double cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(std::max<size_t>(1, v.size()));
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// One line a hit: the query, the entry and why it scored what it did.
void show_hit(const char* what, const watchlist::PersonList& list, const watchlist::PersonQuery& q,
              const watchlist::PersonHit& h) {
  const watchlist::PersonEntry& e = list.entries()[h.entry];
  std::printf("  %s: \"%s\" %s %s %s -> \"%s\" %s %s %s score %.3f name %.3f:", what,
              q.name.c_str(), q.birth.to_string().c_str(), q.nationality.c_str(), q.sex.c_str(),
              e.names[h.name].c_str(), e.birth.to_string().c_str(), e.nationality.c_str(),
              e.sex.c_str(), h.score, h.name_score);
  for (const auto& a : h.adjustments) std::printf(" [%s %+.3f]", a.what.c_str(), a.delta);
  std::printf("\n");
}

struct TypeResult {
  size_t queries = 0, found = 0, hits = 0, true_hits = 0, with_hit = 0;
  size_t exhaustive_hits = 0, exhaustive_found = 0;
  double exhaustive_us = 0;
  size_t exhaustive_queries = 0;
};

int run(const Options& o) {
  std::printf(
      "bwbench watchlist: %s persons, %zu queries and %zu exhaustive per type, threshold %.2f\n",
      thousands(static_cast<double>(o.entries)).c_str(), o.queries, o.exhaustive, o.threshold);
  sim::PersonGenerator gen(o.seed);
  std::vector<watchlist::PersonEntry> entries;
  std::vector<std::string> thai;
  entries.reserve(o.entries);
  thai.reserve(o.entries);
  for (size_t i = 0; i < o.entries; ++i) {
    std::string t;
    entries.push_back(gen.person(&t));
    entries.back().id = std::to_string(i);
    thai.push_back(std::move(t));
  }
  const size_t rss_before = peak_rss_mib();
  auto t0 = Clock::now();
  watchlist::PersonList list(entries);
  const double build_s = us_since(t0) / 1e6;
  const size_t rss_after = peak_rss_mib();
  std::printf(
      "index build: %.1f s; peak RSS %zu MiB before the list, %zu MiB with it "
      "(entries copied once for the list: the list's share is the difference)\n",
      build_s, rss_before, rss_after);

  sim::PersonGenerator qgen(o.seed ^ 0xabcdef);
  std::mt19937_64 pick(o.seed ^ 0x1234);
  std::vector<double> latencies, cpu_latencies;
  std::vector<double> warm_latencies, warm_cpu;  // queries not right after an exhaustive scan
  bool after_scan = false;
  std::map<sim::Mutation, TypeResult> results;
  double exhaustive_total = 0, exhaustive_cpu = 0, indexed_total_on_sample = 0;
  size_t shown = 0;
  size_t sample_count = 0;
  for (sim::Mutation m : sim::kAllMutations) {
    TypeResult& r = results[m];
    size_t attempts = 0;
    while (r.queries < o.queries && attempts < o.queries * 50) {
      ++attempts;
      const size_t target = std::uniform_int_distribution<size_t>(0, entries.size() - 1)(pick);
      watchlist::PersonQuery q;
      if (!qgen.query(entries[target], thai[target], m, q)) continue;
      ++r.queries;
      // The wall clock brackets the query alone: reading the thread's CPU clock is a system
      // call of about a microsecond, a twentieth of a query, and is kept outside it.
      const double c0 = cpu_us();
      const auto t = Clock::now();
      const auto hits = list.screen(q, o.threshold);
      const double us = us_since(t);
      cpu_latencies.push_back(cpu_us() - c0);
      latencies.push_back(us);
      if (!after_scan) {
        warm_latencies.push_back(us);
        warm_cpu.push_back(cpu_latencies.back());
      }
      after_scan = false;
      const bool listed = m != sim::Mutation::kUnlisted && m != sim::Mutation::kHardNegative;
      r.hits += hits.size();
      r.with_hit += hits.empty() ? 0 : 1;
      for (const auto& h : hits) {
        if (!listed && shown < o.show) {
          ++shown;
          show_hit("false hit", list, q, h);
        }
        if (listed && h.entry == target) {
          ++r.true_hits;
          ++r.found;
        }
      }
      if (r.exhaustive_queries < o.exhaustive) {
        ++r.exhaustive_queries;
        const double ce = cpu_us();  // bracketed as the indexed query is
        auto te = Clock::now();
        const auto ex = list.screen_exhaustive(q, o.threshold);
        const double eus = us_since(te);
        exhaustive_cpu += cpu_us() - ce;
        after_scan = true;
        r.exhaustive_us += eus;
        exhaustive_total += eus;
        indexed_total_on_sample += us;
        ++sample_count;
        r.exhaustive_hits += ex.size();
        for (const auto& h : ex) {
          const bool found = std::any_of(hits.begin(), hits.end(),
                                         [&](const auto& x) { return x.entry == h.entry; });
          r.exhaustive_found += found;
          if (!found && shown < o.show) {
            ++shown;
            show_hit("candidate missed", list, q, h);
          }
        }
      }
    }
  }
  std::printf("\n%-20s %7s %10s %9s %9s %10s\n", "mutation", "queries", "cand.rec", "dec.rec",
              "precision", "hit/1000");
  size_t ex_hits = 0, ex_found = 0;
  for (const auto& [m, r] : results) {
    ex_hits += r.exhaustive_hits;
    ex_found += r.exhaustive_found;
    const double cand = r.exhaustive_hits ? 100.0 * r.exhaustive_found / r.exhaustive_hits : 100.0;
    const bool listed = m != sim::Mutation::kUnlisted && m != sim::Mutation::kHardNegative;
    char dec[16] = "-", prec[16] = "-";
    if (listed && r.queries) std::snprintf(dec, sizeof dec, "%.1f%%", 100.0 * r.found / r.queries);
    if (listed && r.hits) std::snprintf(prec, sizeof prec, "%.1f%%", 100.0 * r.true_hits / r.hits);
    std::printf("%-20s %7zu %9.1f%% %9s %9s %10.1f\n", sim::to_string(m), r.queries, cand, dec,
                prec, r.queries ? 1000.0 * r.with_hit / r.queries : 0.0);
  }
  std::printf("\ncandidate recall overall: %.2f%% (%zu of %zu exhaustive hits)\n",
              ex_hits ? 100.0 * ex_found / ex_hits : 100.0, ex_found, ex_hits);
  std::printf(
      "indexed screening, single thread, %zu queries: wall p50 %.1f us, p99 %.1f us, mean %.1f "
      "us; thread CPU p50 %.1f us, p99 %.1f us, mean %.1f us\n",
      latencies.size(), percentile(latencies, 0.5), percentile(latencies, 0.99), mean(latencies),
      percentile(cpu_latencies, 0.5), percentile(cpu_latencies, 0.99), mean(cpu_latencies));
  if (sample_count > 0) {
    const double exhaustive_mean = exhaustive_total / sample_count;
    const double warm_mean = mean(warm_latencies);
    std::printf(
        "exhaustive scoring: %.1f ms a query; speed-up %.0fx over the mean indexed "
        "query not after a scan (%.1f us, %zu queries), %.0fx over the same %zu "
        "queries (%.1f us, caches cold after the previous scan)\n",
        exhaustive_mean / 1000, exhaustive_mean / warm_mean, warm_mean, warm_latencies.size(),
        exhaustive_total / indexed_total_on_sample, sample_count,
        indexed_total_on_sample / sample_count);
    const double exhaustive_cpu_mean = exhaustive_cpu / sample_count;
    std::printf(
        "in thread CPU time (preemption by other processes excluded): exhaustive %.1f ms a "
        "query; speed-up %.0fx over the mean indexed query not after a scan (%.1f us)\n",
        exhaustive_cpu_mean / 1000, exhaustive_cpu_mean / mean(warm_cpu), mean(warm_cpu));
  }
  return 0;
}

}  // namespace

void add_watchlist_command(CLI::App& app, RunFn& run_fn) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("watchlist", "fuzzy person screening: recall, precision, speed");
  cmd->add_option("--entries", o->entries, "listed persons")->capture_default_str();
  cmd->add_option("--queries", o->queries, "queries per mutation type")->capture_default_str();
  cmd->add_option("--exhaustive", o->exhaustive, "of which also scored exhaustively")
      ->capture_default_str();
  cmd->add_option("--threshold", o->threshold, "hit threshold")->capture_default_str();
  cmd->add_option("--seed", o->seed, "generator seed")->capture_default_str();
  cmd->add_option("--show", o->show, "print this many false hits and candidate misses")
      ->capture_default_str();
  cmd->callback([o, &run_fn] { run_fn = [o] { return run(*o); }; });
}

}  // namespace bw::bench
