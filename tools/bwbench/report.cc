// The bwbench ingest table.
#include <cstdio>
#include <string>

#include "ingest.h"

namespace bw::bench {

std::string thousands(double v) {
  const std::string digits = std::to_string(static_cast<long long>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

namespace {

std::string latency(const sim::LatencyHistogram& h, double p) {
  return h.count() > 0 ? sim::format_duration_ns(h.percentile(p)) : "-";
}

void row(std::ostream& out, const char* name, double rate, const sim::LatencyHistogram& ack,
         const sim::LatencyHistogram* alert) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-34s %11s %11s %11s %11s %11s\n", name,
                thousands(rate).c_str(), latency(ack, 50).c_str(), latency(ack, 99).c_str(),
                alert ? latency(*alert, 50).c_str() : "-",
                alert ? latency(*alert, 99).c_str() : "-");
  out << buf;
}

}  // namespace

void print_ingest_report(std::ostream& out, const IngestOptions& o, const Workload& w,
                         const RawResult* raw, const RawResult* client, const DaemonResult& d,
                         const DaemonResult* ceiling) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "bwbench ingest: %zu events of %zu..%zu bytes (average %.0f), window %zu, TCP "
                "loopback, one process\n",
                w.ids.size(), w.min_bytes, w.max_bytes, w.avg_bytes, o.window);
  out << buf;
  std::snprintf(buf, sizeof buf, "  %-34s %11s %11s %11s %11s %11s\n", "", "events/s", "ack p50",
                "ack p99", "alert p50", "alert p99");
  out << buf;
  if (raw != nullptr)
    row(out, "raw DEALER->ROUTER (transport)", raw->rate(), raw->latency, nullptr);
  if (client != nullptr) {
    row(out, "PushClient -> echo ROUTER", client->rate(), client->latency, nullptr);
  }
  if (ceiling != nullptr)
    row(out, "daemon, no rules (durable path)", ceiling->rate(), ceiling->ack, nullptr);
  row(out, "borderwatch daemon (in-process)", d.rate(), d.ack, &d.alert);
  if (raw != nullptr && raw->rate() > 0) {
    if (ceiling != nullptr) {
      std::snprintf(buf, sizeof buf, "  no rules / raw: %.1f %%\n",
                    100.0 * ceiling->rate() / raw->rate());
      out << buf;
    }
    const double ratio = 100.0 * d.rate() / raw->rate();
    std::snprintf(buf, sizeof buf, "  daemon / raw: %.1f %%  (target >= 25 %%: %s)\n", ratio,
                  ratio >= 25 ? "met" : "NOT met");
    out << buf;
  }
  std::snprintf(buf, sizeof buf,
                "  daemon: %zu rules, watchlist %s of %s documents imported in %.2f s, %llu "
                "group commits (%.0f events each, %.2f ms per synced write)\n",
                d.rules, o.watchlist_name.c_str(),
                thousands(static_cast<double>(w.watchlist_entries)).c_str(), d.import_seconds,
                static_cast<unsigned long long>(d.batches),
                d.batches ? static_cast<double>(d.events) / static_cast<double>(d.batches) : 0.0,
                d.commit_ms);
  out << buf;
  std::snprintf(
      buf, sizeof buf,
      "  replies: %llu accepted, %llu duplicate, %llu rejected, %llu unanswered, %llu "
      "resent\n",
      static_cast<unsigned long long>(d.accepted), static_cast<unsigned long long>(d.duplicate),
      static_cast<unsigned long long>(d.rejected), static_cast<unsigned long long>(d.unanswered),
      static_cast<unsigned long long>(d.resends));
  out << buf;
  std::snprintf(
      buf, sizeof buf,
      "  alerts: %llu received; events on listed documents: %zu, alerted %llu (%.1f %%)\n",
      static_cast<unsigned long long>(d.alerts), w.injected_count,
      static_cast<unsigned long long>(d.injected_alerted),
      w.injected_count
          ? 100.0 * static_cast<double>(d.injected_alerted) / static_cast<double>(w.injected_count)
          : 0.0);
  out << buf;
  if (!d.alerts_by_rule.empty()) {
    out << "  alerts by rule:";
    for (const auto& [rule, n] : d.alerts_by_rule) {
      out << " " << (rule.empty() ? "?" : rule) << " " << n;
    }
    out << "\n";
  }
  for (const auto& n : d.notes) out << "  note: " << n << "\n";
}

}  // namespace bw::bench
