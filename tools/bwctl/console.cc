#include "console.h"

#include "auth/client_keys.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <sstream>

#include "control/control_client.h"
#include "format.h"
#include "transport/socket.h"

namespace bwctl {

namespace {

std::atomic<bool> stop_console{false};

// One screen: a header, then the alerts still needing work.
std::string render(const bw::json::Value& open, const bw::json::Value& acknowledged, bool colour) {
  std::ostringstream os;
  const auto& a = open.find("alerts")->as_array();
  const auto& b = acknowledged.find("alerts")->as_array();
  os << "borderwatch duty console   (Ctrl-C to leave; bwctl alerts ack|resolve SEQ to work an "
        "alert)\n\n";
  os << "OPEN (newest " << a.size() << " shown)\n";
  for (const auto& alert : a) os << format_alert(alert, colour) << "\n";
  os << "\nACKNOWLEDGED (newest " << b.size() << " shown)\n";
  for (const auto& alert : b) {
    os << format_alert(alert, colour) << "\n";
    const auto* history = alert.find("work")->find("history");
    if (history && !history->as_array().empty()) {
      os << "      acknowledged by " << history->as_array().back().string_or("by") << " at "
         << history->as_array().back().string_or("at") << "\n";
    }
  }
  return os.str();
}

std::optional<bw::json::Value> list(bw::control::ControlClient& client, const char* state,
                                    size_t rows) {
  bw::json::Value req;
  req.set("cmd", "alerts.list");
  req.set("state", state);
  req.set("limit", rows);
  auto reply = client.request(req);
  if (!reply || !reply->find("alerts")) return std::nullopt;
  return *reply;
}

}  // namespace

int console(const Globals& g, size_t rows) {
  std::signal(SIGINT, [](int) { stop_console = true; });
  std::signal(SIGTERM, [](int) { stop_console = true; });
  const auto eps = endpoints(g);
  bw::transport::Context ctx;
  auto client_ptr = control_client(g, ctx);
  if (!client_ptr) return 2;
  bw::control::ControlClient& client = *client_ptr;
  // Any alert or state change is a reason to redraw; the content comes from the store.
  bw::transport::Socket sub(ctx, bw::transport::SocketType::kSub,
                            {.subscriptions = {"alert.", "update."}});
  if (auto keys = bw::auth::load_client_keys(g.server_key, g.key); keys) (void)keys->apply(sub);
  (void)sub.connect(eps.alerts);
  const bool colour = isatty(STDOUT_FILENO) != 0;
  auto last_draw = std::chrono::steady_clock::time_point{};
  bool dirty = true;
  while (!stop_console) {
    if (bw::transport::poll_readable({&sub}, std::chrono::milliseconds(250))[0]) {
      while (sub.recv(/*dont_wait=*/true)) dirty = true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!dirty && now - last_draw < std::chrono::seconds(5)) continue;
    auto open = list(client, "open", rows);
    auto acked = list(client, "acknowledged", rows);
    if (!open || !acked) {
      std::cout << "\033[2J\033[Hborderwatch duty console: no answer from the daemon at "
                << eps.control << ", retrying..." << std::endl;
    } else {
      std::cout << (colour ? "\033[2J\033[H" : "\n") << render(*open, *acked, colour) << std::flush;
    }
    dirty = false;
    last_draw = now;
  }
  return 0;
}

}  // namespace bwctl
