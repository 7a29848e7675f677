// The real borderwatchd as a child process, for tests that must kill it the hard way.
//
// Contract: start() forks and execs `binary --config <config>` with stdout and stderr
// appended to `log_path`; kill_hard() sends SIGKILL and reaps; stop() sends SIGTERM and waits
// up to `timeout` (then SIGKILL). The destructor kills a child that is still running, so a
// failing test never leaves a daemon behind. Not thread-safe; one owner.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace bw::test {

class DaemonProcess {
 public:
  DaemonProcess(std::string binary, std::string config, std::string log_path)
      : binary_(std::move(binary)), config_(std::move(config)), log_path_(std::move(log_path)) {}
  ~DaemonProcess() {
    if (pid_ > 0) kill_hard();
  }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  void start() {
    if (pid_ > 0) throw std::logic_error("daemon already running");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      // Child: only async-signal-safe calls until exec.
      const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      execl(binary_.c_str(), binary_.c_str(), "--config", config_.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    pid_ = pid;
  }

  // True while the child has not exited (reaps it if it has).
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      last_status_ = status;
      return false;
    }
    return true;
  }

  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &last_status_, 0);
    pid_ = -1;
  }

  // SIGTERM, then wait; true when it exited by itself with status 0 in time.
  bool stop(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return false;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!running()) return WIFEXITED(last_status_) && WEXITSTATUS(last_status_) == 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill_hard();
    return false;
  }

 private:
  std::string binary_;
  std::string config_;
  std::string log_path_;
  pid_t pid_ = -1;
  int last_status_ = 0;
};

}  // namespace bw::test
