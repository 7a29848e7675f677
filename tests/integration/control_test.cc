#include <doctest/doctest.h>

#include "harness.h"

using namespace bw;

namespace {

json::Value cmd(const char* name) {
  json::Value v;
  v.set("cmd", name);
  v.set("by", "test");
  return v;
}

bool ok(const json::Value& reply) {
  return reply.find("ok") && reply.find("ok")->as_bool();
}

}  // namespace

TEST_CASE("control: malformed requests get clear errors and the endpoint keeps serving") {
  test::DaemonHarness h;
  transport::Socket raw(h.context(), transport::SocketType::kDealer);
  REQUIRE(raw.connect(h.daemon().control_endpoint()).ok());
  const std::pair<std::string, std::string> cases[] = {
      {"{oops", "request: malformed JSON"},
      {"[1]", "request: must be a JSON object"},
      {"{}", "request: \"cmd\" is missing"},
      {R"({"cmd":"rm -rf"})", "request: unknown cmd \"rm -rf\""},
      {R"({"cmd":"alerts.since","from":-1})", "from must be a whole number >= 0"},
      {R"({"cmd":"alerts.since","from":1e300})", "from must be a whole number >= 0"},
      {R"({"cmd":"alerts.show","seq":1e300})", "\"seq\" must be an alert sequence number"},
      {R"({"cmd":"alerts.ack","seq":2.5})", "\"seq\" must be an alert sequence number"},
      {R"({"cmd":"rules.rollback","version":"1"})", "\"version\" must be a stored version"},
      {R"({"cmd":"rules.diff","from":1,"to":-3})", "\"from\" and \"to\" must be versions"},
      {R"({"cmd":"rules.load","files":[]})", "\"files\" must be a non-empty array"},
      {R"({"cmd":"watchlist.import","name":"x"})", "\"text\" (the CSV file) is required"},
      {R"({"cmd":"watchlist.import","name":"Bad Name","text":"number\nA1\n"})",
       "watchlist name must be 1-64 characters"},
  };
  for (const auto& [request, expected] : cases) {
    CAPTURE(request);
    REQUIRE(raw.send(transport::Frames{"", request}));
    REQUIRE(transport::poll_readable({&raw}, std::chrono::seconds(10))[0]);
    auto reply = json::parse(raw.recv()->back());
    REQUIRE(reply.ok());
    CHECK_FALSE(ok(*reply));
    CHECK_MESSAGE(reply->string_or("error").find(expected) != std::string::npos,
                  reply->string_or("error"));
  }
  CHECK(ok(h.control(cmd("status"))));
}

TEST_CASE("control: rules load is versioned; a broken rule file changes nothing") {
  test::DaemonHarness h;
  auto history = h.control(cmd("rules.history"));
  REQUIRE(history.find("versions")->as_array().size() == 1);  // loaded from rules_dir at start

  json::Value load = cmd("rules.load");
  json::Value file;
  file.set("name", "broken.yaml");
  file.set("text",
           "- rule: broken\n  desc: x\n  condition: traveller.surname = = \"x\"\n  output: x\n  "
           "priority: high\n");
  load.set("files", json::Array{file});
  auto rejected = h.control(load);
  CHECK_FALSE(ok(rejected));
  const auto& diags = rejected.find("diagnostics")->as_array();
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].as_string().rfind("broken.yaml:3:", 0) == 0);
  auto status = h.control(cmd("status"));
  CHECK(status.number_or("rule_set_version", 0) == 1);

  file.set("text", std::string(test::kListedDocumentRule));
  load.set("files", json::Array{file});
  auto accepted = h.control(load);
  REQUIRE(ok(accepted));
  CHECK(accepted.number_or("version", 0) == 2);
  history = h.control(cmd("rules.history"));
  REQUIRE(history.find("versions")->as_array().size() == 2);
  CHECK(history.find("versions")->as_array()[1].string_or("loaded_by") == "test");

  h.restart();  // the daemon starts from the stored active version
  CHECK(h.control(cmd("status")).number_or("rule_set_version", 0) == 2);
}

TEST_CASE("control: watchlist import with bad rows changes nothing unless skip_bad") {
  test::DaemonHarness h;
  json::Value req = cmd("watchlist.import");
  req.set("name", "lost_stolen_documents");
  req.set("text", "number,country,type,reason\nAA1,THA,passport,x\nAA2,THA\n");
  auto refused = h.control(req);
  CHECK_FALSE(ok(refused));
  CHECK(refused.find("problems")->as_array()[0].as_string() ==
        "line 3: expected 4 fields, found 2");
  CHECK(h.control(cmd("watchlist.list")).find("watchlists")->as_array().empty());

  req.set("skip_bad", true);
  auto partial = h.control(req);
  REQUIRE(ok(partial));
  CHECK(partial.number_or("imported", 0) == 1);
  auto lists = h.control(cmd("watchlist.list")).find("watchlists")->as_array();
  REQUIRE(lists.size() == 1);
  CHECK(lists[0].number_or("count", 0) == 1);
  CHECK(lists[0].string_or("imported_by") == "test");

  h.restart();  // lists come back from the store
  lists = h.control(cmd("watchlist.list")).find("watchlists")->as_array();
  REQUIRE(lists.size() == 1);
  CHECK(lists[0].string_or("kind") == "documents");
}

