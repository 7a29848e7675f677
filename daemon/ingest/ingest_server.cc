#include "ingest/ingest_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "ingest/reply.h"

namespace bw::ingest {

namespace {

constexpr size_t kMaxReadsPerTurn = 1024;  // bounded so acks and commits are not starved
// How often a burst of reads checks whether the committer has finished its batch: at about
// 7 us per event (bwbench ingest), the committer waited up to a few ms per cycle, idle, for
// the burst to end before it got the next batch.
constexpr size_t kCommitCheckReads = 32;
// While no events arrive, how often the committer is handed an empty batch so absence
// deadlines still fire (ingest/stateful_stage.h).
constexpr int64_t kTickNs = 100'000'000;
std::atomic<int> next_instance{0};

// ZeroMQ's own cap sits above the configured event limit, so an oversized event still gets a
// "rejected" reply that names its size; only absurd messages make ZeroMQ drop the peer.
int64_t transport_limit(size_t max_message_bytes) {
  return static_cast<int64_t>(std::max<size_t>(max_message_bytes, 16u << 20));
}

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Best effort: the id from a body that parsed but failed validation, so the reply can say
// which event it is about.
std::string event_id_of(std::string_view raw) {
  constexpr std::string_view kKey = "\"event_id\"";
  auto pos = raw.find(kKey);
  if (pos == std::string_view::npos) return {};
  pos = raw.find('"', raw.find(':', pos + kKey.size()));
  if (pos == std::string_view::npos) return {};
  auto end = raw.find('"', pos + 1);
  if (end == std::string_view::npos || end - pos - 1 > 128) return {};
  std::string id(raw.substr(pos + 1, end - pos - 1));
  return event::is_valid_event_id(id) ? id : std::string();
}

}  // namespace

IngestServer::IngestServer(server::SharedState& state, transport::Context& context)
    : state_(state),
      context_(context),
      router_(context, transport::SocketType::kRouter,
              {.send_hwm = 100000,
               .recv_hwm = 10000,
               .max_message_size = transport_limit(state.config.ingest.max_message_bytes)}),
      publisher_(context, transport::SocketType::kPub,
                 {.send_hwm = state.config.alerts.send_high_water_mark}),
      notify_(context, transport::SocketType::kPull),
      relay_(context, transport::SocketType::kPull),
      decoder_(state.config, state.config.ingest.max_message_bytes),
      checker_(state.config),
      preparer_(state.config),
      noise_(state.config.noise, state.store),
      shadow_stateful_(
          state.config,
          static_cast<int64_t>(state.config.stateful.allowed_lateness_minutes) * 60'000) {
  const std::string instance = std::to_string(next_instance++);
  notify_endpoint_ = "inproc://ingest-committer-" + instance;
  relay_endpoint_ = "inproc://ingest-relay-" + instance;
}

IngestServer::~IngestServer() = default;

Status IngestServer::bind() {
  if (state_.security) {
    if (auto s = state_.security->secure(router_); !s) return s;
    if (auto s = state_.security->secure(publisher_); !s) return s;
  }
  if (auto s = router_.bind(state_.config.ingest.endpoint); !s)
    return Error{"ingest: " + s.error().message};
  if (auto s = publisher_.bind(state_.config.alerts.endpoint); !s)
    return Error{"alerts: " + s.error().message};
  if (auto s = notify_.bind(notify_endpoint_); !s) return s;
  if (auto s = relay_.bind(relay_endpoint_); !s) return s;
  ingest_endpoint_ = router_.last_endpoint();
  alerts_endpoint_ = publisher_.last_endpoint();
  if (auto s = noise_.restore(state_.clock()); !s) return Error{"noise: " + s.error().message};
  stage_ = std::make_unique<StatefulStage>(
      state_, [this](alert::Alert& alert, std::vector<MetaRecord>& meta) {
        apply_noise_control(alert, state_.silences.get().get(), meta);
      });
  if (auto s = stage_->load(); !s) return s;
  committer_ = std::make_unique<Committer>(state_.store, context_, notify_endpoint_, stage_.get());
  return ok_status();
}

void IngestServer::run() {
  using namespace std::chrono_literals;
  while (!stopping_) {
    if (heartbeat_) heartbeat_();
    const bool full = current_.size() >= state_.config.ingest.max_batch && committer_->busy();
    std::vector<transport::Socket*> sockets{&notify_, &relay_};
    if (!full) sockets.push_back(&router_);
    auto ready = transport::poll_readable(sockets, 100ms);
    if (ready[0]) on_committed();
    if (ready[1]) forward_relayed();
    if (ready.size() > 2 && ready[2]) receive_available();
    advance_shadow();
    submit_if_idle();
  }
  drain();
}

void IngestServer::receive_available() {
  rules_ = state_.rules.get();
  watchlists_ = state_.watchlists.get();
  shadow_ = state_.shadow.get();
  silences_ = state_.silences.get();
  for (size_t i = 0; i < kMaxReadsPerTurn; ++i) {
    // Between two messages the loop's state is what it is between turns: the same hand-off
    // (and acks) as on the notify socket, only sooner.
    if (i % kCommitCheckReads == kCommitCheckReads - 1 && committer_->has_completed()) {
      on_committed();
    }
    if (current_.size() >= state_.config.ingest.max_batch && committer_->busy()) return;
    auto frames = router_.recv(/*dont_wait=*/true, &sender_);
    if (!frames) return;
    handle_message(*frames);
  }
}

void IngestServer::handle_message(transport::Frames& frames) {
  auto& stats = state_.stats;
  ++stats.received;
  const std::string& peer = frames[0];
  if (frames.size() != 2) {
    ++stats.rejected;
    reply(peer, {}, "rejected",
          "message: expected exactly one frame holding one JSON event, got " +
              std::to_string(frames.size() - 1));
    return;
  }
  auto decoded = decoder_.decode_in_place(frames[1]);
  if (!decoded) {
    ++stats.rejected;
    reply(peer, event_id_of(frames[1]), "rejected", decoded.error().message);
    return;
  }
  event::Event& ev = *decoded;
  if (auto s = authorize_checkpoint(ev); !s) {
    ++stats.rejected;
    reply(peer, ev.id, "rejected", s.error().message);
    return;
  }
  std::string key = ev.key();
  if (in_flight_.count(key) != 0) {
    current_.duplicates.push_back({peer, ev.id, std::move(key)});
    return;
  }
  auto seen = state_.store.has_event(key);
  if (!seen) {
    ++stats.retried;
    reply(peer, ev.id, "retry", seen.error().message);
    return;
  }
  if (*seen) {
    ++stats.duplicates;
    reply(peer, ev.id, "duplicate");
    return;
  }
  PendingEvent pending{peer, ev.id, key, std::move(ev.raw), std::nullopt, steady_ns()};
  pending.alert =
      checker_.check(ev, rules_ ? rules_->rules.get() : nullptr, watchlists_.get(), state_.clock());
  if (pending.alert) pending.alert->rule_set_version = rules_->version;
  if (pending.alert) apply_noise_control(*pending.alert, silences_.get(), current_.meta);
  if (shadow_ && shadow_->rules) {
    checker_.compare_shadow(ev, *shadow_->rules, watchlists_.get(), state_.shadow_report);
    shadow_stateful_.on_event(ev, shadow_, rules_ ? rules_->rules : nullptr, watchlists_.get(),
                              state_.clock(), state_.shadow_report);
  }
  attach_stateful(pending, ev);
  in_flight_.insert(std::move(key));
  current_.events.push_back(std::move(pending));
  if (current_.size() > stats.pending_high_water.load(std::memory_order_relaxed)) {
    stats.pending_high_water.store(current_.size(), std::memory_order_relaxed);
  }
}

void IngestServer::attach_stateful(PendingEvent& pending, event::Event& ev) {
  if (!rules_ || !rules_->rules || rules_->rules->stateful_rules().empty()) return;
  auto& contexts = current_.stateful_contexts;
  // rules_ and watchlists_ change only between receive bursts: compare with the last entry.
  if (contexts.empty() || contexts.back().rules != rules_->rules ||
      contexts.back().rule_set_version != rules_->version ||
      contexts.back().watchlists != watchlists_) {
    contexts.push_back({rules_->rules, rules_->version, watchlists_});
  }
  pending.stateful_context = static_cast<uint32_t>(contexts.size() - 1);
  pending.received_at = state_.clock();
  auto& hits = current_.stateful_hits;
  pending.hits_begin = static_cast<uint32_t>(hits.size());
  preparer_.prepare(ev, *rules_->rules, watchlists_.get(), pending.received_at, hits);
  pending.hits_count = static_cast<uint32_t>(hits.size() - pending.hits_begin);
  pending.stateful_event.emplace(std::move(ev));
}

Status IngestServer::authorize_checkpoint(const event::Event& ev) const {
  if (state_.security == nullptr) return ok_status();
  auto s = state_.security->check_checkpoint(sender_, ev.checkpoint);
  if (!s) spdlog::warn("security: event {} refused: {}", ev.id, s.error().message);
  return s;
}

void IngestServer::reply(const std::string& peer, std::string_view event_id,
                         std::string_view status, std::string_view error) {
  // dont_wait: a checkpoint that stopped reading must not stall every other checkpoint.
  // Not Frames{peer, body}: an initializer list would copy the freshly built body.
  transport::Frames frames(2);
  frames[0] = peer;
  frames[1] = format_reply(event_id, status, error);
  router_.send(frames, /*dont_wait=*/true);
}

void IngestServer::on_committed() {
  while (notify_.recv(/*dont_wait=*/true)) {
  }
  auto batch = committer_->take_completed();
  if (!batch) return;
  auto& stats = state_.stats;
  if (batch->written) {
    ++stats.batches;
    stats.commit_micros += static_cast<uint64_t>(batch->commit_micros);
  }
  const bool ok = batch->result.ok();
  // The committer is free again: hand it the batch built meanwhile before this one's acks, so
  // its stateful stage and synced write overlap with the replies, the publishing and the next
  // reads instead of waiting for them (up to 1,024 reads: milliseconds per cycle). Not after a
  // failure: resends in current_ of an original that just failed must first be moved to
  // "retry" (retry_duplicates_of), or they would be told "duplicate" of nothing stored.
  if (ok && !current_.empty()) submit_current();
  for (const auto& ev : batch->events) {
    in_flight_.erase(ev.key);
    if (ok) {
      reply(ev.peer, ev.event_id, "accepted");
    } else {
      reply(ev.peer, ev.event_id, "retry", batch->result.error().message);
    }
  }
  (ok ? stats.accepted : stats.retried) += batch->events.size();
  for (const auto& dup : batch->duplicates) {
    // The original was in this batch or an earlier one; if this batch failed, so did it.
    reply(dup.peer, dup.event_id, ok ? "duplicate" : "retry");
  }
  (ok ? stats.duplicates : stats.retried) += batch->duplicates.size();
  if (!ok) retry_duplicates_of(*batch);
  if (ok) stats.stateful_alerts += batch->stateful_alerts.size();
  for (const auto& [topic, json] : batch->published) {
    publisher_.send(transport::Frames{topic, json}, /*dont_wait=*/true);
  }
  stats.alerts += batch->published.size();
  noise_committed(*batch);
}

void IngestServer::retry_duplicates_of(const Batch& failed) {
  // Resends waiting in the next batch for an original that just failed must not be told
  // "duplicate": nothing of theirs is stored.
  std::unordered_set<std::string_view> failed_keys;
  for (const auto& ev : failed.events) failed_keys.insert(ev.key);
  auto& dups = current_.duplicates;
  for (auto it = dups.begin(); it != dups.end();) {
    if (failed_keys.count(it->key) == 0) {
      ++it;
      continue;
    }
    reply(it->peer, it->event_id, "retry", failed.result.error().message);
    ++state_.stats.retried;
    it = dups.erase(it);
  }
}

void IngestServer::forward_relayed() {
  while (auto frames = relay_.recv(/*dont_wait=*/true)) {
    if (frames->size() == 2) publisher_.send(*frames, /*dont_wait=*/true);
  }
}

void IngestServer::advance_shadow() {
  const auto active = state_.rules.get();
  shadow_stateful_.advance(state_.shadow.get(), active ? active->rules : nullptr, state_.clock(),
                           state_.shadow_report);
}

void IngestServer::submit_if_idle() {
  if (committer_->busy()) return;
  const int64_t now = steady_ns();
  if (current_.empty() && now - last_submit_ns_ < kTickNs) return;
  submit_current();
}

void IngestServer::submit_current() {
  last_submit_ns_ = steady_ns();
  committer_->submit(std::move(current_));
  current_ = Batch{};
}

void IngestServer::drain() {
  using namespace std::chrono_literals;
  // Whatever was received is committed and acknowledged before the loop returns.
  while (committer_->busy() || !current_.empty()) {
    auto ready = transport::poll_readable({&notify_}, 100ms);
    if (ready[0]) on_committed();
    if (!committer_->busy() && !current_.empty()) {
      committer_->submit(std::move(current_));
      current_ = Batch{};
    }
  }
  committer_.reset();
}

}  // namespace bw::ingest
