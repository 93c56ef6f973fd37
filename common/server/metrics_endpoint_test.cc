#include "common/server/metrics_endpoint.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/testing/http_client.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::ConnectTcp;
using ::busan::testing::HttpExchange;
using ::busan::testing::HttpGet;
using ::busan::testing::HttpResponse;
using ::busan::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kBody[] = "# TYPE up gauge\nup 1\n";

std::unique_ptr<MetricsEndpoint> StartOrDie(
    MetricsEndpoint::Options options = {}) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start(
          "127.0.0.1:0", [] { return std::string(kBody); }, options);
  EXPECT_OK(endpoint);
  return endpoint.ok() ? std::move(*endpoint) : nullptr;
}

// True when `fd` has something to read (or was closed) within `timeout`.
bool Readable(int fd, absl::Duration timeout) {
  pollfd poll_fd = {fd, POLLIN, 0};
  return poll(&poll_fd, 1, absl::ToInt64Milliseconds(timeout)) == 1;
}

TEST(MetricsEndpointTest, ServesTheExpositionOnGetMetrics) {
  std::atomic<int> renders{0};
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<MetricsEndpoint> endpoint,
                       MetricsEndpoint::Start("127.0.0.1:0", [&renders] {
                         return absl::StrCat("renders ", ++renders, "\n");
                       }));
  EXPECT_GT(endpoint->port(), 0);
  EXPECT_EQ(endpoint->address(), absl::StrCat("127.0.0.1:", endpoint->port()));

  ASSERT_OK_AND_ASSIGN(HttpResponse first,
                       HttpGet(endpoint->address(), "/metrics"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "renders 1\n");
  EXPECT_THAT(first.Header("Content-Type"),
              StartsWith("text/plain; version=0.0.4"));
  EXPECT_EQ(first.Header("Content-Length"), "10");
  EXPECT_EQ(first.Header("Connection"), "close");
  // Rendered afresh for every scrape; a query string changes nothing.
  ASSERT_OK_AND_ASSIGN(HttpResponse second,
                       HttpGet(endpoint->address(), "/metrics?name[]=x"));
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "renders 2\n");
}

