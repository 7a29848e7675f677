// JSON text -> json::Value. The input is untrusted: size and nesting are bounded, invalid
// UTF-8 is rejected, and every failure is an Error with a readable reason (never a crash).
//
// Thread safety: parse() may be called from many threads at once (each call has its own parser
// state); a JsonParser object must be used by one thread at a time.
#pragma once

#include <memory>
#include <string_view>

#include "json/value.h"
#include "util/result.h"

namespace bw::json {

struct ParseLimits {
  size_t max_bytes = 1 << 20;  // documents above this are refused before parsing
  size_t max_depth = 32;       // nesting of arrays/objects
};

// Reusable parser: keeps its buffers between calls, which matters on the ingest hot path.
class JsonParser {
 public:
  explicit JsonParser(ParseLimits limits = {});
  ~JsonParser();
  JsonParser(const JsonParser&) = delete;
  JsonParser& operator=(const JsonParser&) = delete;

  Result<Value> parse(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ParseLimits limits_;
};

// One-shot convenience (allocates a parser per call).
Result<Value> parse(std::string_view text, ParseLimits limits = {});

}  // namespace bw::json
