// Injectable wall clock: production uses system_clock, tests pass a fixed or stepping clock.
#pragma once

#include <chrono>
#include <functional>

#include "util/time.h"

namespace bw {

using Clock = std::function<EpochMs()>;

inline EpochMs system_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace bw