TEST(MetricsEndpointTest, OtherPathsAreNotFoundAndOtherMethodsNotAllowed) {
  std::unique_ptr<MetricsEndpoint> endpoint = StartOrDie();
  ASSERT_NE(endpoint, nullptr);
  for (const char* path : {"/", "/metrics/", "/metricsx", "/healthz"}) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         HttpGet(endpoint->address(), path));
    EXPECT_EQ(response.status, 404) << path;
  }
  ASSERT_OK_AND_ASSIGN(
      HttpResponse post,
      HttpExchange(endpoint->address(),
                   "POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("Allow"), "GET");
  ASSERT_OK_AND_ASSIGN(
      HttpResponse head,
      HttpExchange(endpoint->address(), "DELETE /metrics HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(head.status, 405);
  for (const char* bad : {"GET\r\n\r\n", "GET /metrics\r\n\r\n",
                          "GET /metrics SPDY/3\r\n\r\n", "\r\n\r\n"}) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         HttpExchange(endpoint->address(), bad));
    EXPECT_EQ(response.status, 400) << bad;
  }
  // Bare line feeds are accepted.
  ASSERT_OK_AND_ASSIGN(
      HttpResponse lf,
      HttpExchange(endpoint->address(), "GET /metrics HTTP/1.0\nHost: x\n\n"));
  EXPECT_EQ(lf.status, 200);
  EXPECT_EQ(lf.body, kBody);
}

TEST(MetricsEndpointTest, OversizedRequestIsRefusedAndTheNextOneServed) {
  MetricsEndpoint::Options options;
  options.max_request_bytes = 1024;
  std::unique_ptr<MetricsEndpoint> endpoint = StartOrDie(options);
  ASSERT_NE(endpoint, nullptr);
  const std::string huge = absl::StrCat(
      "GET /metrics HTTP/1.1\r\nX-Padding: ", std::string(64 * 1024, 'x'),
      "\r\n\r\n");
  absl::StatusOr<HttpResponse> refused =
      HttpExchange(endpoint->address(), huge);
  // The endpoint answers 431 and closes; depending on timing the client
  // may see the response or only the reset of the unread remainder.
  if (refused.ok()) {
    EXPECT_EQ(refused->status, 431);
  }
  ASSERT_OK_AND_ASSIGN(HttpResponse next,
                       HttpGet(endpoint->address(), "/metrics"));
  EXPECT_EQ(next.status, 200);
}

TEST(MetricsEndpointTest, SlowClientsAreCutOffAtTheDeadline) {
  MetricsEndpoint::Options options;
  options.exchange_timeout = absl::Milliseconds(300);
  std::unique_ptr<MetricsEndpoint> endpoint = StartOrDie(options);
  ASSERT_NE(endpoint, nullptr);

  // One client that never finishes its request, one that dribbles a byte
  // at a time: neither keeps the endpoint longer than its deadline.
  const int silent = ConnectTcp(endpoint->address());
  ASSERT_GE(silent, 0);
  ASSERT_EQ(send(silent, "GET /met", 8, MSG_NOSIGNAL), 8);
  const int dribbler = ConnectTcp(endpoint->address());
  ASSERT_GE(dribbler, 0);
  const absl::Time start = absl::Now();
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  for (size_t i = 0;
       i < request.size() && !Readable(dribbler, absl::Milliseconds(50)); ++i) {
    send(dribbler, &request[i], 1, MSG_NOSIGNAL);
  }

  ASSERT_OK_AND_ASSIGN(HttpResponse scrape,
                       HttpGet(endpoint->address(), "/metrics"));
  EXPECT_EQ(scrape.status, 200);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  // The silent client was told and disconnected.
  char buffer[256];
  ssize_t n = recv(silent, buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_THAT(std::string(buffer, n), StartsWith("HTTP/1.1 408"));
  close(silent);
  close(dribbler);
}

TEST(MetricsEndpointTest, ShutdownIsPromptWhileAClientStalls) {
  MetricsEndpoint::Options options;
  options.exchange_timeout = absl::Minutes(5);
  std::unique_ptr<MetricsEndpoint> endpoint = StartOrDie(options);
  ASSERT_NE(endpoint, nullptr);
  const int stalled = ConnectTcp(endpoint->address());
  ASSERT_GE(stalled, 0);
  ASSERT_EQ(send(stalled, "GET /", 5, MSG_NOSIGNAL), 5);
  // A complete request behind it waits: the endpoint is busy with the
  // stalled one.
  const int waiting = ConnectTcp(endpoint->address());
  ASSERT_GE(waiting, 0);
  const std::string request = "GET /metrics HTTP/1.1\r\n\r\n";
  ASSERT_EQ(send(waiting, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  EXPECT_FALSE(Readable(waiting, absl::Milliseconds(200)));

  const absl::Time start = absl::Now();
  endpoint->Shutdown();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  endpoint->Shutdown();  // idempotent
  // The stalled connection was closed (after at most a 408), and nothing
  // listens any more.
  char buffer[256];
  ssize_t n = 1;
  while (n > 0 && Readable(stalled, absl::Seconds(5))) {
    n = recv(stalled, buffer, sizeof buffer, 0);
  }
  EXPECT_LE(n, 0);
  EXPECT_LT(ConnectTcp(endpoint->address()), 0);
  close(stalled);
  close(waiting);
}

TEST(MetricsEndpointTest, AnAddressInUseIsAClearError) {
  std::optional<busan::testing::TakenPort> holder(std::in_place);
  const std::string taken = holder->address();

  EXPECT_THAT(MetricsEndpoint::Start(taken, [] { return std::string(); }),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot listen on metrics address " + taken +
                                 ": Address already in use")));
  holder.reset();

  // Not local (TEST-NET-1), not an address at all.
  EXPECT_THAT(
      MetricsEndpoint::Start("192.0.2.1:0", [] { return std::string(); }),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("cannot listen on metrics address 192.0.2.1:0")));
  EXPECT_THAT(
      MetricsEndpoint::Start("nonsense", [] { return std::string(); }),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("nonsense")));
}

TEST(MetricsEndpointTest, ServesOnIpv6Loopback) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start("[::1]:0", [] { return std::string(kBody); });
  if (!endpoint.ok()) {
    // A machine without IPv6 loopback (some containers): the failure must
    // still be the clear bind error, not a crash or a half-open endpoint.
    EXPECT_THAT(
        endpoint,
        StatusIs(absl::StatusCode::kFailedPrecondition,
                 HasSubstr("cannot listen on metrics address [::1]:0")));
    return;
  }
  EXPECT_EQ((*endpoint)->address(),
            absl::StrCat("[::1]:", (*endpoint)->port()));
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       HttpGet((*endpoint)->address(), "/metrics"));
  EXPECT_EQ(response.body, kBody);
}

}  // namespace
}  // namespace busan::server
