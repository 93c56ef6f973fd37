// busanctl's command line: finds the command, parses its flags, runs it and
// maps the outcome to the exit status the contract fixes:
//   0  success;
//   1  a call failed: "error: <CODE_NAME>: <message>" on stderr;
//   2  usage error (unknown command or flag, bad value, unreadable input):
//      the message and usage text on stderr, nothing sent.
// `--help` anywhere prints the relevant usage on stdout and exits 0.
#ifndef BUSAN_BUSANCTL_APP_H_
#define BUSAN_BUSANCTL_APP_H_

#include <ostream>
#include <string>
#include <vector>

namespace busan::ctl {

// Where a run prints.
struct Terminal {
  std::ostream* out;
  std::ostream* err;
  // Columns tables should fit in; 0 when stdout is not a terminal (tables
  // then only truncate cells longer than their column's cap).
  int width = 0;
};

// Runs busanctl with `args` (the command line without the program name) and
// returns the process exit status.
int RunBusanctl(const std::vector<std::string>& args, const Terminal& terminal);

// One run's exit status and what it printed, for tests.
struct RunResult {
  int status;
  std::string out;
  std::string err;
};
// Runs busanctl with `args`, capturing stdout and stderr (no terminal
// width).
RunResult RunBusanctlCaptured(const std::vector<std::string>& args);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_APP_H_
