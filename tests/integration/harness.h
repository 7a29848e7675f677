// In-process daemon on loopback ports with a temporary state and rules directory, plus the
// small clients the integration tests drive it with.
#pragma once

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "control/control_client.h"
#include "json/parse.h"
#include "json/writer.h"
#include "server/daemon.h"
#include "test_support.h"
#include "transport/socket.h"

namespace bw::test {

// A rule file that fires only on listed documents, so counts in tests are exact.
inline const char* kListedDocumentRule = R"(- rule: listed_document
  desc: A listed document is presented.
  condition: watchlist("lost_stolen_documents", traveller.document.number)
  output: "Listed document at {checkpoint}"
  priority: critical
  tags: [test]
)";

// A stateful rule: the third crossing of one document within an hour fires.
inline const char* kThreeCrossingsRule = R"(- rule: three_crossings
  desc: Three crossings on one document within an hour.
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 1h, threshold: 3}
  output: "Document {traveller.document.number} crossed 3 times within an hour"
  priority: high
  tags: [test]
)";

class DaemonHarness {
 public:
  explicit DaemonHarness(const std::string& rule_text = kListedDocumentRule,
                         Clock clock = system_now)
      : clock_(std::move(clock)) {
    spdlog::set_level(spdlog::level::warn);  // keep test output to what matters
    std::filesystem::create_directories(rules_dir_.path());
    std::ofstream(rules_dir_.path() / "test.yaml") << rule_text;
    start();
  }
  // The same, with `configure` applied to the test config before every start.
  DaemonHarness(const std::string& rule_text, std::function<void(config::Config&)> configure)
      : clock_(system_now), configure_(std::move(configure)) {
    spdlog::set_level(spdlog::level::warn);
    std::filesystem::create_directories(rules_dir_.path());
    std::ofstream(rules_dir_.path() / "test.yaml") << rule_text;
    start();
  }
  ~DaemonHarness() { stop(); }

  void start() {
    auto cfg = test_config((state_dir_.path() / "state").string());
    cfg.rules_dir = rules_dir_.str();
    if (configure_) configure_(cfg);
    auto d = server::Daemon::create({cfg, clock_, false});
    if (!d) throw std::runtime_error(d.error().message);
    daemon_ = std::move(*d);
    daemon_->start();
  }
  void stop() {
    if (daemon_) daemon_->stop();
    daemon_.reset();
  }
  void restart() {
    stop();
    start();
  }

  server::Daemon& daemon() { return *daemon_; }
  transport::Context& context() { return context_; }
  std::filesystem::path rules_dir() const { return rules_dir_.path(); }

  json::Value control(json::Value request) {
    control::ControlClient client(context_, daemon_->control_endpoint(), std::chrono::seconds(20));
    auto reply = client.request(request);
    if (!reply) throw std::runtime_error(reply.error().message);
    return *reply;
  }

  // Every stored alert, oldest first, read page by page with alerts.since.
  std::vector<json::Value> stored_alerts() {
    std::vector<json::Value> out;
    json::Value since;
    since.set("cmd", "alerts.since");
    for (uint64_t from = 1;;) {
      since.set("from", from);
      auto page = control(since);
      const auto& list = page.find("alerts")->as_array();
      if (list.empty()) return out;
      out.insert(out.end(), list.begin(), list.end());
      from = static_cast<uint64_t>(page.number_or("next", 0));
    }
  }

  json::Value import_documents(const std::vector<std::string>& numbers,
                               const std::string& name = "lost_stolen_documents") {
    std::string csv = "number,country,type,reason\n";
    for (const auto& n : numbers) csv += n + ",THA,passport,stolen\n";
    json::Value req;
    req.set("cmd", "watchlist.import");
    req.set("name", name);
    req.set("text", csv);
    req.set("by", "test");
    return control(req);
  }

 private:
  Clock clock_;
  std::function<void(config::Config&)> configure_;
  TempDir state_dir_;
  TempDir rules_dir_;
  transport::Context context_;
  std::unique_ptr<server::Daemon> daemon_;
};

// A crossing that fires nothing in the test rule unless its document is listed.
inline std::string make_event(const std::string& id, const std::string& document,
                              const std::string& checkpoint = "BAN_LAEM") {
  json::Value doc;
  doc.set("type", "passport");
  doc.set("number", document);
  doc.set("country", "THA");
  doc.set("expiry", "2031-01-01");
  json::Value traveller;
  traveller.set("document", doc);
  traveller.set("surname", "Srisuk");
  traveller.set("given_names", "Somchai");
  traveller.set("birth_date", "1985-03-14");
  traveller.set("nationality", "THA");
  json::Value ev;
  ev.set("event_id", id);
  ev.set("checkpoint", checkpoint);
  ev.set("time", "2025-06-01T09:00:00+07:00");
  ev.set("direction", "exit");
  ev.set("traveller", traveller);
  return json::to_string(ev);
}

// A checkpoint: a DEALER that sends events and collects replies by event_id.
class Checkpoint {
 public:
  Checkpoint(transport::Context& ctx, const std::string& endpoint)
      : socket_(ctx, transport::SocketType::kDealer, {.send_hwm = 100000, .recv_hwm = 100000}) {
    (void)socket_.connect(endpoint);
  }

  void send(const std::string& payload) { socket_.send(payload); }
  void send_frames(const transport::Frames& frames) { socket_.send(frames); }

  // Waits for `n` replies (or the timeout); returns them in arrival order.
  std::vector<json::Value> replies(size_t n,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::vector<json::Value> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
      if (!transport::poll_readable({&socket_}, std::chrono::milliseconds(100))[0]) continue;
      while (auto frames = socket_.recv(true)) {
        auto v = json::parse(frames->back());
        if (v) out.push_back(std::move(*v));
      }
    }
    return out;
  }

 private:
  transport::Socket socket_;
};

// Counts of reply statuses.
// A rules.load request carrying one file.
inline json::Value rules_load_request(const std::string& name, const std::string& text,
                                      const std::string& by) {
  json::Value file;
  file.set("name", name);
  file.set("text", text);
  json::Value req;
  req.set("cmd", "rules.load");
  req.set("by", by);
  req.set("files", json::Array{file});
  return req;
}

inline std::map<std::string, size_t> statuses(const std::vector<json::Value>& replies) {
  std::map<std::string, size_t> out;
  for (const auto& r : replies) ++out[r.string_or("status")];
  return out;
}

}  // namespace bw::test
