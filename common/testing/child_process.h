// Runs a built binary as a child process for end-to-end tests: merged
// stdout/stderr are captured, lines can be awaited with a deadline, and the
// child is killed (SIGKILL) if the test forgets to stop it, or dies (the
// child is started with PR_SET_PDEATHSIG).
#ifndef BUSAN_COMMON_TESTING_CHILD_PROCESS_H_
#define BUSAN_COMMON_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace busan::testing {

class ChildProcess {
 public:
  // Starts `path` with `args` (not including argv[0]).
  ChildProcess(const std::string& path, const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Waits until the output contains a line with `prefix`; returns that line
  // (or nullopt when the deadline passes or the child exits first).
  std::optional<std::string> WaitForLine(const std::string& prefix,
                                         absl::Duration timeout);

  // Sends `signal` to the child.
  void Signal(int signal);

  // Waits for exit; returns the exit code, or 128 + signal when killed, or
  // nullopt on timeout.
  std::optional<int> Wait(absl::Duration timeout);

  // Everything the child printed so far.
  std::string Output();

 private:
  void ReadOutput(int fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::thread reader_;
  std::mutex mutex_;
  std::string output_;
  bool output_closed_ = false;
};

// Runs a binary to completion (bounded by `timeout`) and returns its exit
// code (-1 on timeout) and merged output.
struct RunResult {
  int exit_code;
  std::string output;
};
RunResult RunBinary(const std::string& path,
                    const std::vector<std::string>& args,
                    absl::Duration timeout = absl::Seconds(60));

// "host:port" from a "NAME: serving on host:port ..." line.
std::string ServingAddress(const std::string& line);

// A service binary running as a child process.
struct StartedService {
  std::unique_ptr<ChildProcess> process;
  // Where it serves; empty when it did not start (the test has then
  // failed, with the binary's output).
  std::string address;
};

// Starts the service binary at `path` with `--address=127.0.0.1:0` (a free
// loopback port; a later --address or a flag file may override it) and
// then `flags`, and waits for its "NAME: serving on" line.
StartedService StartService(const std::string& path,
                            const std::vector<std::string>& flags);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_CHILD_PROCESS_H_
