#include "common/testing/taken_port.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace busan::testing {

TakenPort::TakenPort(Mode mode)
    : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd_ < 0 ||
      bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      (mode == Mode::kListening && listen(fd_, 1) != 0) ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    ADD_FAILURE() << "cannot hold a loopback port";
  }
  port_ = ntohs(address.sin_port);
}

TakenPort::~TakenPort() {
  if (fd_ >= 0) close(fd_);
}

std::string TakenPort::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

}  // namespace busan::testing
