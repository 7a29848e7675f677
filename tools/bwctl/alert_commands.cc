#include "alert_commands.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "alert/alert_follower.h"
#include "alert_table.h"
#include "auth/client_keys.h"
#include "control_request.h"
#include "format.h"
#include "json/writer.h"

namespace bwctl {

namespace {

using bw::json::Value;

// Set from the signal handler alerts_tail installs; lock-free, so safe to touch there.
std::atomic<bool> interrupted{false};

bool stdout_is_terminal() {
  return isatty(STDOUT_FILENO) != 0;
}

// ack and resolve: prints the alert's new work state.
int alert_change(const Globals& g, const char* cmd, Value req, const char* what) {
  auto reply = control_request(g, cmd, std::move(req), what);
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (!g.json) {
    const Value* a = reply->find("alert");
    const Value* work = a != nullptr ? a->find("work") : nullptr;
    std::cout << "alert #" << static_cast<uint64_t>(a != nullptr ? a->number_or("seq", 0) : 0)
              << " is now " << (work != nullptr ? work->string_or("state") : "?") << "\n";
  }
  return 0;
}

// The store's next alert sequence number: where `alerts tail` starts when asked for new ones.
std::optional<uint64_t> next_alert_seq(const Globals& g) {
  Globals quiet = g;
  quiet.json = false;
  auto reply = control_request(quiet, "status", Value(), "status");
  if (!reply || !reply_ok(*reply)) return std::nullopt;
  return static_cast<uint64_t>(reply->number_or("next_alert_seq", 1));
}

}  // namespace

int alerts_since(const Globals& g, uint64_t seq, size_t limit) {
  Value req;
  req.set("from", seq);
  req.set("limit", limit);
  auto reply = control_request(g, "alerts.since", std::move(req), "alerts since");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  const bool colour = stdout_is_terminal();
  if (const auto* alerts = reply->find("alerts"); alerts && alerts->is_array()) {
    for (const auto& a : alerts->as_array()) std::cout << format_alert(a, colour) << "\n";
  }
  return 0;
}

int alerts_list(const Globals& g, const AlertListOptions& o) {
  Value req;
  if (!o.state.empty()) req.set("state", o.state);
  if (!o.priority.empty()) req.set("priority", o.priority);
  if (!o.checkpoint.empty()) req.set("checkpoint", o.checkpoint);
  if (!o.rule.empty()) req.set("rule", o.rule);
  if (!o.since.empty()) req.set("since", o.since);
  if (!o.until.empty()) req.set("until", o.until);
  req.set("limit", o.limit);
  auto reply = control_request(g, "alerts.list", std::move(req), "alerts list");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  if (g.json) return 0;
  if (const Value* alerts = reply->find("alerts")) std::cout << format_alert_table(*alerts);
  return 0;
}

int alerts_show(const Globals& g, uint64_t seq) {
  Value req;
  req.set("seq", seq);
  auto reply = control_request(g, "alerts.show", std::move(req), "alerts show");
  if (!reply) return 2;
  if (!reply_ok(*reply)) return 1;
  const Value* alert = reply->find("alert");
  if (!g.json && alert != nullptr) {
    std::cout << format_alert_details(*alert, stdout_is_terminal());
  }
  return 0;
}

int alerts_ack(const Globals& g, uint64_t seq, const std::string& note) {
  Value req;
  req.set("seq", seq);
  if (!note.empty()) req.set("note", note);
  return alert_change(g, "alerts.ack", std::move(req), "alerts ack");
}

int alerts_resolve(const Globals& g, uint64_t seq, const std::string& outcome,
                   const std::string& note) {
  Value req;
  req.set("seq", seq);
  req.set("outcome", outcome);
  if (!note.empty()) req.set("note", note);
  return alert_change(g, "alerts.resolve", std::move(req), "alerts resolve");
}

int alerts_tail(const Globals& g, uint64_t from, const std::string& priority,
                const std::string& checkpoint, size_t max) {
  std::signal(SIGINT, [](int) { interrupted = true; });
  std::signal(SIGTERM, [](int) { interrupted = true; });
  if (from == 0) {
    auto next = next_alert_seq(g);
    if (!next) return 2;
    from = *next;
  }
  std::string prefix = "alert.";
  if (!priority.empty()) prefix += priority + ".";
  if (!priority.empty() && !checkpoint.empty()) prefix += checkpoint;
  auto keys = bw::auth::load_client_keys(g.server_key, g.key);
  if (!keys) {
    std::cerr << "bwctl: " << keys.error().message << "\n";
    return 2;
  }
  const auto eps = endpoints(g);
  bw::transport::Context ctx;
  bw::alert::AlertFollower follower(ctx, eps.alerts, eps.control, from, prefix, *keys);
  const bool colour = stdout_is_terminal();
  size_t shown = 0;
  while (!interrupted && (max == 0 || shown < max)) {
    auto n = follower.poll(
        [&](const Value& a) {
          if (!checkpoint.empty() && a.string_or("checkpoint") != checkpoint) return;
          if (max != 0 && shown >= max) return;
          ++shown;
          std::cout << (g.json ? bw::json::to_string(a) : format_alert(a, colour)) << std::endl;
        },
        std::chrono::milliseconds(200));
    if (!n) {
      std::cerr << "bwctl: " << n.error().message << " (retrying)\n";
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  return 0;
}

}  // namespace bwctl
