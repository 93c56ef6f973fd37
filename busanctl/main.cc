// busanctl: the command-line client of catalog-service and metrics-service.
// See app.h for the exit statuses and `busanctl --help` for the commands.
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "busanctl/app.h"

namespace {

// The terminal's width in columns when stdout is one, else 0.
int TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    return size.ws_col;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return busan::ctl::RunBusanctl(args,
                                 {&std::cout, &std::cerr, TerminalWidth()});
}
