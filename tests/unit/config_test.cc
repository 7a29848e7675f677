#include <doctest/doctest.h>

#include "config/loader.h"
#include "test_support.h"

using bw::config::load_text;

TEST_CASE("config: the shipped file loads with the five Chanthaburi checkpoints") {
  auto cfg = bw::config::load_file(std::string(BW_SOURCE_DIR) + "/config/borderwatch.yaml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error().message));
  CHECK(cfg->checkpoints.size() == 5);
  const auto* laem = cfg->find_checkpoint("BAN_LAEM");
  REQUIRE(laem != nullptr);
  CHECK(laem->type == bw::config::CheckpointType::kPermanent);
  CHECK(laem->hours.open_minute == 8 * 60);
  CHECK(cfg->find_checkpoint("SAP_TARI")->type == bw::config::CheckpointType::kTemporary);
  CHECK(cfg->timezone_offset_minutes == 420);
}

TEST_CASE("config: unknown keys and bad values name the key and position") {
  const std::string base = "checkpoints:\n  - id: A\n";
  struct Case {
    std::string text;
    std::string expected;
  } cases[] = {
      {base + "ingest:\n  endpont: tcp://127.0.0.1:1\n", "t.yaml:4:3: ingest.endpont: unknown key"},
      {base + "ingest:\n  max_batch: lots\n", "t.yaml:4:14: ingest.max_batch: must be an integer"},
      {base + "ingest:\n  max_batch: 0\n",
       "ingest.max_batch: must be an integer between 1 and 65536"},
      {base + "ingest:\n  endpoint: 127.0.0.1:7700\n",
       "ingest.endpoint: must be a ZeroMQ endpoint"},
      {base + "log:\n  level: loud\n", "log.level: must be one of trace, debug, info, warn, error"},
      {base + "timezone: Bangkok\n", "timezone: must be a UTC offset like +07:00"},
      {base + "timezone: \"+-9:00\"\n", "timezone: must be a UTC offset like +07:00"},
      {base + "timezone: \"+07:-5\"\n", "timezone: must be a UTC offset like +07:00"},
      {base + "timezone: \"+ 7:00\"\n", "timezone: must be a UTC offset like +07:00"},
      {"checkpoints:\n  - id: A\n    type: secret\n",
       "checkpoints[0].type: must be one of permanent, temporary"},
      {"checkpoints:\n  - id: A\n    hours: {open: \"8am\"}\n",
       "checkpoints[0].hours.open: must be a time HH:MM"},
      {"checkpoints:\n  - name: nameless\n", "checkpoints[0].id: required key is missing"},
      {"checkpoints:\n  - id: A\n  - id: A\n", "duplicate id \"A\""},
      {"state_dir: /tmp\n", "at least one checkpoint is required"},
      {"checkpoints: [\n", "invalid YAML"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto cfg = load_text(c.text, "t.yaml");
    REQUIRE_FALSE(cfg.ok());
    CHECK_MESSAGE(cfg.error().message.find(c.expected) != std::string::npos, cfg.error().message);
  }
}

TEST_CASE("config: opening hours, including a span over midnight") {
  bw::config::OpeningHours day{8 * 60, 16 * 60};
  CHECK(day.contains(8 * 60));
  CHECK_FALSE(day.contains(16 * 60));
  bw::config::OpeningHours night{22 * 60, 6 * 60};
  CHECK(night.contains(23 * 60));
  CHECK(night.contains(60));
  CHECK_FALSE(night.contains(12 * 60));
  bw::config::OpeningHours always{0, 0};
  CHECK(always.contains(3 * 60));
}

TEST_CASE("config: escalation delays per priority, overridden per checkpoint") {
  auto cfg = load_text(
      "alerts:\n  escalate_after: {critical: 3, high: 0}\n"
      "checkpoints:\n  - id: A\n  - id: B\n    escalate_after: {critical: 1}\n",
      "t.yaml");
  REQUIRE(cfg.ok());
  CHECK(cfg->escalate_after(4, "A") == 3);
  CHECK(cfg->escalate_after(4, "B") == 1);
  CHECK(cfg->escalate_after(3, "B") == 0);
  CHECK(cfg->escalate_after(4, "ELSEWHERE") == 3);
  auto bad =
      load_text("alerts:\n  escalate_after: {urgent: 3}\ncheckpoints:\n  - id: A\n", "t.yaml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("alerts.escalate_after.urgent: unknown key") != std::string::npos);
}
