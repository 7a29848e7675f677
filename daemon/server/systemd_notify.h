// systemd integration (libsystemd's sd_notify): READY/RELOADING/STOPPING and the watchdog.
// Harmless no-ops when not started by systemd (NOTIFY_SOCKET unset). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace bw::server {

class SystemdNotifier {
 public:
  SystemdNotifier();
  void ready(const std::string& status);
  void reloading();
  void stopping();
  void status(const std::string& text);
  // Call from the event loop each turn: pings the watchdog at half its interval, so a hung
  // loop (not just a live process) gets the daemon restarted.
  void heartbeat();

 private:
  uint64_t watchdog_usec_ = 0;
  std::atomic<int64_t> last_ping_us_{0};
};

}  // namespace bw::server
