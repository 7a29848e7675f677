// Daemon: owns the store, the shared state, the ingest loop and the control endpoint, and
// wires them together. borderwatchd's main() parses arguments and calls this; tests run it
// in-process on loopback with a temporary state directory.
//
// Lifecycle: create() (opens the store, restores rules and watchlists, binds every socket:
// any failure is returned, nothing is left running) -> start() (threads) -> stop() (drains
// in-flight events, acks them, joins threads). Destruction stops if needed.
// Thread safety: stop() and reload_rules() may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "config/config.h"
#include "control/control_server.h"
#include "control/rules_service.h"
#include "control/watchlist_service.h"
#include "ingest/ingest_server.h"
#include "server/shared_state.h"
#include "server/systemd_notify.h"
#include "sink/sink_set.h"
#include "store/store.h"
#include "transport/curve.h"
#include "transport/socket.h"

namespace bw::server {

struct DaemonOptions {
  config::Config config;
  Clock clock = system_now;
  // Load config.rules_dir at start-up even when the store already has an active rule set.
  bool load_rules_dir = false;
  // Tests only: decorates the opened store (e.g. one that fails writes on demand).
  std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store>)> wrap_store;
};

class Daemon {
 public:
  static Result<std::unique_ptr<Daemon>> create(DaemonOptions options);
  ~Daemon();

  void start();
  // Blocks until SIGINT or SIGTERM (then stops); SIGHUP reloads the rules directory.
  void run_until_signalled();
  void stop();

  control::RulesLoadReport reload_rules();

  std::string ingest_endpoint() const { return ingest_->ingest_endpoint(); }
  std::string alerts_endpoint() const { return ingest_->alerts_endpoint(); }
  std::string control_endpoint() const { return control_->endpoint(); }
  SharedState& state() { return *state_; }

 private:
  explicit Daemon(DaemonOptions options);
  Status init();
  Status restore_rules();
  Status init_security();

  DaemonOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SharedState> state_;
  std::unique_ptr<auth::Security> security_;
  std::unique_ptr<audit::AuditLog> audit_;
  transport::Context context_;
  std::unique_ptr<transport::ZapHandler> zap_;  // before every socket, gone before context_
  std::unique_ptr<control::RulesService> rules_;
  std::unique_ptr<control::WatchlistService> watchlists_;
  std::unique_ptr<ingest::IngestServer> ingest_;
  std::unique_ptr<control::ControlServer> control_;
  std::unique_ptr<sink::SinkSet> sinks_;
  SystemdNotifier systemd_;
  std::thread ingest_thread_;
  std::thread control_thread_;
  bool started_ = false;
};

}  // namespace bw::server
