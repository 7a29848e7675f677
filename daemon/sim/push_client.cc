#include "sim/push_client.h"

#include "ingest/reply.h"

#include <algorithm>

#include "event/decode.h"

namespace bw::sim {

namespace {

constexpr size_t kMaxRepliesPerPump = 8192;  // bounded so timers and sends are not starved
constexpr int64_t kReplyLimitBytes = 1 << 20;

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t to_ns(std::chrono::milliseconds ms) {
  return ms.count() * 1'000'000;
}

transport::SocketOptions dealer_options(const PushOptions& o) {
  // Both queues hold a whole window and its resends: a DEALER blocks (we get EAGAIN and
  // keep the event) rather than drops, and the reply side must never be the bottleneck.
  const int hwm = static_cast<int>(std::clamp<size_t>(o.window * 2 + 1000, 1000, 10'000'000));
  transport::SocketOptions s;
  s.linger_ms = 0;
  s.send_hwm = hwm;
  s.recv_hwm = hwm;
  s.max_message_size = kReplyLimitBytes;
  s.identity = o.identity;
  return s;
}

}  // namespace

const char* to_string(FinalStatus s) {
  switch (s) {
    case FinalStatus::kAccepted:
      return "accepted";
    case FinalStatus::kDuplicate:
      return "duplicate";
    case FinalStatus::kRejected:
      return "rejected";
    case FinalStatus::kUnanswered:
      return "unanswered";
  }
  return "unknown";
}

PushClient::PushClient(transport::Context& context, PushOptions options)
    : options_(std::move(options)),
      socket_(context, transport::SocketType::kDealer, dealer_options(options_)),
      parser_(json::ParseLimits{static_cast<size_t>(kReplyLimitBytes), 8}) {}

PushClient::~PushClient() = default;

Result<std::unique_ptr<PushClient>> PushClient::connect(transport::Context& context,
                                                        PushOptions options) {
  if (options.window == 0) return Error{"push client: window must be at least 1"};
  if (options.reply_timeout.count() <= 0) {
    return Error{"push client: reply timeout must be positive"};
  }
  if (options.max_attempts < 0) return Error{"push client: max_attempts must be >= 0"};
  std::unique_ptr<PushClient> c(new PushClient(context, std::move(options)));
  if (auto s = c->options_.curve.apply(c->socket_); !s) return s.error();
  if (auto s = c->socket_.connect(c->options_.endpoint); !s) return s.error();
  return c;
}

PushClient::Submit PushClient::submit(std::string event_id, std::string json) {
  if (!event::is_valid_event_id(event_id)) return Submit::kBadId;
  if (!has_room()) return Submit::kWindowFull;
  auto [it, inserted] = pending_.try_emplace(std::move(event_id));
  if (!inserted) return Submit::kIdInFlight;
  it->second.json = std::move(json);
  ++counters_.submitted;
  if (unsent_.empty()) {
    send(it->first, it->second);
  } else {
    unsent_.push_back(it->first);  // keep the order: earlier events go first
  }
  return Submit::kSent;
}

bool PushClient::send(const std::string& id, Pending& p) {
  if (!socket_.send(p.json, /*dont_wait=*/true)) {
    unsent_.push_back(id);
    return false;
  }
  const int64_t now = steady_ns();
  if (p.first_sent_ns == 0) p.first_sent_ns = now;
  ++p.attempts;
  ++counters_.sends;
  if (p.attempts > 1) ++counters_.resends;
  timeouts_.push_back({now + to_ns(options_.reply_timeout), id, ++p.generation});
  return true;
}

void PushClient::flush_unsent() {
  while (!unsent_.empty()) {
    std::string id = std::move(unsent_.front());
    unsent_.pop_front();
    auto it = pending_.find(id);
    if (it == pending_.end()) continue;  // settled meanwhile (abandoned)
    if (!send(id, it->second)) {
      // send() queued it at the back; it belongs at the front.
      unsent_.pop_back();
      unsent_.push_front(std::move(id));
      return;
    }
  }
}

void PushClient::on_overdue(PendingMap::iterator it) {
  Pending& p = it->second;
  if (!resend_) {
    settle(it, FinalStatus::kUnanswered, "no reply before stopping");
  } else if (options_.max_attempts > 0 && p.attempts >= options_.max_attempts) {
    settle(it, FinalStatus::kUnanswered,
           "no acknowledgement after " + std::to_string(p.attempts) + " attempts");
  } else {
    send(it->first, p);
  }
}

void PushClient::fire_timers(int64_t now) {
  for (auto* timers : {&timeouts_, &retries_}) {
    const bool is_timeout = timers == &timeouts_;
    while (!timers->empty() && timers->front().due_ns <= now) {
      Timer t = std::move(timers->front());
      timers->pop_front();
      auto it = pending_.find(t.id);
      if (it == pending_.end() || it->second.generation != t.generation) continue;  // stale
      if (is_timeout) ++counters_.timeouts;
      on_overdue(it);
    }
  }
}

void PushClient::receive_replies() {
  for (size_t i = 0; i < kMaxRepliesPerPump; ++i) {
    auto frames = socket_.recv(/*dont_wait=*/true);
    if (!frames) return;
    if (frames->size() != 1) {
      ++counters_.bad_replies;
      continue;
    }
    handle_reply(frames->front());
  }
}

void PushClient::handle_reply(std::string_view body) {
  // Nearly every reply is a plain accepted/duplicate: read it without building a JSON tree.
  if (auto plain = ingest::read_plain_reply(body)) {
    auto it = pending_.find(std::string(plain->event_id));
    if (it == pending_.end()) {
      ++counters_.late_replies;
      return;
    }
    settle_status(it, plain->status, {});
    return;
  }
  auto reply = parser_.parse(body);
  const json::Value* id = reply ? reply->find("event_id") : nullptr;
  const json::Value* status = reply ? reply->find("status") : nullptr;
  if (id == nullptr || !id->is_string() || status == nullptr || !status->is_string()) {
    ++counters_.bad_replies;
    if (reply) last_error_ = reply->string_or("error", "reply without event_id");
    return;
  }
  auto it = pending_.find(id->as_string());
  if (it == pending_.end()) {
    ++counters_.late_replies;
    return;
  }
  settle_status(it, status->as_string(), reply->string_or("error"));
}

void PushClient::settle_status(PendingMap::iterator it, std::string_view s,
                               const std::string& error) {
  if (s == "accepted") {
    settle(it, FinalStatus::kAccepted, {});
  } else if (s == "duplicate") {
    if (it->second.attempts > 1) ++counters_.duplicate_after_resend;
    settle(it, FinalStatus::kDuplicate, {});
  } else if (s == "rejected") {
    last_error_ = error;
    settle(it, FinalStatus::kRejected, error);
  } else if (s == "retry") {
    ++counters_.retry_replies;
    last_error_ = error;
    Pending& p = it->second;
    if (!resend_ || (options_.max_attempts > 0 && p.attempts >= options_.max_attempts)) {
      settle(it, FinalStatus::kUnanswered, "daemon asked to retry: " + error);
    } else {
      retries_.push_back({steady_ns() + to_ns(options_.retry_delay), it->first, ++p.generation});
    }
  } else {
    ++counters_.bad_replies;
  }
}

void PushClient::settle(PendingMap::iterator it, FinalStatus status, std::string_view error) {
  const Pending& p = it->second;
  EventOutcome out{it->first, status, error, p.attempts, p.first_sent_ns, 0};
  switch (status) {
    case FinalStatus::kAccepted:
      ++counters_.accepted;
      break;
    case FinalStatus::kDuplicate:
      ++counters_.duplicate;
      break;
    case FinalStatus::kRejected:
      ++counters_.rejected;
      break;
    case FinalStatus::kUnanswered:
      ++counters_.unanswered;
      break;
  }
  if (status != FinalStatus::kUnanswered) {
    out.answered_ns = steady_ns();
    if (status != FinalStatus::kRejected) latency_.record(out.answered_ns - p.first_sent_ns);
  }
  if (options_.on_outcome) options_.on_outcome(out);
  pending_.erase(it);
}

int64_t PushClient::next_timer_ns() const {
  int64_t next = INT64_MAX;
  if (!timeouts_.empty()) next = timeouts_.front().due_ns;
  if (!retries_.empty()) next = std::min(next, retries_.front().due_ns);
  return next;
}

void PushClient::pump(std::chrono::milliseconds max_wait) {
  flush_unsent();
  fire_timers(steady_ns());
  receive_replies();
  const int64_t now = steady_ns();
  int64_t wait_ns = std::min(to_ns(max_wait), next_timer_ns() - now);
  // ZeroMQ cannot tell us when its send queue has room again: look back soon.
  if (!unsent_.empty()) wait_ns = std::min<int64_t>(wait_ns, 1'000'000);
  if (wait_ns <= 0) return;
  const auto wait = std::chrono::milliseconds((wait_ns + 999'999) / 1'000'000);
  if (transport::poll_readable({&socket_}, wait)[0]) receive_replies();
  fire_timers(steady_ns());
}

bool PushClient::wait_for_room(std::chrono::milliseconds max_wait) {
  const int64_t deadline = steady_ns() + to_ns(max_wait);
  while (!has_room()) {
    const int64_t left = deadline - steady_ns();
    if (left <= 0) return false;
    pump(std::chrono::milliseconds(std::min<int64_t>(left / 1'000'000 + 1, 100)));
  }
  return true;
}

bool PushClient::drain(std::chrono::milliseconds max_wait, bool resend) {
  resend_ = resend;
  if (!resend) {
    // Stopping: what never left the client is given up now rather than sent late.
    for (const auto& id : unsent_) {
      auto it = pending_.find(id);
      if (it != pending_.end()) settle(it, FinalStatus::kUnanswered, "not sent before stopping");
    }
    unsent_.clear();
  }
  const int64_t deadline = steady_ns() + to_ns(max_wait);
  while (!pending_.empty()) {
    const int64_t left = deadline - steady_ns();
    if (left <= 0) break;
    pump(std::chrono::milliseconds(std::min<int64_t>(left / 1'000'000 + 1, 100)));
  }
  resend_ = true;
  return pending_.empty();
}

void PushClient::abandon() {
  while (!pending_.empty()) settle(pending_.begin(), FinalStatus::kUnanswered, "abandoned");
  unsent_.clear();
  timeouts_.clear();
  retries_.clear();
}

}  // namespace bw::sim
