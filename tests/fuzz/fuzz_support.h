// Shared by the fuzz targets: the shipped config, rule pack and demo watchlists, loaded once
// per process from the checkout (BW_FUZZ_ROOT), so fuzzed events meet the real rules and
// fuzzed rules meet real events.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "config/loader.h"
#include "event/decode.h"
#include "rules/rule_set.h"
#include "rules/sources.h"
#include "watchlist/csv_import.h"

namespace bw::fuzz {

struct Fixture {
  config::Config config;
  std::shared_ptr<const rules::RuleSet> rules;  // the shipped pack
  std::shared_ptr<const watchlist::WatchlistSet> lists =
      std::make_shared<watchlist::WatchlistSet>();
  std::vector<event::Event> events;  // the valid seeds of the event corpus
};

// A broken fixture is a setup error, not a finding: say so and stop before fuzzing.
[[noreturn]] inline void die(const std::string& why) {
  std::fprintf(stderr, "fuzz fixture: %s\n", why.c_str());
  std::exit(2);
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const Fixture& fixture() {
  static const Fixture f = [] {
    namespace fs = std::filesystem;
    const fs::path root = BW_FUZZ_ROOT;
    Fixture f;
    auto cfg = config::load_file(root / "config/borderwatch.yaml");
    if (!cfg) die(cfg.error().message);
    f.config = std::move(*cfg);
    auto sources = rules::read_rule_sources(root / "rules");
    if (!sources) die(sources.error().message);
    auto compiled = rules::RuleSet::compile(*sources, f.config);
    if (!compiled.ok()) die(rules::format_diagnostics(compiled.diagnostics));
    f.rules = compiled.rule_set;
    for (const char* name : {"lost_stolen_documents", "watched_vehicles"}) {
      auto list = watchlist::parse_csv(slurp(root / "config/demo" / (std::string(name) + ".csv")));
      if (!list) die(list.error().message);
      f.lists = f.lists->with(
          std::make_shared<watchlist::Watchlist>(name, list->kind, std::move(list->entries)));
    }
    event::EventDecoder decoder(f.config, f.config.ingest.max_message_bytes);
    for (const auto& seed : fs::directory_iterator(root / "tests/fuzz/corpus/event")) {
      if (auto ev = decoder.decode(slurp(seed.path()))) f.events.push_back(std::move(*ev));
    }
    return f;
  }();
  return f;
}

// Every rule of `set` over `ev`, as the ingest loop runs them; matches are rendered, so
// output templates and field probes run too.
inline size_t evaluate(const rules::RuleSet& set, const event::Event& ev) {
  const Fixture& f = fixture();
  std::vector<rules::Match> out;
  set.evaluate({.event = ev,
                .checkpoint = f.config.find_checkpoint(ev.checkpoint),
                .watchlists = f.lists.get(),
                .timezone_offset_minutes = f.config.timezone_offset_minutes},
               out);
  return out.size();
}

}  // namespace bw::fuzz
