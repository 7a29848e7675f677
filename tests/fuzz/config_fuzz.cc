// Config loader: borderwatchd --config / --check-config on any YAML text.
#include <cstdint>
#include <string>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto cfg =
      bw::config::load_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!cfg) return 0;
  // load_text validates before returning: a loaded config must pass validate() again.
  if (!bw::config::validate(*cfg)) __builtin_trap();
  for (const auto& c : cfg->checkpoints) {
    (void)bw::config::to_string(c.type);
    (void)bw::config::to_string(c.status);
  }
  return 0;
}
