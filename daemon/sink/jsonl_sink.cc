#include "sink/jsonl_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace bw::sink {

namespace {

Error file_error(const std::string& what, const std::string& path) {
  return Error{"jsonl " + path + ": " + what + ": " + std::strerror(errno)};
}

}  // namespace

JsonlSink::~JsonlSink() {
  close();
}

void JsonlSink::close() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

Status JsonlSink::open() {
  file_ = std::fopen(config_.path.c_str(), "ab");
  if (file_ == nullptr) return file_error("cannot open", config_.path);
  std::error_code ec;
  size_ = std::filesystem::file_size(config_.path, ec);
  if (ec) size_ = 0;
  return ok_status();
}

Status JsonlSink::rotate() {
  if (auto s = flush(); !s) return s;
  close();
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto numbered = [&](int n) { return config_.path + "." + std::to_string(n); };
  if (config_.keep == 0) {
    fs::resize_file(config_.path, 0, ec);
  } else {
    fs::remove(numbered(config_.keep), ec);
    for (int n = config_.keep - 1; n >= 1; --n) {
      if (fs::exists(numbered(n), ec)) fs::rename(numbered(n), numbered(n + 1), ec);
    }
    fs::rename(config_.path, numbered(1), ec);
  }
  if (ec) return Error{"jsonl " + config_.path + ": rotate: " + ec.message()};
  return open();
}

Status JsonlSink::deliver(const store::StoredAlert& alert, const json::Value&) {
  if (file_ == nullptr) {
    if (auto s = open(); !s) return s;
  }
  const uint64_t line = alert.json.size() + 1;
  if (size_ > 0 && size_ + line > config_.rotate_bytes) {
    if (auto s = rotate(); !s) return s;
  }
  if (std::fwrite(alert.json.data(), 1, alert.json.size(), file_) != alert.json.size() ||
      std::fputc('\n', file_) == EOF) {
    close();  // reopen next time: the stream is in an unknown state
    return file_error("write", config_.path);
  }
  size_ += line;
  return ok_status();
}

Status JsonlSink::flush() {
  if (file_ == nullptr) return ok_status();
  if (std::fflush(file_) != 0 || ::fdatasync(fileno(file_)) != 0) {
    close();
    return file_error("flush", config_.path);
  }
  return ok_status();
}

}  // namespace bw::sink
