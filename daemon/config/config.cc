#include "config/config.h"

namespace bw::config {

bool OpeningHours::contains(int local_minute) const {
  if (open_minute == close_minute) return true;
  if (open_minute < close_minute) return local_minute >= open_minute && local_minute < close_minute;
  return local_minute >= open_minute || local_minute < close_minute;  // spans midnight
}

const char* to_string(CheckpointType t) {
  return t == CheckpointType::kPermanent ? "permanent" : "temporary";
}

const char* to_string(CheckpointStatus s) {
  switch (s) {
    case CheckpointStatus::kOpen:
      return "open";
    case CheckpointStatus::kClosed:
      return "closed";
    case CheckpointStatus::kRestricted:
      return "restricted";
  }
  return "unknown";
}

const Checkpoint* Config::find_checkpoint(std::string_view id) const {
  for (const auto& c : checkpoints) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace bw::config
