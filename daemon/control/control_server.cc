#include "control/control_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "control/rules_commands.h"
#include "control/watchlist_commands.h"
#include "json/parse.h"
#include "json/writer.h"

namespace bw::control {

namespace {

constexpr size_t kMaxAlertsPerReply = 1000;

}  // namespace

ControlServer::ControlServer(server::SharedState& state, transport::Context& context,
                             RulesService& rules, WatchlistService& watchlists,
                             std::function<json::Value()> endpoints,
                             const std::string& relay_endpoint)
    : state_(state),
      socket_(context, transport::SocketType::kRouter,
              {.send_hwm = 1000,
               .recv_hwm = 1000,
               .max_message_size = static_cast<int64_t>(state.config.control.max_request_bytes)}),
      relay_(context, transport::SocketType::kPush, {.send_hwm = 10000}),
      alerts_(state,
              [this](const std::string& topic, const std::string& body) {
                relay_.send(transport::Frames{topic, body}, /*dont_wait=*/true);
              }),
      escalator_(state, alerts_),
      rules_(rules),
      watchlists_(watchlists),
      endpoints_(std::move(endpoints)) {
  (void)relay_.connect(relay_endpoint);  // inproc, bound before the control server exists
}

Status ControlServer::bind() {
  if (state_.security) {
    if (auto s = state_.security->secure(socket_); !s) return s;
  }
  if (auto s = socket_.bind(state_.config.control.endpoint); !s) {
    return Error{"control: " + s.error().message};
  }
  endpoint_ = socket_.last_endpoint();
  return ok_status();
}

void ControlServer::run() {
  using namespace std::chrono_literals;
  while (!stopping_) {
    escalator_.tick();
    if (!transport::poll_readable({&socket_}, 100ms)[0]) continue;
    auto frames = socket_.recv(/*dont_wait=*/true, &caller_);
    if (!frames || frames->size() < 2) continue;
    json::Value reply = handle(frames->back());
    audit_change(frames->back(), reply);
    frames->back() = json::to_string(reply);
    socket_.send(*frames, /*dont_wait=*/true);
  }
}

json::Value ControlServer::handle(std::string_view request) {
  auto req =
      json::parse(request, {.max_bytes = state_.config.control.max_request_bytes, .max_depth = 16});
  if (!req) return error_reply("request: " + req.error().message);
  if (!req->is_object()) return error_reply("request: must be a JSON object");
  const std::string cmd = req->string_or("cmd");
  if (state_.security) {
    if (auto s = state_.security->check_command(caller_, cmd); !s) {
      spdlog::warn("security: {}", s.error().message);
      return error_reply(s.error().message);
    }
  }
  if (cmd == "status") return status();
  if (cmd == "audit.list") return audit_list(*req);
  if (cmd == "alerts.since") return alerts_since(*req);
  if (cmd == "alerts.ack" || cmd == "alerts.resolve" || cmd == "alerts.show" ||
      cmd == "alerts.list") {
    return alerts_command(cmd, *req);
  }
  if (cmd.rfind("alerts.silence.", 0) == 0) return silences_.handle(cmd, *req);
  if (cmd.rfind("rules.", 0) == 0) {
    return handle_rules_command(rules_, state_.config.rules_dir, cmd, *req);
  }
  if (cmd == "watchlist.import") return watchlist_import(*req);
  if (cmd == "watchlist.list") {
    json::Value v;
    v.set("ok", true);
    v.set("watchlists", watchlists_.list());
    return v;
  }
  if (cmd.rfind("watchlist.clearance.", 0) == 0) return clearances_.handle(cmd, *req);
  if (is_watchlist_version_command(cmd)) {
    return handle_watchlist_version_command(watchlists_, cmd, *req);
  }
  if (cmd.empty()) return error_reply("request: \"cmd\" is missing");
  return error_reply("request: unknown cmd \"" + cmd.substr(0, 64) + "\"");
}

void ControlServer::audit_change(std::string_view request, const json::Value& reply) {
  const json::Value* ok = reply.find("ok");
  if (state_.audit == nullptr || ok == nullptr || !ok->is_bool() || !ok->as_bool()) return;
  auto req =
      json::parse(request, {.max_bytes = state_.config.control.max_request_bytes, .max_depth = 16});
  if (!req) return;
  const std::string cmd = req->string_or("cmd");
  if (cmd.empty() || auth::is_read_command(cmd)) return;
  json::Value details;
  for (const auto& [key, value] : req->as_object()) {
    if (key == "cmd" || key == "by") continue;
    // Imports carry whole files: record their size, not their content.
    if (key == "text" && value.is_string()) {
      details.set("text_bytes", static_cast<uint64_t>(value.as_string().size()));
      continue;
    }
    details.set(key, value);
  }
  const std::string who =
      caller_.empty() ? requester(*req) : caller_ + " (" + requester(*req) + ")";
  if (auto s = state_.audit->record(who, cmd, std::move(details)); !s) {
    spdlog::error("audit: cannot record {} by {}: {}", cmd, who, s.error().message);
  }
}

json::Value ControlServer::audit_list(const json::Value& req) {
  if (state_.audit == nullptr) return error_reply("audit.list: no audit log in this process");
  const uint64_t from = whole_number(req, "from").value_or(1);
  const uint64_t limit = std::min<uint64_t>(whole_number(req, "limit").value_or(100), 1000);
  auto records = state_.audit->list(from, limit);
  if (!records) return error_reply(records.error().message);
  json::Value v;
  v.set("ok", true);
  v.set("records", std::move(*records));
  return v;
}

json::Value ControlServer::status() const {
  const auto& s = state_.stats;
  json::Value v;
  v.set("ok", true);
  v.set("version", BW_VERSION);
  v.set("uptime_s", (state_.clock() - state_.started_at) / 1000);
  v.set("endpoints", endpoints_());
  auto rules = state_.rules.get();
  v.set("rule_set_version", rules ? rules->version : 0);
  v.set("rules", rules && rules->rules ? rules->rules->rules().size() : 0);
  json::Value ingest;
  ingest.set("received", s.received.load());
  ingest.set("accepted", s.accepted.load());
  ingest.set("duplicates", s.duplicates.load());
  ingest.set("rejected", s.rejected.load());
  ingest.set("retried", s.retried.load());
  ingest.set("batches", s.batches.load());
  ingest.set("pending_high_water", s.pending_high_water.load());
  ingest.set("commit_micros_avg",
             s.batches.load() == 0 ? 0 : s.commit_micros.load() / s.batches.load());
  ingest.set("late_events", s.late_events.load());
  ingest.set("stateful_alerts", s.stateful_alerts.load());
  v.set("ingest", std::move(ingest));
  v.set("alerts_published", s.alerts.load());
  v.set("next_alert_seq", state_.store.next_alert_seq());
  v.set("events_stored", state_.store.events_stored());
  v.set("watchlists", watchlists_.list());
  v.set("alerts_silenced", s.silenced.load());
  v.set("alerts_folded", s.folded.load());
  if (state_.sinks_status) v.set("sinks", state_.sinks_status());
  return v;
}

json::Value ControlServer::alerts_since(const json::Value& req) {
  const auto from = req.find("from") ? whole_number(req, "from") : std::optional<uint64_t>(1);
  const auto limit =
      req.find("limit") ? whole_number(req, "limit") : std::optional<uint64_t>(kMaxAlertsPerReply);
  if (!from || !limit || *limit < 1) {
    return error_reply("alerts.since: from must be a whole number >= 0 and limit >= 1");
  }
  const size_t n = std::min<size_t>(*limit, kMaxAlertsPerReply);
  auto alerts = state_.store.alerts_since(*from, n);
  if (!alerts) return error_reply(alerts.error().message);
  json::Array out;
  for (const auto& a : *alerts) {
    auto parsed = json::parse(a.json);
    out.push_back(parsed ? std::move(*parsed) : json::Value(a.json));
  }
  json::Value v;
  v.set("ok", true);
  const uint64_t next = alerts->empty() ? *from : alerts->back().seq + 1;
  v.set("alerts", std::move(out));
  v.set("next", next);
  v.set("next_alert_seq", state_.store.next_alert_seq());
  return v;
}

json::Value ControlServer::alerts_command(const std::string& cmd, const json::Value& req) {
  Result<json::Value> result = Error{""};
  if (cmd == "alerts.list") {
    AlertFilter f;
    f.state = req.string_or("state");
    f.priority = req.string_or("priority");
    f.checkpoint = req.string_or("checkpoint");
    f.rule = req.string_or("rule");
    f.limit = std::clamp<size_t>(whole_number(req, "limit").value_or(50), 1, 1000);
    if (const auto before = whole_number(req, "before"); before && *before >= 1) f.before = *before;
    for (const char* key : {"since", "until"}) {
      if (req.find(key) == nullptr) continue;
      const auto t = parse_rfc3339(req.string_or(key));
      if (!t) return error_reply(cmd + ": \"" + key + "\" must be an RFC 3339 time");
      (std::string_view(key) == "since" ? f.since : f.until) = t->utc_ms;
    }
    result = alerts_.list(f);
  } else {
    const auto seq = whole_number(req, "seq");
    if (!seq || *seq < 1) return error_reply(cmd + ": \"seq\" must be an alert sequence number");
    const uint64_t n = *seq;
    const std::string note = req.string_or("note").substr(0, 1000);
    if (cmd == "alerts.ack") result = alerts_.acknowledge(n, requester(req), note);
    if (cmd == "alerts.resolve") {
      result = alerts_.resolve(n, requester(req), req.string_or("outcome"), note);
    }
    if (cmd == "alerts.show") result = alerts_.show(n);
  }
  if (!result) return error_reply(cmd + ": " + result.error().message);
  json::Value v;
  v.set("ok", true);
  v.set(cmd == "alerts.list" ? "alerts" : "alert", std::move(*result));
  return v;
}

json::Value ControlServer::watchlist_import(const json::Value& req) {
  const std::string name = req.string_or("name");
  const json::Value* text = req.find("text");
  if (text == nullptr || !text->is_string()) {
    return error_reply("watchlist.import: \"text\" (the CSV file) is required");
  }
  const json::Value* skip = req.find("skip_bad");
  const bool skip_bad = skip != nullptr && skip->is_bool() && skip->as_bool();
  const std::string format = req.string_or("format", "csv");
  return watchlists_.import(name, text->as_string(), format, skip_bad, requester(req)).to_json();
}

}  // namespace bw::control
