// The audit log records every successful change made through the control endpoint (who, when,
// what), nothing for reads or refused requests, and survives a restart.
#include <doctest/doctest.h>

#include "harness.h"

using namespace bw;

namespace {

json::Array audit_records(test::DaemonHarness& h) {
  json::Value req;
  req.set("cmd", "audit.list");
  auto reply = h.control(req);
  const json::Value* records = reply.find("records");
  REQUIRE(records != nullptr);
  return records->as_array();
}

}  // namespace

TEST_CASE("audit: watchlist and rule changes are recorded with who and what, reads are not") {
  test::DaemonHarness h;
  CHECK(audit_records(h).empty());
  h.import_documents({"LS100000", "LS100001"});
  json::Value status;
  status.set("cmd", "status");
  h.control(status);
  json::Value bad;
  bad.set("cmd", "rules.rollback");
  bad.set("version", 99);  // no such version: refused, nothing changed
  bad.set("by", "test");
  h.control(bad);
  json::Value reload;
  reload.set("cmd", "rules.reload");
  reload.set("by", "operator-somchai");
  h.control(reload);

  auto records = audit_records(h);
  REQUIRE(records.size() == 2);
  CHECK(records[0].number_or("seq", 0) == 1);
  CHECK(records[0].string_or("action") == "watchlist.import");
  CHECK(records[0].string_or("who") == "test");
  const json::Value* details = records[0].find("details");
  REQUIRE(details != nullptr);
  CHECK(details->string_or("name") == "lost_stolen_documents");
  CHECK(details->number_or("text_bytes", 0) > 0);
  CHECK(details->find("text") == nullptr);  // file contents are not copied into the log
  CHECK_FALSE(records[0].string_or("time").empty());
  CHECK(records[1].string_or("action") == "rules.reload");
  CHECK(records[1].string_or("who") == "operator-somchai");

  h.restart();
  CHECK(audit_records(h).size() == 2);
}
