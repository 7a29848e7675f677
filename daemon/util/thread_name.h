// Names the calling thread (shown by top -H, perf, gdb), truncated to Linux's 15 characters.
#pragma once

#include <pthread.h>

#include <string>

namespace bw {

inline void set_thread_name(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace bw
