#include "import_upload.h"

#include <iostream>

#include "control/control_client.h"

namespace bwctl {

namespace {

using bw::json::Value;

bool ok(const Value& reply) {
  const Value* v = reply.find("ok");
  return v != nullptr && v->is_bool() && v->as_bool();
}

}  // namespace

std::optional<Value> upload_in_chunks(const Globals& g, const std::string& name,
                                      const std::string& text, const std::string& format,
                                      bool skip_bad, size_t chunk_bytes) {
  bw::transport::Context ctx;
  auto client = control_client(g, ctx);
  if (!client) return std::nullopt;
  const auto send = [&](Value req) -> std::optional<Value> {
    req.set("by", who());
    auto reply = client->request(req);
    if (!reply) {
      std::cerr << "bwctl: " << reply.error().message << "\n";
      return std::nullopt;
    }
    return *reply;
  };
  Value begin;
  begin.set("cmd", "watchlist.upload.begin");
  begin.set("name", name);
  begin.set("format", format);
  begin.set("skip_bad", skip_bad);
  auto started = send(begin);
  if (!started || !ok(*started)) return started;
  const std::string session = started->string_or("session");
  uint64_t seq = 0;
  for (size_t pos = 0; pos < text.size(); ++seq) {
    size_t end = std::min(text.size(), pos + chunk_bytes);
    if (end < text.size()) {
      const size_t nl = text.rfind('\n', end - 1);
      end = nl != std::string::npos && nl >= pos ? nl + 1 : text.find('\n', end);
      if (end == std::string::npos) end = text.size();
    }
    Value chunk;
    chunk.set("cmd", "watchlist.upload.chunk");
    chunk.set("session", session);
    chunk.set("seq", seq);
    chunk.set("text", text.substr(pos, end - pos));
    auto reply = send(chunk);
    if (!reply || !ok(*reply)) {
      Value abort;
      abort.set("cmd", "watchlist.upload.abort");
      abort.set("session", session);
      (void)send(abort);
      return reply;
    }
    pos = end;
  }
  Value commit;
  commit.set("cmd", "watchlist.upload.commit");
  commit.set("session", session);
  return send(commit);
}

}  // namespace bwctl
