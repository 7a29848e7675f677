// CURVE on the daemon's sockets: only keys listed in security.clients get in, a checkpoint key
// reports only for its own checkpoints, and control commands are limited by role.
#include <doctest/doctest.h>

#include <thread>

#include "alert/alert_follower.h"
#include "auth/security.h"
#include "harness.h"
#include "sim/push_client.h"
#include "transport/curve.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

transport::CurveKeyPair keypair() {
  auto k = transport::generate_curve_keypair();
  if (!k) throw std::runtime_error(k.error().message);
  return *k;
}

config::SecurityClient client(std::string name, const transport::CurveKeyPair& k, std::string role,
                              std::vector<std::string> checkpoints = {}) {
  return {std::move(name), k.public_key, std::move(role), std::move(checkpoints)};
}

// Every exit raises an alert, so alert delivery can be observed without a watchlist import.
const char* kExitRule = R"(- rule: any_exit
  desc: Every exit, for the alert stream.
  condition: direction = "exit"
  output: "exit at {checkpoint}"
  priority: high
  tags: [test]
)";

class CurveDaemon {
 public:
  // With `rule_text`, those rules are loaded at start; without, none.
  explicit CurveDaemon(const std::string& rule_text = "") {
    spdlog::set_level(spdlog::level::off);  // refusals are logged as warnings by design
    const auto secret_file = (keys_.path() / "server.key").string();
    REQUIRE(auth::write_key_file(secret_file, server.secret_key, /*secret=*/true));
    auto cfg = test::test_config((state_.path() / "state").string());
    cfg.security.curve = true;
    cfg.security.server_secret_key_file = secret_file;
    cfg.security.clients = {client("ban-laem-gate", checkpoint, "checkpoint", {"BAN_LAEM"}),
                            client("duty-viewer", viewer, "viewer"),
                            client("rules-operator", op, "operator")};
    if (!rule_text.empty()) {
      cfg.rules_dir = (state_.path() / "rules").string();
      std::filesystem::create_directories(cfg.rules_dir);
      std::ofstream(std::filesystem::path(cfg.rules_dir) / "test.yaml") << rule_text;
    }
    auto d = server::Daemon::create({cfg, system_now, !rule_text.empty()});
    REQUIRE_MESSAGE(d, d.error().message);
    daemon_ = std::move(*d);
    daemon_->start();
  }
  ~CurveDaemon() { spdlog::set_level(spdlog::level::warn); }

  transport::CurveClientKeys as(const transport::CurveKeyPair& k) const {
    return {server.public_key, k.public_key, k.secret_key};
  }

  // Pushes one event and returns its final outcome (one attempt, short timeout).
  std::pair<sim::FinalStatus, std::string> push(const transport::CurveClientKeys& keys,
                                                const std::string& id,
                                                const std::string& checkpoint_id) {
    sim::PushOptions o;
    o.endpoint = daemon_->ingest_endpoint();
    o.reply_timeout = 700ms;
    o.max_attempts = 1;
    o.curve = keys;
    std::pair<sim::FinalStatus, std::string> result{sim::FinalStatus::kUnanswered, ""};
    o.on_outcome = [&](const sim::EventOutcome& out) {
      result = {out.status, std::string(out.error)};
    };
    auto c = sim::PushClient::connect(context, o);
    REQUIRE(c);
    REQUIRE((*c)->submit(id, test::make_event(id, "ND1", checkpoint_id)) ==
            sim::PushClient::Submit::kSent);
    (*c)->drain(5s);
    return result;
  }

  Result<json::Value> control(const transport::CurveClientKeys& keys, const std::string& cmd) {
    control::ControlClient c(context, daemon_->control_endpoint(), 700ms);
    c.set_curve(keys);
    json::Value req;
    req.set("cmd", cmd);
    return c.request(req);
  }

  server::Daemon& daemon() { return *daemon_; }

  const transport::CurveKeyPair server = keypair();
  const transport::CurveKeyPair checkpoint = keypair();
  const transport::CurveKeyPair viewer = keypair();
  const transport::CurveKeyPair op = keypair();
  const transport::CurveKeyPair stranger = keypair();
  transport::Context context;

 private:
  test::TempDir keys_;
  test::TempDir state_;
  std::unique_ptr<server::Daemon> daemon_;
};

