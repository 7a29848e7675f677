#include "sim/control_client.h"

#include "control/control_client.h"

namespace bw::sim {

Result<json::Value> import_watchlist(transport::Context& context, const std::string& endpoint,
                                     const std::string& name, const std::string& csv,
                                     const std::string& by) {
  json::Value req;
  req.set("cmd", "watchlist.import");
  req.set("name", name);
  req.set("text", csv);
  req.set("skip_bad", false);
  req.set("by", by);
  control::ControlClient client(context, endpoint, std::chrono::seconds(60));
  auto reply = client.request(req);
  if (!reply) return reply;
  const json::Value* ok = reply->find("ok");
  if (ok == nullptr || !ok->is_bool() || !ok->as_bool()) {
    return Error{"watchlist.import " + name + ": " + reply->string_or("error", "failed")};
  }
  return reply;
}

}  // namespace bw::sim
