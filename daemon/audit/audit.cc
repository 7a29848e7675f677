#include "audit/audit.h"

#include "json/parse.h"
#include "json/writer.h"
#include "util/time.h"

namespace bw::audit {

Status AuditLog::record(std::string_view who, std::string_view action, json::Value details) {
  json::Value v;
  v.set("time", format_rfc3339(clock_()));
  v.set("who", std::string(who));
  v.set("action", std::string(action));
  v.set("details", std::move(details));
  auto seq = store_.append_audit(json::to_string(v));
  if (!seq) return seq.error();
  return ok_status();
}

Result<json::Array> AuditLog::list(uint64_t from, size_t limit) const {
  auto records = store_.audit_since(from, limit);
  if (!records) return records.error();
  json::Array out;
  for (auto& r : *records) {
    auto v = json::parse(r.json);
    if (!v) return Error{"audit: record " + std::to_string(r.seq) + " is not JSON"};
    v->set("seq", r.seq);
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace bw::audit
