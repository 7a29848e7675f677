// WebhookSink: POSTs each alert's JSON to an HTTP endpoint (Boost.Beast, plain HTTP/1.1).
//
// Headers: Content-Type: application/json, Idempotency-Key: <alert id> (the receiver drops
// repeats by it: delivery is at least once). Any 2xx status is delivered; anything else, a
// refused connection or the timeout (timeout_ms for the whole exchange) is an Error and the
// runner retries with backoff. One connection per request: simple, and a receiver that
// restarts never sees a half-used connection. No TLS: terminate it in a local proxy.
// cancel() (shutdown) abandons a request in progress within about 50 ms.
#pragma once

#include <atomic>
#include <string>

#include "config/config.h"
#include "sink/sink.h"

namespace bw::sink {

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

// "http://HOST[:PORT][/PATH]". Error names what is wrong.
Result<HttpUrl> parse_http_url(const std::string& url);

class WebhookSink final : public Sink {
 public:
  WebhookSink(const config::SinkConfig& config, HttpUrl url)
      : config_(config), url_(std::move(url)) {}

  Status deliver(const store::StoredAlert& alert, const json::Value& parsed) override;
  void cancel() override { cancelled_ = true; }

 private:
  const config::SinkConfig& config_;
  HttpUrl url_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace bw::sink
