#include "server/daemon.h"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>

#include "rules/sources.h"
#include "util/thread_name.h"

namespace bw::server {

Daemon::Daemon(DaemonOptions options) : options_(std::move(options)) {}

Daemon::~Daemon() {
  stop();
  if (sinks_) sinks_->stop();  // all sinks wind down in parallel
}

Result<std::unique_ptr<Daemon>> Daemon::create(DaemonOptions options) {
  std::unique_ptr<Daemon> d(new Daemon(std::move(options)));
  if (auto s = d->init(); !s) return s.error();
  return d;
}

Status Daemon::init() {
  const auto& cfg = options_.config;
  auto store = store::Store::open((std::filesystem::path(cfg.state_dir) / "db").string(),
                                  {.min_free_bytes = uint64_t{cfg.ingest.min_free_disk_mb} << 20});
  if (!store) return store.error();
  store_ = std::move(*store);
  if (options_.wrap_store) store_ = options_.wrap_store(std::move(store_));
  state_ = std::make_unique<SharedState>(cfg, *store_, options_.clock);
  state_->started_at = options_.clock();
  if (auto s = init_security(); !s) return s;
  audit_ = std::make_unique<audit::AuditLog>(*store_, options_.clock);
  state_->audit = audit_.get();
  rules_ = std::make_unique<control::RulesService>(*state_);
  watchlists_ = std::make_unique<control::WatchlistService>(*state_);
  auto lists = watchlists_->restore();
  if (!lists) return lists.error();
  if (auto s = control::ClearanceService(*state_, *watchlists_).restore(); !s) {
    return Error{"watchlist clearances: " + s.error().message};
  }
  if (auto s = restore_rules(); !s) return s;
  if (auto s = control::SilenceService(*state_).restore(); !s) {
    return Error{"silences: " + s.error().message};
  }
  auto sinks = sink::SinkSet::create(cfg.sinks, *store_);
  if (!sinks) return sinks.error();
  sinks_ = std::move(*sinks);
  // Sinks read only from the store: started here, they deliver any backlog right away, and a
  // cursor that cannot be read stops start-up instead of leaving a sink silently idle.
  if (auto s = sinks_->start(); !s) return s;
  state_->sinks_status = [this] { return sinks_->status(); };
  ingest_ = std::make_unique<ingest::IngestServer>(*state_, context_);
  if (auto s = ingest_->bind(); !s) return s;
  control_ = std::make_unique<control::ControlServer>(
      *state_, context_, *rules_, *watchlists_,
      [this] {
        json::Value v;
        v.set("ingest", ingest_endpoint());
        v.set("alerts", alerts_endpoint());
        v.set("control", control_endpoint());
        return v;
      },
      ingest_->relay_endpoint());
  if (auto s = control_->bind(); !s) return s;
  ingest_->set_heartbeat([this] { systemd_.heartbeat(); });
  ingest_->set_alerts_committed([this] { sinks_->notify(); });
  spdlog::info("borderwatchd {}: state {}, {} watchlists, ingest {}, alerts {}, control {}",
               BW_VERSION, cfg.state_dir, *lists, ingest_endpoint(), alerts_endpoint(),
               control_endpoint());
  return ok_status();
}

Status Daemon::init_security() {
  auto security = auth::Security::load(options_.config);
  if (!security) return security.error();
  security_ = std::move(*security);
  state_->security = security_.get();
  if (!security_->curve()) return ok_status();
  // Bound before any CURVE socket: without a handler ZeroMQ admits every client.
  auto zap = transport::ZapHandler::start(
      context_, [s = security_.get()](const std::string& key) { return s->admit(key); });
  if (!zap) return zap.error();
  zap_ = std::move(*zap);
  return ok_status();
}

Status Daemon::restore_rules() {
  const auto& dir = options_.config.rules_dir;
  if (!options_.load_rules_dir) {
    auto restored = rules_->restore();
    if (!restored) {
      return Error{restored.error().message +
                   " (start with --load-rules to load the rules directory instead)"};
    }
    if (*restored) return ok_status();
  }
  if (!std::filesystem::exists(dir)) {
    spdlog::warn("rules: no stored rule set and no rules directory {}: no rule will fire", dir);
    return ok_status();
  }
  auto report = rules_->load_path(dir, "borderwatchd start-up");
  for (const auto& d : report.diagnostics) spdlog::warn("rules: {}", d.to_string());
  if (!report.ok) return Error{"rules directory " + dir + ": " + report.error};
  return ok_status();
}

void Daemon::start() {
  if (started_) return;
  started_ = true;
  ingest_thread_ = std::thread([this] {
    set_thread_name("bw-ingest");
    ingest_->run();
  });
  control_thread_ = std::thread([this] {
    set_thread_name("bw-control");
    control_->run();
  });
}

void Daemon::stop() {
  if (!started_) return;
  started_ = false;
  systemd_.stopping();
  control_->stop();
  ingest_->stop();
  ingest_thread_.join();  // returns once every received event is committed and answered
  control_thread_.join();
  spdlog::info("borderwatchd stopped: {} events accepted, {} alerts", state_->stats.accepted.load(),
               state_->stats.alerts.load());
}

control::RulesLoadReport Daemon::reload_rules() {
  systemd_.reloading();
  auto report = rules_->load_path(options_.config.rules_dir, "SIGHUP");
  for (const auto& d : report.diagnostics) spdlog::warn("rules: {}", d.to_string());
  if (!report.ok) spdlog::error("rules: reload failed, active set unchanged: {}", report.error);
  systemd_.ready("reloaded");
  return report;
}

void Daemon::run_until_signalled() {
  start();
  systemd_.ready("accepting events on " + ingest_endpoint());
  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
          reload_rules();
          signals.async_wait(on_signal);
          return;
        }
        spdlog::info("signal {}: stopping", signo);
        io.stop();
      };
  signals.async_wait(on_signal);
  io.run();
  stop();
}

}  // namespace bw::server
