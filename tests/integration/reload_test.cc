#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "harness.h"

using namespace bw;
using namespace std::chrono_literals;

namespace {

std::string rule_with_output(const std::string& marker) {
  std::string text = test::kListedDocumentRule;
  text.replace(text.find("Listed document at {checkpoint}"), 31, "marker " + marker);
  return text;
}

json::Value load_request(const std::string& name, const std::string& text) {
  return test::rules_load_request(name, text, "reload-test");
}

}  // namespace

TEST_CASE("rules: 20 reloads under load drop nothing and every alert names its rule set") {
  test::DaemonHarness h;
  h.import_documents({"LISTED1"});
  constexpr int kEvents = 6000;

  std::atomic<bool> sent_all{false};
  std::vector<json::Value> replies;
  std::thread pusher([&] {
    test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
    for (int i = 0; i < kEvents; ++i) {
      cp.send(test::make_event("R" + std::to_string(i),
                               i % 3 == 0 ? "LISTED1" : "N" + std::to_string(i)));
      if (i % 300 == 0) std::this_thread::sleep_for(5ms);  // spread the load over the reloads
    }
    sent_all = true;
    replies = cp.replies(kEvents, 60s);
  });

  std::map<uint64_t, std::string> marker_of_version{{1, ""}};
  for (int i = 0; i < 20; ++i) {
    if (i == 10) {
      auto broken = h.control(load_request(
          "broken.yaml",
          "- rule: x\n  desc: d\n  condition: direction = \n  output: o\n  priority: low\n"));
      CHECK_FALSE(broken.find("ok")->as_bool());
      REQUIRE_FALSE(broken.find("diagnostics")->as_array().empty());
      CHECK(broken.find("diagnostics")->as_array()[0].as_string().rfind("broken.yaml:3:", 0) == 0);
      continue;
    }
    const std::string marker = "v" + std::to_string(i);
    auto reply = h.control(load_request("r.yaml", rule_with_output(marker)));
    REQUIRE(reply.find("ok")->as_bool());
    marker_of_version[static_cast<uint64_t>(reply.number_or("version", 0))] = marker;
    std::this_thread::sleep_for(10ms);
  }
  pusher.join();
  REQUIRE(sent_all);
  REQUIRE(replies.size() == kEvents);
  CHECK(test::statuses(replies)["accepted"] == kEvents);
  std::set<std::string> ids;
  for (const auto& r : replies) ids.insert(r.string_or("event_id"));
  CHECK(ids.size() == kEvents);

  std::set<uint64_t> versions_seen;
  const auto stored = h.stored_alerts();
  for (const auto& a : stored) {
    const auto version = static_cast<uint64_t>(a.number_or("rule_set_version", 0));
    versions_seen.insert(version);
    REQUIRE(marker_of_version.count(version) == 1);
    const std::string& marker = marker_of_version[version];
    if (marker.empty()) {
      CHECK(a.string_or("output") == "Listed document at BAN_LAEM");
    } else {
      CHECK(a.string_or("output") == "marker " + marker);
    }
  }
  CHECK(stored.size() == kEvents / 3);
  CHECK(versions_seen.size() > 1);  // the reloads really happened while events flowed
}
