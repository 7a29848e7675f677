#include <doctest/doctest.h>

#include <thread>

#include "harness.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

json::Value request(const char* cmd, uint64_t seq = 0) {
  json::Value v;
  v.set("cmd", cmd);
  v.set("by", "officer-17");
  if (seq != 0) v.set("seq", seq);
  return v;
}

bool ok(const json::Value& reply) {
  return reply.find("ok") && reply.find("ok")->as_bool();
}

}  // namespace

TEST_CASE("alerts: acknowledge and resolve, invalid transitions refused, changes published") {
  test::DaemonHarness h;
  h.import_documents({"LISTED1", "LISTED2"});
  transport::Socket updates(h.context(), transport::SocketType::kSub,
                            {.subscriptions = {"update."}});
  REQUIRE(updates.connect(h.daemon().alerts_endpoint()).ok());
  std::this_thread::sleep_for(500ms);  // let the subscription reach the PUB socket
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  cp.send(test::make_event("W1", "LISTED1"));
  cp.send(test::make_event("W2", "LISTED2", "BAN_PHAKKAD"));
  REQUIRE(cp.replies(2).size() == 2);

  auto shown = h.control(request("alerts.show", 1));
  REQUIRE(ok(shown));
  CHECK(shown.find("alert")->find("work")->string_or("state") == "open");

  json::Value ack = request("alerts.ack", 1);
  ack.set("note", "stopping the traveller at lane 3");
  auto acked = h.control(ack);
  REQUIRE(ok(acked));
  CHECK(acked.find("alert")->find("work")->string_or("state") == "acknowledged");
  auto twice = h.control(ack);
  CHECK_FALSE(ok(twice));
  CHECK(twice.string_or("error") == "alerts.ack: alert #1 is already acknowledged by officer-17");

  json::Value resolve = request("alerts.resolve", 1);
  resolve.set("outcome", "maybe");
  CHECK(h.control(resolve).string_or("error").find(
            "outcome must be confirmed, false_positive or referred") != std::string::npos);
  resolve.set("outcome", "confirmed");
  auto resolved = h.control(resolve);
  REQUIRE(ok(resolved));
  const auto& work = *resolved.find("alert")->find("work");
  CHECK(work.string_or("state") == "resolved");
  CHECK(work.string_or("outcome") == "confirmed");
  REQUIRE(work.find("history")->as_array().size() == 2);
  CHECK(work.find("history")->as_array()[0].string_or("note") ==
        "stopping the traveller at lane 3");
  CHECK(h.control(ack).string_or("error").find("already resolved") != std::string::npos);
  CHECK(h.control(request("alerts.ack", 99)).string_or("error") == "alerts.ack: no alert #99");

  // Consumers saw both changes, in order.
  std::vector<std::string> topics;
  for (int i = 0; i < 50 && topics.size() < 2; ++i) {
    if (!transport::poll_readable({&updates}, 100ms)[0]) continue;
    while (auto frames = updates.recv(true)) topics.push_back(frames->front());
  }
  CHECK(topics ==
        std::vector<std::string>{"update.acknowledged.BAN_LAEM", "update.resolved.BAN_LAEM"});

  // Listing filters by state and checkpoint; the record survives a restart.
  json::Value list = request("alerts.list");
  list.set("state", "open");
  auto open = h.control(list).find("alerts")->as_array();
  REQUIRE(open.size() == 1);
  CHECK(open[0].string_or("checkpoint") == "BAN_PHAKKAD");
  h.restart();
  list.set("state", "resolved");
  auto done = h.control(list).find("alerts")->as_array();
  REQUIRE(done.size() == 1);
  CHECK(done[0].number_or("seq", 0) == 1);
  list.set("state", "");
  list.set("checkpoint", "BAN_LAEM");
  CHECK(h.control(list).find("alerts")->as_array().size() == 1);
}
