// Control requests: bwctl (or anything that reaches the control endpoint) sends one JSON
// object per request. Parse it, and check that what the writer emits parses back the same.
#include <cstdint>
#include <string>
#include <string_view>

#include "json/parse.h"
#include "json/writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto v = bw::json::parse({reinterpret_cast<const char*>(data), size});
  if (!v) return 0;
  const std::string once = bw::json::to_string(*v);
  // Replies and stored alerts are written by json/writer.h and read back by json/parse.h.
  // Escapes may make the text longer than the input: lift the size limit for the re-parse.
  auto again = bw::json::parse(once, {.max_bytes = size_t{1} << 30});
  if (!again || bw::json::to_string(*again) != once) __builtin_trap();
  return 0;
}
