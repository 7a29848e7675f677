#include "sink/sink_runner.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "alert/alert.h"
#include "json/parse.h"
#include "util/thread_name.h"

namespace bw::sink {

namespace {

constexpr size_t kBatch = 256;
constexpr int kPollMs = 1000;

}  // namespace

SinkRunner::SinkRunner(const config::SinkConfig& config, std::unique_ptr<Sink> sink,
                       store::Store& store)
    : config_(config), sink_(std::move(sink)), store_(store), cursor_key_("sink/" + config.name) {}

SinkRunner::~SinkRunner() {
  stop();
}

Status SinkRunner::start() {
  auto stored = store_.get_meta(cursor_key_);
  if (!stored) return Error{"sink " + config_.name + ": " + stored.error().message};
  if (stored->has_value()) {
    cursor_ = std::strtoull((*stored)->c_str(), nullptr, 10);
    if (cursor_ == 0) cursor_ = 1;
  } else {
    cursor_ = store_.next_alert_seq();
    if (auto s = store_.put_meta(cursor_key_, std::to_string(cursor_.load()), true); !s) {
      return Error{"sink " + config_.name + ": " + s.error().message};
    }
  }
  thread_ = std::thread([this] {
    set_thread_name("bw-sink");
    run();
  });
  return ok_status();
}

void SinkRunner::notify() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void SinkRunner::request_stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  sink_->cancel();
}

void SinkRunner::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

json::Value SinkRunner::status() const {
  json::Value v;
  v.set("name", config_.name);
  v.set("type", config_.type);
  v.set("cursor", cursor_.load());
  v.set("delivered", delivered_.load());
  v.set("failures", failures_.load());
  std::lock_guard lock(mu_);
  v.set("last_error", last_error_);
  return v;
}

void SinkRunner::wait_for(int ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return woken_ || stopping_; });
  woken_ = false;
}

void SinkRunner::run() {
  int backoff_ms = config_.retry_initial_ms;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (deliver_pending()) {
      backoff_ms = config_.retry_initial_ms;
      if (store_.next_alert_seq() > cursor_) continue;  // more arrived meanwhile
      wait_for(kPollMs);
      continue;
    }
    ++failures_;
    wait_for(backoff_ms);
    backoff_ms = std::min(backoff_ms * 2, config_.retry_max_ms);
  }
}

bool SinkRunner::deliver_pending() {
  const uint64_t from = cursor_;
  auto batch = store_.alerts_since(from, kBatch);
  Status result = batch ? ok_status() : Status(batch.error());
  uint64_t next = from;
  if (batch) {
    for (const auto& a : *batch) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) break;
      }
      auto parsed = json::parse(a.json);
      // A stored alert that does not parse cannot be delivered by any retry: skip it loudly.
      if (!parsed) {
        spdlog::error("sink {}: stored alert #{} is corrupt, skipped", config_.name, a.seq);
      } else if (alert::is_pushed(*parsed)) {
        result = sink_->deliver(a, *parsed);
        if (!result) break;
        ++delivered_;
      }
      next = a.seq + 1;
    }
  }
  if (next != from) {
    // What was delivered before a failure still counts, once the sink has made it durable.
    if (auto s = sink_->flush(); !s) {
      result = s;
      next = from;
    }
  }
  if (next != from && !persist_cursor(next)) return false;
  if (!result) {
    std::lock_guard lock(mu_);
    if (last_error_ != result.error().message) {
      spdlog::warn("sink {}: delivery failed, retrying with backoff: {}", config_.name,
                   result.error().message);
    }
    last_error_ = result.error().message;
    return false;
  }
  return true;
}

bool SinkRunner::persist_cursor(uint64_t next) {
  // Not synced: losing the last cursor move to a power cut only redelivers (at least once).
  if (auto s = store_.put_meta(cursor_key_, std::to_string(next), false); !s) {
    std::lock_guard lock(mu_);
    last_error_ = s.error().message;
    return false;
  }
  cursor_ = next;
  return true;
}

}  // namespace bw::sink
