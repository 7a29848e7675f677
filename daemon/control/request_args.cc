#include "control/request_args.h"

namespace bw::control {

json::Value error_reply(std::string message) {
  json::Value v;
  v.set("ok", false);
  v.set("error", std::move(message));
  return v;
}

std::optional<uint64_t> whole_number(const json::Value& request, std::string_view key) {
  const json::Value* v = request.find(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  const double d = v->as_number();
  if (!(d >= 0 && d <= 9007199254740992.0) || d != static_cast<double>(static_cast<uint64_t>(d))) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(d);
}

std::string requester(const json::Value& request) {
  return request.string_or("by", "unknown").substr(0, 64);
}

}  // namespace bw::control
