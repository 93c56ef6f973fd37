#include "common/testing/http_client.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace busan::testing {

std::string HttpResponse::Header(const std::string& name) const {
  for (absl::string_view line : absl::StrSplit(headers, "\r\n")) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    if (absl::EqualsIgnoreCase(line.substr(0, colon), name)) {
      return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
  }
  return "";
}

int ConnectTcp(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return -1;
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  absl::string_view host = absl::string_view(address).substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  addrinfo* resolved = nullptr;
  if (getaddrinfo(std::string(host).c_str(), address.substr(colon + 1).c_str(),
                  &hints, &resolved) != 0) {
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = resolved; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(resolved);
  return fd;
}

absl::StatusOr<HttpResponse> HttpExchange(const std::string& address,
                                          const std::string& request,
                                          absl::Duration timeout) {
  const int fd = ConnectTcp(address);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", address));
  }
  const absl::Time deadline = absl::Now() + timeout;
  std::string raw;
  absl::Status status = absl::OkStatus();
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    status = absl::UnavailableError("send failed");
  }
  char buffer[4096];
  while (status.ok()) {
    const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
    pollfd poll_fd = {fd, POLLIN, 0};
    if (left <= 0 || poll(&poll_fd, 1, static_cast<int>(left)) == 0) {
      status = absl::DeadlineExceededError(
          absl::StrCat("no complete response from ", address));
      break;
    }
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      status = absl::UnavailableError(absl::StrCat("recv: errno ", errno));
      break;
    }
    raw.append(buffer, n);
  }
  close(fd);
  if (!status.ok()) return status;

  const size_t end = raw.find("\r\n\r\n");
  HttpResponse response;
  const size_t first_line_end = raw.find("\r\n");
  absl::string_view first_line =
      absl::string_view(raw).substr(0, first_line_end);
  std::vector<absl::string_view> parts =
      absl::StrSplit(first_line, absl::MaxSplits(' ', 2));
  if (end == std::string::npos || parts.size() < 2 ||
      !absl::StartsWith(parts[0], "HTTP/1.") ||
      !absl::SimpleAtoi(parts[1], &response.status)) {
    return absl::InternalError(absl::StrCat("malformed response: ", raw));
  }
  if (first_line_end + 2 <= end) {
    response.headers = raw.substr(first_line_end + 2, end - first_line_end - 2);
  }
  response.body = raw.substr(end + 4);
  return response;
}

absl::StatusOr<HttpResponse> HttpGet(const std::string& address,
                                     const std::string& path) {
  return HttpExchange(
      address,
      absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: ", address, "\r\n\r\n"));
}

}  // namespace busan::testing
