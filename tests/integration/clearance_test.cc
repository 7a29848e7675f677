// Officers' clearances through the control endpoint: a cleared traveller+entry pair stops
// alerting until the clearance expires or is revoked, survives a restart, and is audited.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>

#include "harness.h"

using namespace bw;

namespace {

json::Value cmd(const char* name) {
  json::Value v;
  v.set("cmd", name);
  v.set("by", "officer-nok");
  return v;
}

json::Value clear_request(const std::string& number, EpochMs until) {
  json::Value doc;
  doc.set("country", "THA");
  doc.set("number", number);
  json::Value t;
  t.set("document", std::move(doc));
  json::Value req = cmd("watchlist.clearance.add");
  req.set("list", "lost_stolen_documents");
  req.set("entry", number);
  req.set("traveller", std::move(t));
  req.set("until", format_rfc3339(until));
  req.set("reason", "document recovered by its owner");
  return req;
}

// Sends one crossing and returns how many alerts it raised.
uint64_t alerts_for(test::DaemonHarness& h, const std::string& id, const std::string& number) {
  const auto before = h.control(cmd("status")).number_or("next_alert_seq", 0);
  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  cp.send(test::make_event(id, number));
  const auto replies = cp.replies(1);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].string_or("status") == "accepted");
  return static_cast<uint64_t>(h.control(cmd("status")).number_or("next_alert_seq", 0) - before);
}

}  // namespace

TEST_CASE("clearance: clear, expire, survive a restart, revoke, audit") {
  std::atomic<EpochMs> now{1'750'000'000'000};
  test::DaemonHarness h(test::kListedDocumentRule, [&] { return now.load(); });
  REQUIRE(h.import_documents({"LS100000", "LS100001"}).string_or("error") == "");

  auto refused = h.control(clear_request("LS999999", now + 3'600'000));  // not on the list
  CHECK(refused.string_or("error").find("has no entry") != std::string::npos);
  json::Value no_reason = clear_request("LS100000", now + 3'600'000);
  no_reason.set("reason", "");
  CHECK(h.control(no_reason).string_or("error").find("reason is required") != std::string::npos);

  auto added = h.control(clear_request("LS100000", now + 3'600'000));
  REQUIRE(added.string_or("error") == "");
  const std::string first = added.find("clearance")->string_or("id");
  CHECK(alerts_for(h, "e1", "LS100000") == 0);  // cleared pair
  CHECK(alerts_for(h, "e2", "LS100001") == 1);  // another entry and traveller
  now += 3'600'000;
  CHECK(alerts_for(h, "e3", "LS100000") == 1);  // expired

  auto second = h.control(clear_request("LS100000", now + 86'400'000));
  REQUIRE(second.string_or("error") == "");
  const std::string id = second.find("clearance")->string_or("id");
  h.restart();
  CHECK(alerts_for(h, "e4", "LS100000") == 0);  // restored from the store
  auto in_force = h.control(cmd("watchlist.clearance.list")).find("clearances")->as_array();
  REQUIRE(in_force.size() == 1);
  CHECK(in_force[0].string_or("id") == id);
  CHECK(in_force[0].string_or("by") == "officer-nok");
  CHECK(in_force[0].string_or("traveller") == "doc:THA:LS100000");

  json::Value revoke = cmd("watchlist.clearance.revoke");
  revoke.set("id", id);
  revoke.set("reason", "new intelligence");
  REQUIRE(h.control(revoke).string_or("error") == "");
  CHECK(alerts_for(h, "e5", "LS100000") == 1);
  CHECK(h.control(revoke).string_or("error").find("no longer in force") != std::string::npos);
  CHECK(h.control(cmd("watchlist.clearance.list")).find("clearances")->as_array().empty());
  json::Value all = cmd("watchlist.clearance.list");
  all.set("all", true);
  auto every = h.control(all).find("clearances")->as_array();
  REQUIRE(every.size() == 2);
  CHECK(every[0].string_or("state") == "revoked");
  CHECK(every[1].string_or("id") == first);
  CHECK(every[1].string_or("state") == "expired");

  const json::Value audit = h.control(cmd("audit.list"));
  std::vector<std::string> actions;
  for (const auto& r : audit.find("records")->as_array()) {
    actions.push_back(r.string_or("action"));
  }
  CHECK(std::count(actions.begin(), actions.end(), "watchlist.clearance.add") == 2);
  CHECK(std::count(actions.begin(), actions.end(), "watchlist.clearance.revoke") == 1);
}