TEST_CASE("control: a reload (SIGHUP) of a broken rules directory keeps the active set") {
  test::DaemonHarness h;
  std::ofstream(h.rules_dir() / "zz-broken.yaml") << "- rule: oops\n  condition: (\n";
  auto report = h.daemon().reload_rules();
  CHECK_FALSE(report.ok);
  REQUIRE_FALSE(report.diagnostics.empty());
  CHECK(report.diagnostics[0].to_string().find("zz-broken.yaml:") != std::string::npos);
  CHECK(h.control(cmd("status")).number_or("rule_set_version", 0) == 1);
  std::filesystem::remove(h.rules_dir() / "zz-broken.yaml");
  auto fixed = h.daemon().reload_rules();
  CHECK(fixed.ok);
  CHECK(h.control(cmd("status")).number_or("rule_set_version", 0) == 2);
}

TEST_CASE("control: rules diff and rollback") {
  test::DaemonHarness h;
  json::Value load = cmd("rules.load");
  json::Value file;
  file.set("name", "test.yaml");
  std::string v2 = test::kListedDocumentRule;
  v2.replace(v2.find("priority: critical"), 18, "priority: high");
  file.set("text", v2);
  load.set("files", json::Array{file});
  REQUIRE(ok(h.control(load)));

  json::Value diff = cmd("rules.diff");
  diff.set("from", 1);
  diff.set("to", 2);
  auto d = h.control(diff);
  REQUIRE(ok(d));
  const auto& files = d.find("files")->as_array();
  REQUIRE(files.size() == 2);  // rules_dir's file name differs from the loaded one
  bool saw_change = false;
  for (const auto& f : files) {
    if (f.string_or("status") == "added") {
      saw_change = f.string_or("diff").find("+  priority: high") != std::string::npos;
    }
  }
  CHECK(saw_change);

  json::Value rollback = cmd("rules.rollback");
  rollback.set("version", 1);
  auto r = h.control(rollback);
  REQUIRE(ok(r));
  CHECK(r.number_or("version", 0) == 3);
  auto history = h.control(cmd("rules.history")).find("versions")->as_array();
  REQUIRE(history.size() == 3);
  CHECK(history[2].number_or("rollback_of", 0) == 1);
  CHECK(history[2].find("active")->as_bool());
  rollback.set("version", 42);
  CHECK_FALSE(ok(h.control(rollback)));
}

TEST_CASE("control: shadow mode compares a candidate with the active set and raises no alert") {
  test::DaemonHarness h;
  h.import_documents({"LISTED1"});
  json::Value shadow = cmd("rules.shadow");
  json::Value file;
  file.set("name", "candidate.yaml");
  file.set("text", std::string(R"(- rule: any_exit
  desc: every exit
  condition: direction = "exit"
  output: exit
  priority: low
- rule: many_exits
  desc: a stateful rule, run in the shadow's own state engine
  condition: direction = "exit"
  stateful: {aggregate: count, by: checkpoint, within: 1h, threshold: 2}
  output: exits
  priority: low
)"));
  shadow.set("files", json::Array{file});
  REQUIRE(ok(h.control(shadow)));

  test::Checkpoint cp(h.context(), h.daemon().ingest_endpoint());
  cp.send(test::make_event("S1", "LISTED1"));  // active fires listed_document; candidate any_exit
  cp.send(test::make_event("S2", "OTHER"));    // candidate only
  REQUIRE(cp.replies(2).size() == 2);

  auto report = h.control(cmd("rules.shadow_report"));
  REQUIRE(ok(report));
  CHECK(report.number_or("events_compared", 0) == 2);
  // The candidate's stateful rule ran in its own state engine: S2 was its second exit.
  const auto& stateful = report.find("stateful_rules")->as_array();
  REQUIRE(stateful.size() == 1);
  CHECK(stateful[0].string_or("rule") == "many_exits");
  CHECK(stateful[0].number_or("candidate_only", 0) == 1);
  CHECK(stateful[0].number_or("active_only", 0) == 0);
  CHECK(stateful[0].find("examples_candidate_only")->as_array()[0].as_string() == "BAN_LAEM/S2");
  std::map<std::string, json::Value> by_rule;
  for (const auto& r : report.find("rules")->as_array()) by_rule[r.string_or("rule")] = r;
  REQUIRE(by_rule.count("any_exit") == 1);
  CHECK(by_rule["any_exit"].number_or("candidate_only", 0) == 2);
  REQUIRE(by_rule.count("listed_document") == 1);
  CHECK(by_rule["listed_document"].number_or("active_only", 0) == 1);
  CHECK(by_rule["listed_document"].find("examples_active_only")->as_array()[0].as_string() ==
        "BAN_LAEM/S1");
  // Only the active set alerts.
  CHECK(h.control(cmd("status")).number_or("next_alert_seq", 0) == 2);

  REQUIRE(ok(h.control(cmd("rules.shadow_stop"))));
  cp.send(test::make_event("S3", "OTHER"));
  REQUIRE(cp.replies(1).size() == 1);
  auto after = h.control(cmd("rules.shadow_report"));
  CHECK_FALSE(after.find("active")->as_bool());
  CHECK(after.number_or("events_compared", 0) == 2);
}
