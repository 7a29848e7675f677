#include "control/rules_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "json/parse.h"
#include "json/writer.h"
#include "rules/sources.h"
#include "rules/stateful.h"
#include "temporal/carry_over.h"
#include "util/hash.h"
#include "util/line_diff.h"

namespace bw::control {

json::Value RulesLoadReport::to_json() const {
  json::Value v;
  v.set("ok", ok);
  if (!ok) v.set("error", error);
  if (ok) {
    v.set("version", version);
    v.set("rules", rule_count);
    json::Value stateful;
    stateful.set("kept", json::Array(stateful_kept.begin(), stateful_kept.end()));
    stateful.set("fresh", json::Array(stateful_fresh.begin(), stateful_fresh.end()));
    v.set("stateful", std::move(stateful));
  }
  json::Array diags;
  for (const auto& d : diagnostics) diags.emplace_back(d.to_string());
  v.set("diagnostics", std::move(diags));
  return v;
}

std::string rule_set_record(const std::vector<rules::RuleSource>& sources, const std::string& by,
                            EpochMs at, uint64_t rollback_of) {
  uint64_t h = fnv1a64("");
  json::Array files;
  for (const auto& s : sources) {
    h = fnv1a64(s.text, fnv1a64(s.name, h));
    json::Value f;
    f.set("name", s.name);
    f.set("text", s.text);
    files.push_back(std::move(f));
  }
  json::Value v;
  v.set("loaded_by", by);
  v.set("loaded_at", format_rfc3339(at));
  v.set("hash", hex64(h));
  if (rollback_of != 0) v.set("rollback_of", rollback_of);
  v.set("files", std::move(files));
  return json::to_string(v);
}

Result<std::vector<rules::RuleSource>> sources_from_record(const std::string& json) {
  auto v = json::parse(json, {.max_bytes = 1u << 30, .max_depth = 8});
  if (!v) return Error{"stored rule set is corrupt: " + v.error().message};
  const json::Value* files = v->find("files");
  if (files == nullptr || !files->is_array()) return Error{"stored rule set has no files"};
  std::vector<rules::RuleSource> out;
  for (const auto& f : files->as_array()) out.push_back({f.string_or("name"), f.string_or("text")});
  return out;
}

RulesLoadReport RulesService::load(const std::vector<rules::RuleSource>& sources,
                                   const std::string& by) {
  return load_as(sources, by, 0);
}

RulesLoadReport RulesService::load_as(const std::vector<rules::RuleSource>& sources,
                                      const std::string& by, uint64_t rollback_of) {
  std::lock_guard lock(mu_);
  RulesLoadReport report;
  auto compiled = rules::RuleSet::compile(sources, state_.config);
  report.diagnostics = std::move(compiled.diagnostics);
  if (!compiled.ok()) {
    report.error = "rule set rejected; the active rules are unchanged";
    return report;
  }
  auto version =
      state_.store.add_rule_set(rule_set_record(sources, by, state_.clock(), rollback_of));
  if (!version) {
    report.error = version.error().message + "; the active rules are unchanged";
    return report;
  }
  report.ok = true;
  report.version = *version;
  report.rule_count = compiled.rule_set->rules().size();
  const auto previous = state_.rules.get();
  auto carried =
      temporal::carry_over(previous ? previous->rules.get() : nullptr, *compiled.rule_set);
  report.stateful_kept = std::move(carried.kept);
  report.stateful_fresh = std::move(carried.fresh);
  for (const auto& name : report.stateful_fresh) {
    spdlog::info("rules: stateful rule '{}' is new or changed: it starts with empty state", name);
  }
  state_.rules.set(std::make_shared<const server::ActiveRules>(
      server::ActiveRules{compiled.rule_set, *version}));
  spdlog::info("rules: version {} active ({} rules, loaded by {})", *version, report.rule_count,
               by);
  return report;
}

RulesLoadReport RulesService::load_path(const std::string& path, const std::string& by) {
  auto sources = rules::read_rule_sources(path);
  if (!sources) {
    RulesLoadReport report;
    report.error = sources.error().message;
    return report;
  }
  return load(*sources, by);
}

RulesLoadReport RulesService::rollback(uint64_t version, const std::string& by) {
  RulesLoadReport report;
  auto stored = state_.store.rule_set(version);
  if (!stored || !stored->has_value()) {
    report.error =
        stored ? "no rule-set version " + std::to_string(version) : stored.error().message;
    return report;
  }
  auto sources = sources_from_record((*stored)->json);
  if (!sources) {
    report.error = sources.error().message;
    return report;
  }
  return load_as(*sources, by, version);
}

Result<json::Value> RulesService::diff(uint64_t from, uint64_t to) {
  std::vector<rules::RuleSource> sides[2];
  const uint64_t versions[2] = {from, to};
  for (int i = 0; i < 2; ++i) {
    auto stored = state_.store.rule_set(versions[i]);
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{"no rule-set version " + std::to_string(versions[i])};
    auto sources = sources_from_record((*stored)->json);
    if (!sources) return sources.error();
    sides[i] = std::move(*sources);
  }
  auto find = [](const std::vector<rules::RuleSource>& side, const std::string& name) {
    for (const auto& s : side) {
      if (s.name == name) return &s;
    }
    return static_cast<const rules::RuleSource*>(nullptr);
  };
  std::vector<std::string> names;
  for (const auto& side : sides) {
    for (const auto& s : side) {
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
    }
  }
  json::Array files;
  for (const auto& name : names) {
    const auto* a = find(sides[0], name);
    const auto* b = find(sides[1], name);
    json::Value f;
    f.set("name", name);
    f.set("status", a == nullptr         ? "added"
                    : b == nullptr       ? "removed"
                    : a->text == b->text ? "unchanged"
                                         : "changed");
    if (a == nullptr || b == nullptr || a->text != b->text) {
      f.set("diff", line_diff(a ? a->text : "", b ? b->text : ""));
    }
    files.push_back(std::move(f));
  }
  return json::Value(std::move(files));
}

RulesLoadReport RulesService::shadow_start(const std::vector<rules::RuleSource>& sources,
                                           const std::string& by) {
  RulesLoadReport report;
  auto compiled = rules::RuleSet::compile(sources, state_.config);
  report.diagnostics = std::move(compiled.diagnostics);
  if (!compiled.ok()) {
    report.error = "candidate rule set rejected; shadow mode unchanged";
    return report;
  }
  report.ok = true;
  report.rule_count = compiled.rule_set->rules().size();
  state_.shadow.set(std::make_shared<const ingest::ShadowRun>(
      ingest::ShadowRun{compiled.rule_set, by, state_.clock()}));
  state_.shadow_report.reset();  // events checked by an earlier candidate do not count
  spdlog::info("rules: shadow candidate with {} rules started by {}", report.rule_count, by);
  return report;
}

void RulesService::shadow_stop() {
  state_.shadow.set(nullptr);
  spdlog::info("rules: shadow mode stopped");
}

json::Value RulesService::shadow_report() const {
  auto run = state_.shadow.get();
  json::Value v = state_.shadow_report.report();
  v.set("active", run != nullptr);
  if (run) {
    v.set("started_by", run->started_by);
    v.set("started_at", format_rfc3339(run->started_at));
    v.set("candidate_rules", run->rules->rules().size());
  }
  auto active = state_.rules.get();
  v.set("active_version", active ? active->version : 0);
  return v;
}

Result<bool> RulesService::restore() {
  auto active = state_.store.active_rule_set();
  if (!active) return active.error();
  if (!active->has_value()) return false;
  auto sources = sources_from_record((*active)->json);
  if (!sources) return sources.error();
  auto compiled = rules::RuleSet::compile(*sources, state_.config);
  if (!compiled.ok()) {
    return Error{"stored rule set version " + std::to_string((*active)->version) +
                 " no longer compiles: " + rules::format_diagnostics(compiled.diagnostics)};
  }
  state_.rules.set(std::make_shared<const server::ActiveRules>(
      server::ActiveRules{compiled.rule_set, (*active)->version}));
  spdlog::info("rules: restored version {} ({} rules)", (*active)->version,
               compiled.rule_set->rules().size());
  return true;
}

json::Value RulesService::list_active() const {
  auto active = state_.rules.get();
  json::Value v;
  v.set("version", active ? active->version : 0);
  json::Array rules;
  if (active && active->rules) {
    for (const auto& r : active->rules->rules()) {
      json::Value j;
      j.set("name", r.name);
      j.set("priority", rules::to_string(r.priority));
      j.set("enabled", r.enabled);
      j.set("source", r.source + ":" + std::to_string(r.line));
      j.set("description", r.description);
      rules.push_back(std::move(j));
    }
  }
  v.set("rules", std::move(rules));
  return v;
}

Result<json::Value> RulesService::history() {
  auto records = state_.store.rule_set_history();
  if (!records) return records.error();
  auto active = state_.rules.get();
  json::Array out;
  for (const auto& r : *records) {
    auto rec = json::parse(r.json, {.max_bytes = 1u << 30, .max_depth = 8});
    json::Value v;
    v.set("version", r.version);
    v.set("active", active && active->version == r.version);
    if (rec) {
      v.set("loaded_by", rec->string_or("loaded_by"));
      v.set("loaded_at", rec->string_or("loaded_at"));
      v.set("hash", rec->string_or("hash"));
      if (const auto* rb = rec->find("rollback_of"); rb && rb->is_number()) {
        v.set("rollback_of", rb->as_number());
      }
      json::Array names;
      if (const auto* files = rec->find("files"); files && files->is_array()) {
        for (const auto& f : files->as_array()) names.emplace_back(f.string_or("name"));
      }
      v.set("files", std::move(names));
    }
    out.push_back(std::move(v));
  }
  return json::Value(std::move(out));
}

}  // namespace bw::control
