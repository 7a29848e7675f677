// Snapshot<T>: an immutable value that one thread replaces while others keep reading.
// Readers get a shared_ptr and keep using the version they got, so a swap never shows a
// reader half an update (rule sets, watchlists). Thread-safe.
#pragma once

#include <memory>
#include <mutex>

namespace bw {

template <typename T>
class Snapshot {
 public:
  explicit Snapshot(std::shared_ptr<const T> initial = nullptr) : value_(std::move(initial)) {}

  std::shared_ptr<const T> get() const {
    std::lock_guard lock(mu_);
    return value_;
  }

  void set(std::shared_ptr<const T> value) {
    std::lock_guard lock(mu_);
    value_.swap(value);
    // the old value is released outside the lock, when `value` goes out of scope
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const T> value_;
};

}  // namespace bw
