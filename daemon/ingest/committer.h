// Committer: the thread that makes batches durable. The ingest loop hands it one batch at a
// time; it runs the stateful rules over it (ingest/stateful_stage.h), assigns alert sequence
// numbers, writes events, alerts and rule state in one synced store write, then wakes the
// loop through an inproc socket so the loop can ack and publish. An empty batch is a tick: it
// lets absence deadlines fire while no events arrive, and is written only if one did.
// While it syncs, the loop keeps receiving and checking the next batch: that overlap is
// where group commit gets its throughput.
//
// Thread safety: submit()/take_completed() are called by the ingest loop thread only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "ingest/batch.h"
#include "ingest/stateful_stage.h"
#include "store/store.h"
#include "transport/socket.h"

namespace bw::ingest {

class Committer {
 public:
  // `notify_endpoint` is an inproc endpoint the loop has bound a PULL socket to. `stage`, when
  // not null, must outlive the committer and is used from its thread only from now on.
  Committer(store::Store& store, transport::Context& context, const std::string& notify_endpoint,
            StatefulStage* stage = nullptr);
  ~Committer();  // finishes the batch in progress, then stops

  // Precondition: busy() is false.
  void submit(Batch batch);
  bool busy() const { return busy_; }
  // The finished batch, once the notify socket has signalled; clears busy().
  std::optional<Batch> take_completed();
  // Whether a finished batch waits for take_completed(), possibly before the notify socket
  // has signalled it: lets the loop hand over the next batch in the middle of a burst of
  // reads instead of after it. A notify that comes after its batch was taken this way finds
  // nothing to take.
  bool has_completed() const { return completed_.load(std::memory_order_acquire); }

 private:
  void run();
  void commit(Batch& batch);

  store::Store& store_;
  transport::Context& context_;
  StatefulStage* stage_;
  std::string notify_endpoint_;
  bool busy_ = false;  // loop thread only

  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Batch> todo_;
  std::optional<Batch> done_;
  std::atomic<bool> completed_{false};  // done_ holds a batch
  bool stopping_ = false;
  uint64_t failures_in_row_ = 0;  // committer thread only: to log an outage, not every batch
  std::thread thread_;
};

}  // namespace bw::ingest
