#include "alert/alert_follower.h"

#include "json/parse.h"

namespace bw::alert {

namespace {

std::string topic_of(const json::Value& a) {
  return "alert." + a.string_or("priority") + "." + a.string_or("checkpoint");
}

}  // namespace

AlertFollower::AlertFollower(transport::Context& context, const std::string& alerts_endpoint,
                             const std::string& control_endpoint, uint64_t from_seq,
                             std::string topic_prefix, const transport::CurveClientKeys& curve)
    : sub_(context, transport::SocketType::kSub, {.recv_hwm = 100000, .subscriptions = {"alert."}}),
      control_(context, control_endpoint),
      topic_prefix_(std::move(topic_prefix)),
      next_seq_(from_seq == 0 ? 1 : from_seq) {
  if (curve.enabled()) {
    setup_ = curve.apply(sub_);
    control_.set_curve(curve);
  }
  (void)sub_.connect(alerts_endpoint);  // lazy: an absent daemon shows as no live alerts
}

bool AlertFollower::wanted(const json::Value& a) const {
  return topic_of(a).rfind(topic_prefix_, 0) == 0;
}

size_t AlertFollower::deliver(const json::Value& a, const Handler& handler) {
  next_seq_ = static_cast<uint64_t>(a.number_or("seq", 0)) + 1;
  if (!wanted(a)) return 0;
  handler(a);
  return 1;
}

Result<size_t> AlertFollower::fill_from_store(uint64_t up_to, const Handler& handler) {
  size_t delivered = 0;
  while (next_seq_ < up_to) {
    json::Value req;
    req.set("cmd", "alerts.since");
    req.set("from", next_seq_);
    req.set("limit", 1000);
    auto reply = control_.request(req);
    if (!reply) return reply.error();
    const json::Value* alerts = reply->find("alerts");
    if (alerts == nullptr || !alerts->is_array()) {
      return Error{"alerts.since: " + reply->string_or("error", "malformed reply")};
    }
    if (alerts->as_array().empty()) {
      // The store has nothing more: up_to was unknown (first call) or ahead of the store.
      return delivered;
    }
    for (const auto& a : alerts->as_array()) {
      if (static_cast<uint64_t>(a.number_or("seq", 0)) >= up_to) return delivered;
      delivered += deliver(a, handler);
    }
  }
  return delivered;
}

Result<size_t> AlertFollower::poll(const Handler& handler, std::chrono::milliseconds wait) {
  using namespace std::chrono_literals;
  if (!setup_) return setup_.error();
  size_t delivered = 0;
  const auto now = std::chrono::steady_clock::now();
  if (!caught_up_ || now - last_sync_ > 1s) {
    auto n = fill_from_store(UINT64_MAX, handler);
    if (!n) return n.error();
    delivered += *n;
    caught_up_ = true;
    last_sync_ = now;
  }
  if (!transport::poll_readable({&sub_}, wait)[0]) return delivered;
  last_sync_ = std::chrono::steady_clock::now();
  while (auto frames = sub_.recv(/*dont_wait=*/true)) {
    if (frames->size() != 2) continue;
    auto alert = json::parse((*frames)[1]);
    if (!alert) continue;
    const auto seq = static_cast<uint64_t>(alert->number_or("seq", 0));
    if (seq < next_seq_) continue;  // already delivered from the store
    if (seq > next_seq_) {
      auto n = fill_from_store(seq, handler);
      if (!n) return n.error();
      delivered += *n;
    }
    delivered += deliver(*alert, handler);
  }
  return delivered;
}

}  // namespace bw::alert
