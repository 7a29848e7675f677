#include "ingest/committer.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "temporal/engine.h"  // coalesce()
#include "util/thread_name.h"

namespace bw::ingest {

Committer::Committer(store::Store& store, transport::Context& context,
                     const std::string& notify_endpoint, StatefulStage* stage)
    : store_(store), context_(context), stage_(stage), notify_endpoint_(notify_endpoint) {
  thread_ = std::thread([this] {
    set_thread_name("bw-commit");
    run();
  });
}

Committer::~Committer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Committer::submit(Batch batch) {
  busy_ = true;
  {
    std::lock_guard lock(mu_);
    todo_ = std::move(batch);
  }
  cv_.notify_all();
}

std::optional<Batch> Committer::take_completed() {
  std::lock_guard lock(mu_);
  if (!done_) return std::nullopt;
  std::optional<Batch> out = std::move(done_);
  done_.reset();
  completed_.store(false, std::memory_order_release);
  busy_ = false;
  return out;
}

void Committer::run() {
  transport::Socket notify(context_, transport::SocketType::kPush);
  if (auto s = notify.connect(notify_endpoint_); !s) {
    spdlog::critical("committer: {}", s.error().message);
    std::abort();  // programming error: the loop binds this endpoint before starting us
  }
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return todo_.has_value() || stopping_; });
      if (!todo_) return;
      batch = std::move(*todo_);
      todo_.reset();
    }
    commit(batch);
    {
      std::lock_guard lock(mu_);
      done_ = std::move(batch);
      completed_.store(true, std::memory_order_release);
    }
    notify.send(std::string_view("done"));
  }
}

void Committer::commit(Batch& batch) {
  if (stage_ != nullptr) {
    // Evaluated against stale state, an event could miss its alert: "retry" instead.
    if (batch.result = stage_->process(batch); !batch.result) return;
  }
  store::CommitBatch cb;
  cb.events.reserve(batch.events.size());
  uint64_t seq = store_.next_alert_seq();
  for (auto& ev : batch.events) {
    cb.events.emplace_back(ev.key, ev.raw);
    if (!ev.alert) continue;
    ev.alert->seq = seq++;
    cb.alerts.push_back({ev.alert->seq, alert::to_json(*ev.alert)});
  }
  for (auto& a : batch.stateful_alerts) {
    a.seq = seq++;
    cb.alerts.push_back({a.seq, alert::to_json(a)});
  }
  batch.touched_state = !batch.state_ops.empty();
  temporal::coalesce(batch.state_ops);
  cb.state_ops = std::move(batch.state_ops);
  cb.meta = std::move(batch.meta);
  if (cb.events.empty() && cb.alerts.empty() && cb.state_ops.empty() && cb.meta.empty()) {
    return;  // a tick that fired nothing: no synced write
  }
  batch.written = true;
  const auto started = std::chrono::steady_clock::now();
  batch.result = store_.commit(cb);
  batch.commit_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
  if (!batch.result) {
    // A full disk fails every batch until space returns: log the start, then every 1,000th.
    if (failures_in_row_++ % 1000 == 0) {
      spdlog::error("ingest: commit of {} events failed ({} in a row), replying retry: {}",
                    batch.events.size(), failures_in_row_, batch.result.error().message);
    }
    // The stage's memory moved on with this batch; it must not run ahead of the disk.
    const bool staged = batch.touched_state || !batch.stateful_alerts.empty();
    if (staged && stage_ != nullptr) stage_->recover();
    return;
  }
  if (failures_in_row_ > 0) {
    spdlog::warn("ingest: store writable again after {} failed commits", failures_in_row_);
    failures_in_row_ = 0;
  }
  batch.published.reserve(cb.alerts.size());
  size_t i = 0;
  for (const auto& ev : batch.events) {
    if (!ev.alert) continue;
    auto& json = cb.alerts[i++].json;
    // Silenced alerts are stored, never pushed; folded repeats go out as updates.
    if (auto t = alert::publish_topic(*ev.alert)) batch.published.emplace_back(*t, std::move(json));
  }
  for (const auto& a : batch.stateful_alerts) {
    auto& json = cb.alerts[i++].json;
    if (auto t = alert::publish_topic(a)) batch.published.emplace_back(*t, std::move(json));
  }
}

}  // namespace bw::ingest
