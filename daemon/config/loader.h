// Reads config/borderwatch.yaml. Start-up must fail fast on a bad config: every unknown key
// and every bad value is an Error naming the file, line:column and the key path
// ("borderwatch.yaml:14:5: ingest.max_batch: must be an integer between 1 and 65536").
// Missing keys take the defaults documented in config/borderwatch.yaml. Never throws.
#pragma once

#include <string>

#include "config/config.h"
#include "util/result.h"

namespace bw::config {

Result<Config> load_file(const std::string& path);
// `name` is used in messages only.
Result<Config> load_text(const std::string& text, const std::string& name = "<config>");

// Cross-field checks (unique checkpoint ids, at least one checkpoint, distinct endpoints).
Status validate(const Config& config);

}  // namespace bw::config
