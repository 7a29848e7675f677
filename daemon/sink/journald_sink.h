// JournaldSink: writes each alert to the systemd journal (sd_journal_send) with structured
// fields BW_ALERT_ID, BW_SEQ, BW_RULE, BW_PRIORITY, BW_CHECKPOINT and BW_ALERT (the JSON), so
// `journalctl BW_CHECKPOINT=BAN_LAEM` finds them and log shippers forward them. Journal
// priority: critical -> crit(2), high -> err(3), medium -> warning(4), low -> notice(5),
// info -> info(6). An unreachable journal is an Error and the runner retries.
#pragma once

#include "config/config.h"
#include "sink/sink.h"

namespace bw::sink {

class JournaldSink final : public Sink {
 public:
  explicit JournaldSink(const config::SinkConfig& config) : config_(config) {}
  Status deliver(const store::StoredAlert& alert, const json::Value& parsed) override;

  // Journal (syslog) priority for an alert priority name.
  static int syslog_priority(std::string_view alert_priority);

 private:
  const config::SinkConfig& config_;
};

}  // namespace bw::sink
