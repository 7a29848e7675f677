// The ingest loop: receives events on a ZeroMQ ROUTER, validates and checks them, hands them
// to the Committer in group-commit batches, and only after a batch is durable sends each
// checkpoint its reply and publishes the batch's alerts on the PUB socket.
//
// Reply protocol (one JSON object per event, on the sender's DEALER):
//   {"event_id":"E1","status":"accepted"}    durable; alerts (if any) are stored too
//   {"event_id":"E1","status":"duplicate"}   seen before and durable; nothing new happens
//   {"event_id":"E1","status":"rejected","error":"time: ..."}  never stored; fix and resend
//   {"event_id":"E1","status":"retry","error":"store: ..."}    not stored; resend later
//
// Threads: run() is the loop and owns every socket it uses; stop() may be called from any
// thread. Back-pressure: while one batch is syncing and the next is full, the loop stops
// reading, so ZeroMQ queues fill and senders block instead of memory growing.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>

#include "event/decode.h"
#include "ingest/batch.h"
#include "ingest/committer.h"
#include "ingest/event_checker.h"
#include "ingest/shadow_stateful.h"
#include "ingest/stateful_stage.h"
#include "noise/noise_filter.h"
#include "server/shared_state.h"
#include "transport/socket.h"

namespace bw::ingest {

class IngestServer {
 public:
  IngestServer(server::SharedState& state, transport::Context& context);
  ~IngestServer();

  // Binds the ingest ROUTER and the alerts PUB. Fails on a bad or busy endpoint.
  Status bind();
  std::string ingest_endpoint() const { return ingest_endpoint_; }
  std::string alerts_endpoint() const { return alerts_endpoint_; }
  // inproc PULL whose two-frame messages (topic, body) the loop forwards to the PUB socket:
  // how other threads (alert state changes) publish without touching the PUB socket.
  std::string relay_endpoint() const { return relay_endpoint_; }

  // Runs until stop(); then stops reading, finishes and acks what is in flight, returns.
  void run();
  void stop() { stopping_ = true; }

  // Called from the loop on every turn (at least every 100 ms): the systemd watchdog hook.
  void set_heartbeat(std::function<void()> fn) { heartbeat_ = std::move(fn); }
  // Called from the loop after a commit that stored alerts: wakes the sinks (sink/sink_set.h).
  // Must not block.
  void set_alerts_committed(std::function<void()> fn) { alerts_committed_ = std::move(fn); }

 private:
  void receive_available();
  void handle_message(transport::Frames& frames);
  void reply(const std::string& peer, std::string_view event_id, std::string_view status,
             std::string_view error = {});
  void on_committed();
  void retry_duplicates_of(const Batch& failed);
  // Hands the committer the batch being built, or a tick while none arrives (stateful_stage.h).
  void submit_if_idle();
  void submit_current();  // precondition: the committer is not busy
  void drain();
  void forward_relayed();
  void advance_shadow();  // the shadow run's stateful engines' deadlines (shadow_stateful.h)
  // Gives `pending` what the committer's stateful stage needs of `ev` (moved from), when
  // stateful rules are active: the event and its hits for the rules (temporal/prepare.h),
  // evaluated here, where there is time to spare, rather than on the committer, which acks
  // wait on. The rules and lists go into current_.stateful_contexts.
  void attach_stateful(PendingEvent& pending, event::Event& ev);
  // ingest/noise_hook.cc. Both threads decide (the loop for events' alerts, the committer for
  // stateful ones), so noise_ is only touched under noise_mu_.
  void apply_noise_control(alert::Alert& alert, const noise::SilenceSet* silences,
                           std::vector<MetaRecord>& meta);
  void noise_committed(const Batch& batch);  // after every commit, failed ones included
  Status authorize_checkpoint(const event::Event& ev) const;

  server::SharedState& state_;
  transport::Context& context_;
  transport::Socket router_;
  transport::Socket publisher_;
  transport::Socket notify_;
  transport::Socket relay_;
  std::string ingest_endpoint_;
  std::string alerts_endpoint_;
  std::string notify_endpoint_;
  std::string relay_endpoint_;
  event::EventDecoder decoder_;
  EventChecker checker_;
  temporal::Preparer preparer_;           // the stateful rules' per-event evaluation (loop thread)
  std::unique_ptr<StatefulStage> stage_;  // used by the committer's thread once it starts
  std::unique_ptr<Committer> committer_;
  int64_t last_submit_ns_ = 0;
  Batch current_;
  std::unordered_set<std::string> in_flight_;  // keys in current_ or in the committer
  std::atomic<bool> stopping_{false};
  std::function<void()> heartbeat_;
  std::shared_ptr<const server::ActiveRules> rules_;  // refreshed per receive burst
  std::shared_ptr<const watchlist::WatchlistSet> watchlists_;
  std::shared_ptr<const ShadowRun> shadow_;
  std::mutex noise_mu_;
  noise::NoiseFilter noise_;  // guarded by noise_mu_
  std::shared_ptr<const noise::SilenceSet> silences_;
  std::function<void()> alerts_committed_;
  std::string sender_;  // authenticated user of the message being handled ("" without CURVE)
  ShadowStateful shadow_stateful_;
};

}  // namespace bw::ingest
