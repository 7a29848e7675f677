// Daemon configuration: what config/borderwatch.yaml can say. Loaded once at start-up by
// config/loader.h; immutable afterwards and safe to share between threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bw::config {

enum class CheckpointType { kPermanent, kTemporary };
enum class CheckpointStatus { kOpen, kClosed, kRestricted };

struct OpeningHours {
  int open_minute = 7 * 60;    // local minutes after midnight
  int close_minute = 18 * 60;  // exclusive; equal to open means "always open"
  bool contains(int local_minute) const;
};

struct Checkpoint {
  std::string id;  // as sent in events' "checkpoint"
  std::string name;
  std::string district;
  std::string cambodian_side;
  CheckpointType type = CheckpointType::kPermanent;
  CheckpointStatus status = CheckpointStatus::kOpen;
  double km = 0;        // position along the border line from its northern end
  double latitude = 0;  // 0/0 = unknown
  double longitude = 0;
  OpeningHours hours;
  // Per-checkpoint override of alerts.escalate_after (a busy point may need a shorter fuse);
  // -1 = use the global value.
  std::array<int, 5> escalate_after = {-1, -1, -1, -1, -1};
};

const char* to_string(CheckpointType t);
const char* to_string(CheckpointStatus s);

struct IngestConfig {
  std::string endpoint = "tcp://127.0.0.1:7700";
  size_t max_message_bytes = 64 * 1024;
  size_t max_batch = 4096;  // events per synced write; reading pauses while one is full
  // Free space the state directory's file system must keep; below it writes are refused
  // ("retry") before they reach RocksDB, whose 7.8 WAL cannot survive a failed write.
  size_t min_free_disk_mb = 128;
};

// Minutes an alert of each priority may stay unacknowledged before it is escalated to the
// supervisors' topic; 0 = never. Indexed by priority: info, low, medium, high, critical.
using EscalationMinutes = std::array<int, 5>;

struct AlertsConfig {
  std::string endpoint = "tcp://127.0.0.1:7701";
  int send_high_water_mark = 100000;
  EscalationMinutes escalate_after = {0, 0, 0, 15, 5};
};

struct ControlConfig {
  std::string endpoint = "tcp://127.0.0.1:7702";
  size_t max_request_bytes = 256u << 20;  // watchlist imports travel as one request
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error
  std::string format = "text";  // text or json
};

// Stateful (temporal) rules: see rules/README.md "Stateful rules".
struct StatefulRulesConfig {
  // How far behind the latest event time an event may be and still count in windows.
  int allowed_lateness_minutes = 60;
};

// One alert sink (see daemon/sink/): where alerts go besides the PUB socket. Each sink has its
// own durable cursor, so a slow or dead sink never holds up ingest or the other sinks.
struct SinkConfig {
  std::string name;                   // unique; names the cursor in the store, so renaming replays
  std::string type;                   // jsonl, journald or webhook
  std::string path;                   // jsonl: file to append to
  uint64_t rotate_bytes = 64u << 20;  // jsonl: rotate before a line would pass this size
  int keep = 5;                       // jsonl: rotated files kept (path.1 newest .. path.N)
  std::string url;                    // webhook: http://HOST:PORT/PATH
  int timeout_ms = 5000;              // webhook: whole request, connect to response
  std::string identifier = "borderwatch";  // journald: SYSLOG_IDENTIFIER
  int retry_initial_ms = 500;              // first wait after a failed delivery
  int retry_max_ms = 60000;                // backoff doubles up to this
};

// Noise control, decided when an alert is raised (daemon/noise/).
struct NoiseConfig {
  int fold_seconds = 300;  // repeats of one rule+key within this are folded; 0 = never fold
  // Alert fields that identify "the same subject" for folding; an alert with none of them
  // present is never folded.
  std::vector<std::string> fold_key_fields = {"traveller.document.number", "vehicle.plate"};
  int rule_rate_limit_per_minute = 0;  // floor of the limit; 0 = rate protection off
  // The limit is this many times the rule's normal rate (alerts per minute, learned from the
  // minutes it stayed within its limit), never below the floor.
  int rule_rate_factor = 10;
};

// Who may connect (CURVE keys) and what each key may do. See config/borderwatch.yaml.
struct SecurityClient {
  std::string name;                      // shown in logs and audit as the authenticated user
  std::string public_key;                // Z85, 40 characters
  std::string role;                      // checkpoint, operator, officer or viewer
  std::vector<std::string> checkpoints;  // role checkpoint: the ids it may report for
};

struct SecurityConfig {
  bool curve = false;  // CURVE on ingest, alerts and control, with only `clients` admitted
  std::string server_secret_key_file;  // Z85 secret key; must not be group/world-readable
  std::string server_public_key_file;
  std::vector<SecurityClient> clients;
  bool insecure = false;  // allow a non-loopback ingest/control endpoint without CURVE
};

struct Config {
  std::string state_dir = "/var/lib/borderwatch";
  std::string rules_dir = "/etc/borderwatch/rules";
  int timezone_offset_minutes = 7 * 60;  // local time of the checkpoints (Asia/Bangkok)
  IngestConfig ingest;
  AlertsConfig alerts;
  ControlConfig control;
  LogConfig log;
  std::vector<Checkpoint> checkpoints;
  StatefulRulesConfig stateful;
  std::vector<SinkConfig> sinks;
  NoiseConfig noise;
  SecurityConfig security;

  // nullptr when `id` is not configured.
  const Checkpoint* find_checkpoint(std::string_view id) const;
  // Escalation delay in minutes for an alert of `priority` (0..4) at `checkpoint`; 0 = never.
  int escalate_after(int priority, std::string_view checkpoint) const;
};

}  // namespace bw::config
