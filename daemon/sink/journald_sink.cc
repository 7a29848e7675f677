#include "sink/journald_sink.h"

#include <systemd/sd-journal.h>

#include <cstring>

namespace bw::sink {

int JournaldSink::syslog_priority(std::string_view p) {
  if (p == "critical") return 2;
  if (p == "high") return 3;
  if (p == "medium") return 4;
  if (p == "low") return 5;
  return 6;
}

Status JournaldSink::deliver(const store::StoredAlert& alert, const json::Value& parsed) {
  const std::string priority = parsed.string_or("priority");
  const std::string message = "alert #" + std::to_string(alert.seq) + " " + priority + " " +
                              parsed.string_or("rule") + " at " + parsed.string_or("checkpoint") +
                              ": " + parsed.string_or("output");
  const int rc = sd_journal_send(
      "MESSAGE=%s", message.c_str(), "PRIORITY=%d", syslog_priority(priority),
      "SYSLOG_IDENTIFIER=%s", config_.identifier.c_str(), "BW_ALERT_ID=%s",
      parsed.string_or("id").c_str(), "BW_SEQ=%llu", static_cast<unsigned long long>(alert.seq),
      "BW_RULE=%s", parsed.string_or("rule").c_str(), "BW_PRIORITY=%s", priority.c_str(),
      "BW_CHECKPOINT=%s", parsed.string_or("checkpoint").c_str(), "BW_ALERT=%s", alert.json.c_str(),
      nullptr);
  if (rc < 0) return Error{std::string("journald: ") + std::strerror(-rc)};
  return ok_status();
}

}  // namespace bw::sink
