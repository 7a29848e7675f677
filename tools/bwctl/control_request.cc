#include "control_request.h"

#include <iostream>

#include "control/control_client.h"
#include "json/writer.h"

namespace bwctl {

using bw::json::Value;

std::optional<Value> control_request(const Globals& g, const char* cmd, Value req,
                                     const char* what) {
  req.set("cmd", cmd);
  req.set("by", who());
  bw::transport::Context ctx;
  auto client = control_client(g, ctx);
  if (!client) return std::nullopt;
  auto reply = client->request(req);
  if (!reply) {
    std::cerr << "bwctl: " << reply.error().message << "\n";
    return std::nullopt;
  }
  if (g.json) std::cout << bw::json::to_string(*reply) << "\n";
  if (!reply_ok(*reply) && !g.json) {
    // The daemon names the command in most errors ("alerts.show: no alert #9"); `what` already
    // says it the way the operator typed it.
    std::string error = reply->string_or("error");
    const std::string prefix = std::string(cmd) + ": ";
    if (error.rfind(prefix, 0) == 0) error.erase(0, prefix.size());
    std::cerr << what << ": " << error << "\n";
  }
  return *reply;
}

bool reply_ok(const Value& reply) {
  const Value* v = reply.find("ok");
  return v != nullptr && v->is_bool() && v->as_bool();
}

}  // namespace bwctl
