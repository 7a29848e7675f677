// The control endpoint: JSON requests from bwctl on a ZeroMQ ROUTER (REQ and DEALER clients
// both work: the reply echoes the request's envelope).
//
// Request:  {"cmd":"<command>", ...arguments}
// Reply:    {"ok":true, ...} or {"ok":false,"error":"what is wrong"}
// Commands: status, rules.load, rules.reload, rules.list, rules.history, rules.diff,
//           rules.rollback, rules.shadow, rules.shadow_report, rules.shadow_stop,
//           alerts.since, alerts.list, alerts.show, alerts.ack, alerts.resolve,
//           watchlist.import, watchlist.list,
//           watchlist.clearance.add, watchlist.clearance.list, watchlist.clearance.revoke,
//           watchlist.show, watchlist.diff, watchlist.rollback, watchlist.export.
//           See README.md "Control protocol".
//
// Untrusted input: a malformed request gets an error reply, never a crash. Requests are
// served one at a time on the control thread; run() owns the socket; stop() from anywhere.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "control/alert_service.h"
#include "control/clearance_service.h"
#include "control/escalator.h"
#include "control/request_args.h"
#include "control/rules_service.h"
#include "control/silence_service.h"
#include "control/watchlist_service.h"
#include "json/value.h"
#include "server/shared_state.h"
#include "transport/socket.h"

namespace bw::control {

class ControlServer {
 public:
  // `endpoints` supplies the bound ingest/alerts endpoints for status replies.
  // `relay_endpoint`: where alert state changes are handed to the ingest loop to publish.
  ControlServer(server::SharedState& state, transport::Context& context, RulesService& rules,
                WatchlistService& watchlists, std::function<json::Value()> endpoints,
                const std::string& relay_endpoint);

  Status bind();
  std::string endpoint() const { return endpoint_; }
  void run();
  void stop() { stopping_ = true; }

  // Handles one request body; public so it can be tested without sockets.
  json::Value handle(std::string_view request);

 private:
  json::Value status() const;
  json::Value alerts_since(const json::Value& req);
  json::Value watchlist_import(const json::Value& req);
  json::Value alerts_command(const std::string& cmd, const json::Value& req);
  // Audit hook: a successful state-changing request goes to state_.audit (audit/audit.h).
  void audit_change(std::string_view request, const json::Value& reply);
  json::Value audit_list(const json::Value& req);

  server::SharedState& state_;
  transport::Socket socket_;
  transport::Socket relay_;
  AlertService alerts_;
  Escalator escalator_;
  SilenceService silences_{state_};
  RulesService& rules_;
  WatchlistService& watchlists_;
  std::function<json::Value()> endpoints_;
  std::string endpoint_;
  std::atomic<bool> stopping_{false};
  std::string caller_;  // authenticated user of the request being handled ("" without CURVE)
  ClearanceService clearances_{state_, watchlists_};
};

}  // namespace bw::control
