#include <doctest/doctest.h>

#include "config/loader.h"

using bw::config::load_text;

TEST_CASE("config: sinks and noise control load with their defaults") {
  auto cfg = load_text(R"(checkpoints:
  - id: A
sinks:
  - name: archive
    type: jsonl
    path: /var/log/bw/alerts.jsonl
    keep: 3
  - name: chat
    type: webhook
    url: http://127.0.0.1:8080/hook
    retry_max_ms: 5000
  - name: journal
    type: journald
noise:
  fold_seconds: 120
  fold_key_fields: [vehicle.plate]
  rule_rate_limit_per_minute: 500
)",
                       "t.yaml");
  REQUIRE_MESSAGE(cfg.ok(), cfg.error().message);
  REQUIRE(cfg->sinks.size() == 3);
  CHECK(cfg->sinks[0].path == "/var/log/bw/alerts.jsonl");
  CHECK(cfg->sinks[0].keep == 3);
  CHECK(cfg->sinks[0].rotate_bytes == 64u << 20);
  CHECK(cfg->sinks[1].url == "http://127.0.0.1:8080/hook");
  CHECK(cfg->sinks[1].retry_initial_ms == 500);
  CHECK(cfg->sinks[1].retry_max_ms == 5000);
  CHECK(cfg->sinks[2].identifier == "borderwatch");
  CHECK(cfg->noise.fold_seconds == 120);
  CHECK(cfg->noise.fold_key_fields == std::vector<std::string>{"vehicle.plate"});
  CHECK(cfg->noise.rule_rate_limit_per_minute == 500);
}

TEST_CASE("config: a bad sink or noise key names the key and position") {
  const std::string base = "checkpoints:\n  - id: A\n";
  struct Case {
    std::string text;
    std::string expected;
  } cases[] = {
      {base + "sinks:\n  - name: a\n    type: email\n", "sinks[0].type: must be one of jsonl"},
      {base + "sinks:\n  - type: jsonl\n    path: /x\n", "t.yaml:4:5: sinks[0].name: is required"},
      {base + "sinks:\n  - name: a\n    type: jsonl\n",
       "sinks[0].path: is required for type jsonl"},
      {base + "sinks:\n  - name: a\n    type: webhook\n    url: https://x/\n",
       "sinks[0].url: must be http://HOST[:PORT][/PATH]"},
      {base + "sinks:\n  - name: a\n    type: jsonl\n    path: /x\n    url: http://x/\n",
       "sinks[0].url: only for type webhook"},
      {base + "sinks:\n  - name: a\n    type: journald\n    retyr_max_ms: 5\n",
       "sinks[0].retyr_max_ms: unknown key"},
      {base + "sinks:\n  - name: a\n    type: journald\n    retry_initial_ms: 900\n    "
              "retry_max_ms: 100\n",
       "must not be below retry_initial_ms"},
      {base + "sinks:\n  - {name: a, type: journald}\n  - {name: a, type: journald}\n",
       "sinks[1].name: duplicate sink name \"a\""},
      {base + "sinks:\n  - {name: a/b, type: journald}\n", "without '/'"},
      {base + "sinks: {name: a}\n", "sinks: must be a list"},
      {base + "noise:\n  fold_seconds: -1\n", "noise.fold_seconds: must be an integer between 0"},
      {base + "noise:\n  fold_keys: [a]\n", "noise.fold_keys: unknown key"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto cfg = load_text(c.text, "t.yaml");
    REQUIRE_FALSE(cfg.ok());
    CHECK_MESSAGE(cfg.error().message.find(c.expected) != std::string::npos, cfg.error().message);
  }
}
