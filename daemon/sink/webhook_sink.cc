#include "sink/webhook_sink.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace bw::sink {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Result<HttpUrl> parse_http_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return Error{"url \"" + url + "\": must start with http://"};
  std::string rest = url.substr(kScheme.size());
  HttpUrl out;
  const auto slash = rest.find('/');
  if (slash != std::string::npos) {
    out.target = rest.substr(slash);
    rest.resize(slash);
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    out.port = rest.substr(colon + 1);
    rest.resize(colon);
    if (out.port.empty() || out.port.size() > 5 ||
        out.port.find_first_not_of("0123456789") != std::string::npos) {
      return Error{"url \"" + url + "\": port must be a number"};
    }
  }
  out.host = rest;
  if (out.host.empty()) return Error{"url \"" + url + "\": host is missing"};
  return out;
}

Status WebhookSink::deliver(const store::StoredAlert& alert, const json::Value& parsed) {
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{http::verb::post, url_.target, 11};
  req.set(http::field::host, url_.host);
  req.set(http::field::user_agent, "borderwatchd/" BW_VERSION);
  req.set(http::field::content_type, "application/json");
  req.set("Idempotency-Key", parsed.string_or("id"));
  req.body() = alert.json;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code failed;
  const char* stage = "resolve";
  const auto timeout = std::chrono::milliseconds(config_.timeout_ms);
  stream.expires_after(timeout);
  // One chain of asynchronous steps so every step, connect included, obeys the deadline.
  resolver.async_resolve(url_.host, url_.port, [&](beast::error_code ec, auto endpoints) {
    if (ec) return void(failed = ec);
    stage = "connect";
    stream.async_connect(endpoints, [&](beast::error_code ec, const auto&) {
      if (ec) return void(failed = ec);
      stage = "send";
      http::async_write(stream, req, [&](beast::error_code ec, size_t) {
        if (ec) return void(failed = ec);
        stage = "response";
        http::async_read(stream, buffer, res, [&](beast::error_code ec, size_t) {
          failed = ec;
          stage = "done";
        });
      });
    });
  });
  // In slices, so shutdown need not wait for a slow receiver; the resolver has no deadline
  // of its own, hence the overall one.
  const auto deadline = std::chrono::steady_clock::now() + timeout + std::chrono::milliseconds(100);
  while (!io.stopped() && !cancelled_ && std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(50));
  }
  if (cancelled_) return Error{"webhook: cancelled at shutdown"};
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  const std::string where = "webhook " + url_.host + ":" + url_.port + url_.target;
  if (failed) return Error{where + ": " + stage + ": " + failed.message()};
  if (std::string_view(stage) != "done") return Error{where + ": " + stage + ": timed out"};
  const unsigned code = res.result_int();
  if (code < 200 || code > 299) {
    return Error{where + ": HTTP " + std::to_string(code) + " " + std::string(res.reason())};
  }
  return ok_status();
}

}  // namespace bw::sink
