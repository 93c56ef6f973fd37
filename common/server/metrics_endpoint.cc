#include "common/server/metrics_endpoint.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace busan::server {
namespace {

constexpr absl::string_view kExpositionType =
    "text/plain; version=0.0.4; charset=utf-8";
// After the response, how long to wait for the client to close (so that
// unread request bytes do not turn our close into a reset that could
// destroy the response in flight) and how much of it to read.
constexpr absl::Duration kLinger = absl::Seconds(1);
constexpr size_t kMaxLingerBytes = 64 * 1024;

std::string Response(absl::string_view status, absl::string_view body,
                     absl::string_view content_type = "text/plain",
                     absl::string_view extra_headers = "") {
  return absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: ", content_type,
                      "\r\nContent-Length: ", body.size(),
                      "\r\nConnection: close\r\n", extra_headers, "\r\n", body);
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Where the request line and headers end (just past the empty line), or
// npos while incomplete. Bare LF line ends are accepted, as RFC 9112 allows.
size_t HeaderEnd(absl::string_view request) {
  const size_t crlf = request.find("\n\r\n");
  const size_t lf = request.find("\n\n");
  if (crlf == absl::string_view::npos && lf == absl::string_view::npos) {
    return absl::string_view::npos;
  }
  return crlf < lf ? crlf + 3 : lf + 2;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, Render render, Options options) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(address).substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::FailedPreconditionError(absl::StrCat(
        "metrics address \"", address, "\" is not HOST:PORT (port 0-65535)"));
  }
  absl::string_view host = absl::string_view(address).substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  const std::string host_string(host);

  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* resolved = nullptr;
  const int gai =
      getaddrinfo(host_string.empty() ? nullptr : host_string.c_str(),
                  std::to_string(port).c_str(), &hints, &resolved);
  if (gai != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot listen on metrics address ", address, ": ", gai_strerror(gai)));
  }

  std::unique_ptr<MetricsEndpoint> endpoint(
      new MetricsEndpoint(std::move(render), options));
  int error = 0;
  for (addrinfo* candidate = resolved; candidate != nullptr;
       candidate = candidate->ai_next) {
    const int fd = socket(candidate->ai_family,
                          candidate->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                          candidate->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    // Lets a restarted server rebind while old connections sit in
    // TIME_WAIT; unlike SO_REUSEPORT it still refuses a port another
    // process listens on.
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, candidate->ai_addr, candidate->ai_addrlen) == 0 &&
        listen(fd, 16) == 0) {
      endpoint->listen_fd_ = fd;
      break;
    }
    error = errno;
    close(fd);
  }
  freeaddrinfo(resolved);
  if (endpoint->listen_fd_ < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot listen on metrics address ", address, ": ",
                     std::strerror(error)));
  }

  sockaddr_storage bound = {};
  socklen_t bound_size = sizeof bound;
  if (getsockname(endpoint->listen_fd_, reinterpret_cast<sockaddr*>(&bound),
                  &bound_size) != 0) {
    return absl::InternalError(absl::StrCat(
        "metrics address ", address, ": getsockname: ", std::strerror(errno)));
  }
  endpoint->port_ =
      ntohs(bound.ss_family == AF_INET6
                ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  endpoint->address_ =
      absl::StrCat(address.substr(0, colon), ":", endpoint->port_);

  if (pipe2(endpoint->wake_fds_, O_CLOEXEC | O_NONBLOCK) != 0) {
    return absl::InternalError(absl::StrCat(
        "metrics endpoint: cannot create a pipe: ", std::strerror(errno)));
  }
  endpoint->thread_ = std::thread([raw = endpoint.get()] { raw->Run(); });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() { Shutdown(); }

void MetricsEndpoint::Shutdown() {
  if (thread_.joinable()) {
    // The pipe stays readable from now on, which every wait in Run and
    // Serve watches.
    const char byte = 0;
    [[maybe_unused]] ssize_t ignored = write(wake_fds_[1], &byte, 1);
    thread_.join();
  }
  CloseFd(listen_fd_);
  CloseFd(wake_fds_[0]);
  CloseFd(wake_fds_[1]);
}

bool MetricsEndpoint::WaitFor(int fd, short events, absl::Time deadline) {
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd fds[2] = {{fd, events, 0}, {wake_fds_[0], POLLIN, 0}};
    const int64_t millis = std::min<int64_t>(
        absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))),
        60 * 1000);
    const int ready = poll(fds, 2, static_cast<int>(millis));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if (fds[1].revents != 0) return false;
    if (fds[0].revents != 0) return true;
  }
}

bool MetricsEndpoint::SendAll(int fd, const std::string& data,
                              absl::Time deadline) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n =
        send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

void MetricsEndpoint::Run() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int connection =
        accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (connection < 0) {
      // Out of descriptors: back off rather than spin on a listener that
      // stays readable.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        WaitFor(wake_fds_[0], POLLIN, absl::Now() + absl::Milliseconds(100));
      }
      continue;
    }
    Serve(connection);
    close(connection);
  }
}

void MetricsEndpoint::Serve(int connection) {
  const absl::Time deadline = absl::Now() + options_.exchange_timeout;
  std::string request;
  size_t header_end = std::string::npos;
  char buffer[4096];
  while (header_end == std::string::npos) {
    if (request.size() > options_.max_request_bytes) {
      SendAll(connection,
              Response("431 Request Header Fields Too Large",
                       "request too large\n"),
              deadline);
      break;
    }
    if (!WaitFor(connection, POLLIN, deadline)) {
      // Too slow (or shutting down): say so if the socket takes it now,
      // without waiting any longer.
      const std::string timeout = Response("408 Request Timeout", "");
      [[maybe_unused]] ssize_t ignored =
          send(connection, timeout.data(), timeout.size(),
               MSG_NOSIGNAL | MSG_DONTWAIT);
      return;
    }
    const ssize_t n = recv(connection, buffer, sizeof buffer, 0);
    if (n == 0) return;  // closed before a whole request
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return;
    }
    request.append(buffer, n);
    header_end = HeaderEnd(request);
  }

  if (header_end != std::string::npos) {
    absl::string_view line =
        absl::string_view(request).substr(0, request.find('\n'));
    absl::ConsumeSuffix(&line, "\r");
    const std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
    std::string response;
    if (parts.size() != 3 || parts[1].empty() ||
        !absl::StartsWith(parts[2], "HTTP/1.")) {
      response = Response("400 Bad Request", "malformed request\n");
    } else if (parts[0] != "GET") {
      response = Response("405 Method Not Allowed", "only GET is served\n",
                          "text/plain", "Allow: GET\r\n");
    } else if (parts[1].substr(0, parts[1].find('?')) != "/metrics") {
      response = Response("404 Not Found", "metrics are on /metrics\n");
    } else {
      response = Response("200 OK", render_(), kExpositionType);
    }
    if (!SendAll(connection, response, deadline)) return;
  }

  // Read what the client still sends until it closes, bounded in time and
  // size, so that closing does not reset the connection under the response.
  shutdown(connection, SHUT_WR);
  const absl::Time linger_deadline = std::min(deadline, absl::Now() + kLinger);
  size_t drained = 0;
  while (drained < kMaxLingerBytes &&
         WaitFor(connection, POLLIN, linger_deadline)) {
    const ssize_t n = recv(connection, buffer, sizeof buffer, 0);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return;
    }
    drained += n;
  }
}

}  // namespace busan::server
