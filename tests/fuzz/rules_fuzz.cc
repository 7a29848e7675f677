// Rule files: bwctl rules load/check send operator-written YAML to RuleSet::compile. A set
// that compiles is run over the sample events, as it would be on live traffic.
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& f = bw::fuzz::fixture();
  auto result = bw::rules::RuleSet::compile(
      {{"f.yaml", std::string(reinterpret_cast<const char*>(data), size)}}, f.config);
  // compile() turns an escaped exception into this diagnostic; for us it is a bug.
  for (const auto& d : result.diagnostics) {
    if (d.message.rfind("internal error", 0) == 0) {
      std::fprintf(stderr, "%s\n", d.to_string().c_str());
      __builtin_trap();
    }
  }
  (void)bw::rules::format_diagnostics(result.diagnostics);
  if (!result.ok()) return 0;
  for (const auto& ev : f.events) bw::fuzz::evaluate(*result.rule_set, ev);
  return 0;
}
