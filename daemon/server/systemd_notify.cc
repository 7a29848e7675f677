#include "server/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <chrono>

namespace bw::server {

namespace {

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SystemdNotifier::SystemdNotifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_usec_ = usec;
}

void SystemdNotifier::ready(const std::string& status) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void SystemdNotifier::reloading() {
  sd_notify(0, "RELOADING=1");
}
void SystemdNotifier::stopping() {
  sd_notify(0, "STOPPING=1");
}
void SystemdNotifier::status(const std::string& text) {
  sd_notifyf(0, "STATUS=%s", text.c_str());
}

void SystemdNotifier::heartbeat() {
  if (watchdog_usec_ == 0) return;
  const int64_t now = now_us();
  if (now - last_ping_us_.load() < static_cast<int64_t>(watchdog_usec_ / 2)) return;
  last_ping_us_ = now;
  sd_notify(0, "WATCHDOG=1");
}

}  // namespace bw::server
