// JsonlSink: appends each alert as one JSON line to a file, fsynced per batch (flush()).
//
// Rotation: before a line would take the file past rotate_bytes, path.N-1 -> path.N, ...,
// path -> path.1 (the oldest beyond `keep` is removed) and a new file is started; keep = 0
// truncates instead. A line is never split across files. Errors (directory missing, disk
// full) come back as Status and the runner retries; a partial last line after a crash is
// possible and is followed by the redelivered alert on its own line.
#pragma once

#include <cstdio>
#include <string>

#include "config/config.h"
#include "sink/sink.h"

namespace bw::sink {

class JsonlSink final : public Sink {
 public:
  explicit JsonlSink(const config::SinkConfig& config) : config_(config) {}
  ~JsonlSink() override;

  Status deliver(const store::StoredAlert& alert, const json::Value& parsed) override;
  Status flush() override;

 private:
  Status open();
  Status rotate();
  void close();

  const config::SinkConfig& config_;
  std::FILE* file_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace bw::sink
