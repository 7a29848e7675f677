#include "noise/noise_filter.h"

#include <cmath>
#include <cstdio>

#include "json/parse.h"
#include "json/writer.h"

namespace bw::noise {

namespace {

constexpr EpochMs kMinute = 60'000;
constexpr uint64_t kPruneEvery = 4096;

}  // namespace

std::string NoiseFilter::record(const std::string& key, const Group& g) {
  json::Value v;
  v.set("key", key);
  v.set("head", g.head_id);
  v.set("priority", rules::to_string(g.priority));
  v.set("count", g.count);
  v.set("first_seen", format_rfc3339(g.first_seen));
  v.set("last_seen", format_rfc3339(g.last_seen));
  return json::to_string(v);
}

Status NoiseFilter::restore(EpochMs now) {
  auto records = store_.scan_meta("fold/");
  if (!records) return records.error();
  const EpochMs window = std::max<EpochMs>(config_.fold_seconds * 1000LL, kMinute);
  for (const auto& [name, text] : *records) {
    auto v = json::parse(text);
    if (!v) continue;  // a damaged record only costs one fold group
    Group g;
    g.head_id = v->string_or("head");
    g.count = static_cast<uint64_t>(v->number_or("count", 1));
    const auto first = parse_rfc3339(v->string_or("first_seen"));
    const auto last = parse_rfc3339(v->string_or("last_seen"));
    if (!first || !last || now - last->utc_ms > window) continue;
    if (!rules::parse_priority(v->string_or("priority"), g.priority)) continue;
    g.first_seen = first->utc_ms;
    g.last_seen = last->utc_ms;
    const std::string key = v->string_or("key");
    auto& slot = groups_[key];
    if (slot.last_seen <= g.last_seen) slot = g;
    key_of_head_[g.head_id] = key;
  }
  return ok_status();
}

Decision NoiseFilter::decide(alert::Alert& alert, const SilenceSet& silences, EpochMs now,
                             MetaRecords& meta) {
  if (++decisions_ % kPruneEvery == 0) prune(now);
  alert.silenced_by = silenced_by(silences, alert, now);
  if (!alert.silenced_by.empty()) return Decision::kSilenced;
  if (rate_limited(alert, now, meta)) {
    return alert.folded_into.empty() ? Decision::kSummary : Decision::kFolded;
  }
  if (config_.fold_seconds <= 0 || alert.hits.empty()) return Decision::kPushed;
  const std::string subj = subject(alert);
  if (subj.empty()) return Decision::kPushed;
  const std::string key = alert.hits.front().rule + "|" + subj;
  if (fold(alert, key, now, meta)) return Decision::kFolded;
  start_group(alert, key, now, meta);
  return Decision::kPushed;
}

// Smoothing of the normal rate per minute: about the last hour counts.
constexpr double kRateSmoothing = 1.0 / 60;

void NoiseFilter::roll(RuleRate& rate, int64_t minute) const {
  if (rate.minute == minute) return;
  if (rate.minute >= 0 && !rate.limited) {
    // The minute that ended was normal: learn from it, then from the quiet minutes since.
    rate.normal += kRateSmoothing * (static_cast<double>(rate.count) - rate.normal);
    const int64_t quiet = std::min<int64_t>(minute - rate.minute - 1, 24 * 60);
    if (quiet > 0) rate.normal *= std::pow(1 - kRateSmoothing, static_cast<double>(quiet));
  }
  rate.minute = minute;
  rate.count = 0;
  rate.limited = false;
  rate.summary_key.clear();
}

uint64_t NoiseFilter::rate_limit(const RuleRate& rate) const {
  const double learned = std::ceil(config_.rule_rate_factor * rate.normal);
  return std::max<uint64_t>(static_cast<uint64_t>(config_.rule_rate_limit_per_minute),
                            static_cast<uint64_t>(learned));
}

bool NoiseFilter::rate_limited(alert::Alert& alert, EpochMs now, MetaRecords& meta) {
  if (config_.rule_rate_limit_per_minute <= 0 || alert.hits.empty()) return false;
  const std::string& rule = alert.hits.front().rule;
  auto& rate = rates_[rule];
  const int64_t minute = now / kMinute;
  roll(rate, minute);
  const uint64_t limit = rate_limit(rate);
  if (++rate.count <= limit) return false;
  rate.limited = true;
  if (rate.summary_key.empty()) {
    rate.summary_key = "rate|" + rule + "|" + format_rfc3339(minute * kMinute);
    char normal[32];
    std::snprintf(normal, sizeof normal, "%.1f", rate.normal);
    alert.summary = "rule " + rule + " raised more than " + std::to_string(limit) +
                    " alerts this minute (normally " + normal +
                    "); the rest of the minute folds into this alert";
    start_group(alert, rate.summary_key, now, meta);
    return true;
  }
  if (!fold(alert, rate.summary_key, now, meta)) start_group(alert, rate.summary_key, now, meta);
  return true;
}

bool NoiseFilter::fold(alert::Alert& alert, const std::string& key, EpochMs now,
                       MetaRecords& meta) {
  auto it = groups_.find(key);
  if (it == groups_.end()) return false;
  Group& g = it->second;
  const bool in_window =
      now - g.last_seen <=
      std::max<EpochMs>(config_.fold_seconds * 1000LL, key.rfind("rate|", 0) == 0 ? kMinute : 0);
  // A higher priority always breaks through; so does anything after the head was resolved.
  if (!in_window || alert.priority > g.priority || head_resolved(g)) return false;
  ++g.count;
  g.last_seen = now;
  alert.folded_into = g.head_id;
  alert.fold_count = g.count;
  alert.fold_key = key;
  meta.emplace_back("fold/" + g.head_id, record(key, g));
  return true;
}

void NoiseFilter::start_group(alert::Alert& alert, const std::string& key, EpochMs now,
                              MetaRecords& meta) {
  auto& g = groups_[key];
  if (!g.head_id.empty()) key_of_head_.erase(g.head_id);
  g = Group{alert.id, 0, alert.priority, now, now, 1};
  key_of_head_[alert.id] = key;
  alert.fold_key = key;
  meta.emplace_back("fold/" + g.head_id, record(key, g));
}

void NoiseFilter::committed(const alert::Alert& alert) {
  if (!alert.folded_into.empty()) return;
  auto k = key_of_head_.find(alert.id);
  if (k == key_of_head_.end()) return;
  auto g = groups_.find(k->second);
  if (g != groups_.end() && g->second.head_id == alert.id) g->second.head_seq = alert.seq;
}

void NoiseFilter::not_committed(const alert::Alert& alert) {
  auto k = key_of_head_.find(alert.id);
  if (k == key_of_head_.end()) return;
  auto g = groups_.find(k->second);
  if (g != groups_.end() && g->second.head_id == alert.id) groups_.erase(g);
  for (auto& [rule, rate] : rates_) {
    if (rate.summary_key == k->second) rate.summary_key.clear();
  }
  key_of_head_.erase(k);
}

bool NoiseFilter::head_resolved(const Group& g) {
  if (g.head_seq == 0) return false;
  auto state = store_.alert_state(g.head_seq);
  if (!state || !state->has_value()) return false;  // on a read error, keep folding
  auto v = json::parse(**state);
  return v && v->string_or("state") == "resolved";
}

std::string NoiseFilter::subject(const alert::Alert& alert) const {
  std::string out;
  for (const auto& name : config_.fold_key_fields) {
    for (const auto& [field, value] : alert.fields) {
      if (field != name) continue;
      if (!out.empty()) out += '|';
      out += field + "=" + value;
      break;
    }
  }
  return out;
}

void NoiseFilter::prune(EpochMs now) {
  const EpochMs window = std::max<EpochMs>(config_.fold_seconds * 1000LL, kMinute);
  for (auto it = groups_.begin(); it != groups_.end();) {
    if (now - it->second.last_seen <= window) {
      ++it;
      continue;
    }
    key_of_head_.erase(it->second.head_id);
    it = groups_.erase(it);
  }
}

}  // namespace bw::noise