bool ok_reply(const json::Value& v) {
  const json::Value* ok = v.find("ok");
  return ok != nullptr && ok->is_bool() && ok->as_bool();
}

}  // namespace

TEST_CASE("curve: an admitted checkpoint key is served; unknown and plain clients get nothing") {
  CurveDaemon d;
  CHECK(d.push(d.as(d.checkpoint), "K1", "BAN_LAEM").first == sim::FinalStatus::kAccepted);
  CHECK(d.push(d.as(d.stranger), "K2", "BAN_LAEM").first == sim::FinalStatus::kUnanswered);
  CHECK(d.push({}, "K3", "BAN_LAEM").first == sim::FinalStatus::kUnanswered);
  CHECK(d.daemon().state().store.events_stored() == 1);
  CHECK_FALSE(d.control(d.as(d.stranger), "status"));
}

TEST_CASE("curve: a checkpoint key may not report for another checkpoint") {
  CurveDaemon d;
  auto [status, error] = d.push(d.as(d.checkpoint), "K4", "SAP_TARI");
  CHECK(status == sim::FinalStatus::kRejected);
  CHECK(error.find("may not report for checkpoint \"SAP_TARI\"") != std::string::npos);
  CHECK(d.daemon().state().store.events_stored() == 0);
}

TEST_CASE("curve: control commands are limited by the key's role") {
  CurveDaemon d;
  auto status = d.control(d.as(d.viewer), "status");
  REQUIRE(status);
  CHECK(ok_reply(*status));
  auto reload = d.control(d.as(d.viewer), "rules.reload");
  REQUIRE(reload);
  CHECK_FALSE(ok_reply(*reload));
  CHECK(reload->string_or("error").find("(role viewer) may not run rules.reload") !=
        std::string::npos);
  auto by_operator = d.control(d.as(d.op), "rules.reload");
  REQUIRE(by_operator);
  CHECK(by_operator->string_or("error").find("may not run") == std::string::npos);
  auto by_checkpoint = d.control(d.as(d.checkpoint), "status");
  REQUIRE(by_checkpoint);
  CHECK_FALSE(ok_reply(*by_checkpoint));
}

TEST_CASE(
    "curve: alerts reach an admitted follower over CURVE, gap fill included; not a stranger") {
  CurveDaemon d(kExitRule);
  REQUIRE(d.push(d.as(d.checkpoint), "A1", "BAN_LAEM").first == sim::FinalStatus::kAccepted);
  // Seq 1 is in the store before the follower exists (gap fill through CURVE control);
  // seq 2 comes live over the CURVE PUB socket.
  alert::AlertFollower follower(d.context, d.daemon().alerts_endpoint(),
                                d.daemon().control_endpoint(), 1, "alert.", d.as(d.viewer));
  std::vector<std::string> ids;
  auto collect = [&](const json::Value& a) { ids.push_back(a.string_or("event_id")); };
  REQUIRE(follower.poll(collect, 200ms).ok());
  CHECK(ids == std::vector<std::string>{"A1"});
  REQUIRE(d.push(d.as(d.checkpoint), "A2", "BAN_LAEM").first == sim::FinalStatus::kAccepted);
  for (int i = 0; i < 50 && ids.size() < 2; ++i) REQUIRE(follower.poll(collect, 100ms).ok());
  CHECK(ids == std::vector<std::string>{"A1", "A2"});

  // A stranger's subscription is refused by the ZAP handler: the next alert never reaches it.
  transport::Socket stranger(d.context, transport::SocketType::kSub, {.subscriptions = {"alert."}});
  REQUIRE(d.as(d.stranger).apply(stranger));
  REQUIRE(stranger.connect(d.daemon().alerts_endpoint()));
  std::this_thread::sleep_for(300ms);  // time for the handshake it will fail
  REQUIRE(d.push(d.as(d.checkpoint), "A3", "BAN_LAEM").first == sim::FinalStatus::kAccepted);
  for (int i = 0; i < 50 && ids.size() < 3; ++i) REQUIRE(follower.poll(collect, 100ms).ok());
  CHECK(ids.size() == 3);  // the admitted follower got it
  CHECK_FALSE(transport::poll_readable({&stranger}, 300ms).front());
}
