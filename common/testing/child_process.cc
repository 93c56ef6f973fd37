#include "common/testing/child_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace busan::testing {

ChildProcess::ChildProcess(const std::string& path,
                           const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) abort();
  std::vector<std::string> argv_storage = {path};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // A test that crashes or is killed on a timeout never runs its
    // destructors: the child goes with it instead of serving on as an
    // orphan. (The signal follows the thread that forked, so children are
    // started from the test's own thread, as every fixture does.)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the test died before prctl
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(path.c_str(), argv.data());
    fprintf(stderr, "exec %s failed: %s\n", path.c_str(), strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  reader_ = std::thread([this, fd = fds[0]] { ReadOutput(fd); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    Signal(SIGKILL);
    Wait(absl::Seconds(10));
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadOutput(int fd) {
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0 ||
         (n < 0 && errno == EINTR)) {
    if (n <= 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    output_.append(buffer, n);
  }
  close(fd);
  std::lock_guard<std::mutex> lock(mutex_);
  output_closed_ = true;
}

std::optional<std::string> ChildProcess::WaitForLine(const std::string& prefix,
                                                     absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      size_t start = 0;
      while (start < output_.size()) {
        size_t end = output_.find('\n', start);
        if (end == std::string::npos) break;
        std::string line = output_.substr(start, end - start);
        if (line.rfind(prefix, 0) == 0) return line;
        start = end + 1;
      }
      if (output_closed_) return std::nullopt;
    }
    absl::SleepFor(absl::Milliseconds(10));  // polling, bounded by deadline
  }
  return std::nullopt;
}

void ChildProcess::Signal(int signal) {
  if (pid_ > 0 && !exit_code_) kill(pid_, signal);
}

std::optional<int> ChildProcess::Wait(absl::Duration timeout) {
  if (exit_code_) return exit_code_;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ =
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (reader_.joinable()) reader_.join();
      return exit_code_;
    }
    if (absl::Now() >= deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

std::string ChildProcess::Output() {
  std::lock_guard<std::mutex> lock(mutex_);
  return output_;
}

RunResult RunBinary(const std::string& path,
                    const std::vector<std::string>& args,
                    absl::Duration timeout) {
  ChildProcess child(path, args);
  std::optional<int> code = child.Wait(timeout);
  if (!code) {
    child.Signal(SIGKILL);
    child.Wait(absl::Seconds(10));
    return {-1, child.Output()};
  }
  return {*code, child.Output()};
}

std::string ServingAddress(const std::string& line) {
  const std::string marker = "serving on ";
  size_t start = line.find(marker);
  if (start == std::string::npos) return "";
  start += marker.size();
  return line.substr(start, line.find(' ', start) - start);
}

StartedService StartService(const std::string& path,
                            const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"--address=127.0.0.1:0"};
  args.insert(args.end(), flags.begin(), flags.end());
  StartedService service;
  service.process = std::make_unique<ChildProcess>(path, args);
  const std::string name = path.substr(path.rfind('/') + 1);
  std::optional<std::string> line =
      service.process->WaitForLine(name + ": serving on", absl::Seconds(30));
  if (!line) {
    ADD_FAILURE() << name << " did not start:\n" << service.process->Output();
    return service;
  }
  service.address = ServingAddress(*line);
  return service;
}

}  // namespace busan::testing
