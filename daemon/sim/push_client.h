// PushClient: a checkpoint's side of the ingest protocol (ingest/ingest_server.h). One
// DEALER connected to the daemon's ingest ROUTER; events are pipelined up to a window, each
// reply is matched to its event by event_id, and an event is resent (same id, same bytes)
// when no reply comes within reply_timeout or the daemon answers "retry".
//
// Contract:
// - Every submitted event gets exactly one final outcome: accepted, duplicate, rejected or
//   unanswered (given up after max_attempts, abandoned by drain(resend=false) or abandon()).
//   Replies that arrive after that (answers to resends) are counted as late and ignored.
// - "duplicate" after a resend means an earlier send got in: the event is durable.
// - Latency is measured on the steady clock from the first send to the final reply.
// - Memory is bounded by the window (plus the reply queue ZeroMQ keeps, sized to it).
// Failure: connect() returns an Error for a bad endpoint or options; afterwards nothing
// throws. A daemon that is down shows up as timeouts and resends, not as errors.
// Thread safety: none; one thread drives a client (as with any ZeroMQ socket). The
// transport::Context must outlive it. The destructor drops what is in flight without
// outcomes (linger 0): call drain() first to finish cleanly.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "json/parse.h"
#include "sim/latency.h"
#include "transport/curve.h"
#include "transport/socket.h"
#include "util/result.h"

namespace bw::sim {

enum class FinalStatus { kAccepted, kDuplicate, kRejected, kUnanswered };
const char* to_string(FinalStatus s);

struct EventOutcome {
  std::string_view event_id;
  FinalStatus status = FinalStatus::kUnanswered;
  std::string_view error;     // rejected: the daemon's reason; unanswered: why we gave up
  int attempts = 0;           // messages sent for this event
  int64_t first_sent_ns = 0;  // steady clock; 0 if it never left the client
  int64_t answered_ns = 0;    // steady clock; 0 when unanswered
};

struct PushOptions {
  std::string endpoint = "tcp://127.0.0.1:7700";
  size_t window = 1000;  // events sent and not yet settled
  std::chrono::milliseconds reply_timeout{5000};
  std::chrono::milliseconds retry_delay{250};  // after a "retry" reply, before resending
  int max_attempts = 0;                        // 0: keep trying until settled
  std::string identity;                        // DEALER routing id ("" = ZeroMQ picks one)
  transport::CurveClientKeys curve;            // the checkpoint's CURVE keys, if the daemon uses it
  // Called once per event, on the client's thread, when its outcome is final.
  std::function<void(const EventOutcome&)> on_outcome;
};

struct PushCounters {
  uint64_t submitted = 0;
  uint64_t sends = 0;  // messages handed to ZeroMQ, resends included
  uint64_t resends = 0;
  uint64_t timeouts = 0;  // resends (or give-ups) because a reply was overdue
  uint64_t retry_replies = 0;
  uint64_t accepted = 0;  // final outcomes from here
  uint64_t duplicate = 0;
  uint64_t rejected = 0;
  uint64_t unanswered = 0;
  uint64_t duplicate_after_resend = 0;  // of `duplicate`
  uint64_t late_replies = 0;            // for events already settled
  uint64_t bad_replies = 0;             // unparseable, or naming no event
  uint64_t acknowledged() const { return accepted + duplicate; }
  uint64_t settled() const { return accepted + duplicate + rejected + unanswered; }
};

class PushClient {
 public:
  static Result<std::unique_ptr<PushClient>> connect(transport::Context& context,
                                                     PushOptions options);
  ~PushClient();
  PushClient(const PushClient&) = delete;
  PushClient& operator=(const PushClient&) = delete;

  enum class Submit { kSent, kWindowFull, kIdInFlight, kBadId };
  // Takes one event (a single JSON object; event_id must be the one inside it). Never blocks:
  // kWindowFull means call wait_for_room() or pump() first. kSent means it is in flight (it
  // may still sit in the client if ZeroMQ's queue is full; pump() moves it on).
  Submit submit(std::string event_id, std::string json);

  // Sends what is queued, resends what is due, settles replies. Waits up to max_wait for a
  // reply when there is nothing to do.
  void pump(std::chrono::milliseconds max_wait);
  // Pumps until the window has room; false when max_wait passed first.
  bool wait_for_room(std::chrono::milliseconds max_wait);
  // Pumps until nothing is in flight; false when max_wait passed first. With resend=false
  // nothing more is resent: each event waits for its current reply deadline, then is given
  // up (what a clean Ctrl-C needs).
  bool drain(std::chrono::milliseconds max_wait, bool resend = true);
  // Gives up everything in flight now (outcome unanswered).
  void abandon();

  size_t in_flight() const { return pending_.size(); }
  bool has_room() const { return pending_.size() < options_.window; }
  const PushCounters& counters() const { return counters_; }
  const LatencyHistogram& ack_latency() const { return latency_; }
  const std::string& last_error() const { return last_error_; }  // latest rejection or retry
  const PushOptions& options() const { return options_; }

 private:
  struct Pending {
    std::string json;
    int attempts = 0;
    int64_t first_sent_ns = 0;
    uint64_t generation = 0;  // bumped whenever a new timer is set: older timers are stale
  };
  struct Timer {
    int64_t due_ns;
    std::string id;
    uint64_t generation;
  };
  using PendingMap = std::unordered_map<std::string, Pending>;

  PushClient(transport::Context& context, PushOptions options);
  bool send(const std::string& id, Pending& p);
  void flush_unsent();
  void fire_timers(int64_t now);
  void on_overdue(PendingMap::iterator it);
  void receive_replies();
  void handle_reply(std::string_view body);
  void settle_status(PendingMap::iterator it, std::string_view status, const std::string& error);
  void settle(PendingMap::iterator it, FinalStatus status, std::string_view error);
  int64_t next_timer_ns() const;

  PushOptions options_;
  transport::Socket socket_;
  json::JsonParser parser_;
  PendingMap pending_;
  std::deque<std::string> unsent_;  // ids ZeroMQ would not take yet (queue full)
  std::deque<Timer> timeouts_;      // reply deadlines: FIFO since the timeout is constant
  std::deque<Timer> retries_;       // resends after "retry": FIFO for the same reason
  bool resend_ = true;
  PushCounters counters_;
  LatencyHistogram latency_;
  std::string last_error_;
};

}  // namespace bw::sim
