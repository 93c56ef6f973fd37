// MetricsEndpoint serves the Prometheus scrape endpoint: a deliberately
// small HTTP/1.1 server on its own thread, answering `GET /metrics` with
// the text exposition and closing every connection after one response.
// Scrapes come a few times a minute, so connections are handled one at a
// time; each gets a bounded request size and one deadline for the whole
// exchange, so a slow or silent client holds the endpoint for at most that
// long and never blocks shutdown.
#ifndef BUSAN_COMMON_SERVER_METRICS_ENDPOINT_H_
#define BUSAN_COMMON_SERVER_METRICS_ENDPOINT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace busan::server {

class MetricsEndpoint {
 public:
  // Produces the body of a scrape; called on the endpoint's thread.
  using Render = std::function<std::string()>;

  struct Options {
    // The whole exchange (reading the request, writing the response) must
    // finish within this; a client that is slower is disconnected.
    absl::Duration exchange_timeout = absl::Seconds(5);
    // Requests (request line and headers) larger than this get 431.
    size_t max_request_bytes = 8 * 1024;
  };

  // Binds `address` (HOST:PORT; port 0 picks a free one) and starts serving.
  // Responses: 200 with `render()` for GET /metrics (any query string is
  // ignored), 404 for another path, 405 for another method, 400 for a
  // malformed request, 431 for an oversized one.
  // FAILED_PRECONDITION naming the address when it cannot be resolved or
  // bound (in use, not local); INTERNAL when a socket cannot be created.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, Render render, Options options);
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, Render render) {
    return Start(address, std::move(render), Options());
  }

  // Shuts down.
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // "host:port" with the bound port, the host as given.
  const std::string& address() const { return address_; }
  int port() const { return port_; }

  // Stops accepting, abandons any exchange in progress and joins the
  // thread; returns promptly whatever clients do. Idempotent; not to be
  // called concurrently with itself.
  void Shutdown();

 private:
  MetricsEndpoint(Render render, Options options)
      : render_(std::move(render)), options_(options) {}

  void Run();
  void Serve(int connection);
  // Waits until `fd` is ready for `events` or `deadline` passes or Shutdown
  // is called; true only when `fd` is ready.
  bool WaitFor(int fd, short events, absl::Time deadline);
  // Writes all of `data` before `deadline`; false when it could not.
  bool SendAll(int fd, const std::string& data, absl::Time deadline);

  const Render render_;
  const Options options_;
  std::string address_;
  int port_ = 0;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};  // written once by Shutdown
  std::thread thread_;
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_METRICS_ENDPOINT_H_
