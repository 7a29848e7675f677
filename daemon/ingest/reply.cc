#include "ingest/reply.h"

#include "json/writer.h"

namespace bw::ingest {

namespace {

constexpr std::string_view kIdPrefix = R"({"event_id":")";
constexpr std::string_view kStatusPrefix = R"(","status":")";
constexpr std::string_view kEnd = R"("})";

}  // namespace

std::string format_reply(std::string_view event_id, std::string_view status,
                         std::string_view error) {
  std::string body;
  // One allocation for the usual reply (quotes and punctuation fit in the slack); the
  // piecewise appends below would otherwise grow the string twice for every event.
  body.reserve(48 + event_id.size() + status.size() + error.size());
  body += "{\"event_id\":";
  if (event_id.empty()) {
    body += "null";
  } else {
    json::append_quoted(body, event_id);
  }
  body += ",\"status\":";
  json::append_quoted(body, status);
  if (!error.empty()) {
    body += ",\"error\":";
    json::append_quoted(body, error);
  }
  body += '}';
  return body;
}

std::optional<PlainReply> read_plain_reply(std::string_view body) {
  if (body.substr(0, kIdPrefix.size()) != kIdPrefix) return std::nullopt;
  body.remove_prefix(kIdPrefix.size());
  const size_t id_end = body.find('"');
  if (id_end == std::string_view::npos) return std::nullopt;
  PlainReply reply{body.substr(0, id_end), {}};
  if (reply.event_id.find('\\') != std::string_view::npos) return std::nullopt;
  body.remove_prefix(id_end);
  if (body.substr(0, kStatusPrefix.size()) != kStatusPrefix) return std::nullopt;
  body.remove_prefix(kStatusPrefix.size());
  const size_t status_end = body.find('"');
  if (status_end == std::string_view::npos || body.substr(status_end) != kEnd) return std::nullopt;
  reply.status = body.substr(0, status_end);
  return reply;
}

}  // namespace bw::ingest
