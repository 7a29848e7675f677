// CURVE on the daemon's sockets: only keys listed in security.clients get in, a checkpoint key
// reports only for its own checkpoints, and control commands are limited by role.
#include <doctest/doctest.h>

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

class CurveDaemon {
 public:
  CurveDaemon() {
    spdlog::set_level(spdlog::level::off);  // refusals are logged as warnings by design
    const auto secret_file = (keys_.path() / "server.key").string();
    REQUIRE(auth::write_key_file(secret_file, server.secret_key, /*secret=*/true));
    auto cfg = test::test_config((state_.path() / "state").string());
    cfg.security.curve = true;
    cfg.security.server_secret_key_file = secret_file;
    cfg.security.clients = {client("ban-laem-gate", checkpoint, "checkpoint", {"BAN_LAEM"}),
                            client("duty-viewer", viewer, "viewer"),
                            client("rules-operator", op, "operator")};
    auto d = server::Daemon::create({cfg, system_now, false});
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
