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

int Config::escalate_after(int priority, std::string_view checkpoint) const {
  if (priority < 0 || priority > 4) return 0;
  if (const Checkpoint* c = find_checkpoint(checkpoint); c && c->escalate_after[priority] >= 0) {
    return c->escalate_after[priority];
  }
  return alerts.escalate_after[priority];
}

const Checkpoint* Config::find_checkpoint(std::string_view id) const {
  for (const auto& c : checkpoints) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace bw::config
