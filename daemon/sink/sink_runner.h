// SinkRunner: one thread that feeds one Sink from the store, in alert sequence order.
//
// The durable cursor (store meta "sink/<name>": the next sequence number to deliver) moves
// only after the sink has the alerts, so a crash or a restart redelivers at most the last
// batch and never skips one. On first start the cursor begins at the store's next sequence
// number (a new sink does not replay history). Silenced and folded alerts are passed over.
// A failed delivery is retried from the same alert after retry_initial_ms, doubling up to
// retry_max_ms, for as long as it takes.
//
// The runner reads only from the store, so a slow or dead sink never blocks ingest or other
// sinks. notify() (from the ingest loop after a commit) wakes it; it also polls once a second.
// Thread safety: notify(), stop() and status() may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/config.h"
#include "json/value.h"
#include "sink/sink.h"
#include "store/store.h"

namespace bw::sink {

class SinkRunner {
 public:
  SinkRunner(const config::SinkConfig& config, std::unique_ptr<Sink> sink, store::Store& store);
  ~SinkRunner();  // stop()

  // Loads or creates the cursor and starts the thread. Fails on a store error.
  Status start();
  // Wakes a waiting runner (new alerts, or stop). Never blocks on delivery.
  void notify();
  // Asks the thread to end without waiting (so several runners stop in parallel).
  void request_stop();
  // Ends the thread: at most one delivery attempt in progress is waited for.
  void stop();

  // {"name", "type", "cursor", "delivered", "failures", "last_error"}
  json::Value status() const;

 private:
  void run();
  // Delivers what is pending from the cursor; false when a delivery failed.
  bool deliver_pending();
  bool persist_cursor(uint64_t next);
  // Waits up to `ms` or until notified/stopped.
  void wait_for(int ms);

  const config::SinkConfig& config_;
  std::unique_ptr<Sink> sink_;
  store::Store& store_;
  std::string cursor_key_;
  std::atomic<uint64_t> cursor_{1};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failures_{0};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace bw::sink
