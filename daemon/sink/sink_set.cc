#include "sink/sink_set.h"

#include "sink/journald_sink.h"
#include "sink/jsonl_sink.h"
#include "sink/webhook_sink.h"

namespace bw::sink {

Result<std::unique_ptr<Sink>> make_sink(const config::SinkConfig& config) {
  if (config.type == "jsonl") return std::unique_ptr<Sink>(new JsonlSink(config));
  if (config.type == "journald") return std::unique_ptr<Sink>(new JournaldSink(config));
  if (config.type == "webhook") {
    auto url = parse_http_url(config.url);
    if (!url) return Error{"sink " + config.name + ": " + url.error().message};
    return std::unique_ptr<Sink>(new WebhookSink(config, std::move(*url)));
  }
  return Error{"sink " + config.name + ": unknown type \"" + config.type + "\""};
}

Result<std::unique_ptr<SinkSet>> SinkSet::create(const std::vector<config::SinkConfig>& configs,
                                                 store::Store& store) {
  auto set = std::make_unique<SinkSet>();
  for (const auto& c : configs) {
    auto sink = make_sink(c);
    if (!sink) return sink.error();
    set->runners_.push_back(std::make_unique<SinkRunner>(c, std::move(*sink), store));
  }
  return set;
}

Status SinkSet::start() {
  for (auto& r : runners_) {
    if (auto s = r->start(); !s) return s;
  }
  return ok_status();
}

void SinkSet::notify() {
  for (auto& r : runners_) r->notify();
}

void SinkSet::stop() {
  for (auto& r : runners_) r->request_stop();  // all wind down at once; then each is joined
  for (auto& r : runners_) r->stop();
}

json::Value SinkSet::status() const {
  json::Array out;
  for (const auto& r : runners_) out.push_back(r->status());
  return json::Value(std::move(out));
}

}  // namespace bw::sink
