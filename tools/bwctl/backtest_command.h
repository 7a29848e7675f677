// `bwctl rules backtest FILE|DIR --from T1 --to T2 [--state-dir DIR]`: replays the events
// stored in the daemon's database (opened read-only, so the daemon may keep running) through
// the candidate rules' stateful rules and prints what would have fired, per rule and alert by
// alert. Nothing is written and the live daemon's state is not touched.
#pragma once

#include <string>
#include <vector>

#include "commands.h"

namespace bwctl {

struct BacktestOptions {
  std::vector<std::string> paths;  // candidate rule files or directories
  std::string from;                // RFC 3339, inclusive
  std::string to;                  // RFC 3339, exclusive
  std::string state_dir;           // empty: the config's state_dir
};

// 0 on success (whatever fired), 1 when the rules do not compile, 2 on usage or store errors.
int rules_backtest(const Globals& g, const BacktestOptions& o);

}  // namespace bwctl
