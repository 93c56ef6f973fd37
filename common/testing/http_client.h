// A minimal HTTP/1.1 client for tests of the Prometheus endpoint: sends raw
// bytes over a fresh loopback connection and reads the response until the
// server closes it.
#ifndef BUSAN_COMMON_TESTING_HTTP_CLIENT_H_
#define BUSAN_COMMON_TESTING_HTTP_CLIENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace busan::testing {

struct HttpResponse {
  int status = 0;       // 200
  std::string headers;  // the header lines, CRLF-separated
  std::string body;
  // The value of header `name` (case-insensitive), empty when absent.
  std::string Header(const std::string& name) const;
};

// Connects to `address` ("host:port"), sends `request` verbatim and parses
// what comes back before the server closes. UNAVAILABLE when it cannot
// connect; DEADLINE_EXCEEDED after `timeout`; INTERNAL for a malformed
// response.
absl::StatusOr<HttpResponse> HttpExchange(
    const std::string& address, const std::string& request,
    absl::Duration timeout = absl::Seconds(10));

// GET `path` from `address`.
absl::StatusOr<HttpResponse> HttpGet(const std::string& address,
                                     const std::string& path);

// A connected TCP socket to `address` (-1 on failure), for tests that need
// to misbehave (send slowly, never finish a request).
int ConnectTcp(const std::string& address);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_HTTP_CLIENT_H_
