// GrpcServer with metrics_address set: real calls on loopback pass through
// the metrics interceptor and show up on /metrics; startup failures of
// either address are errors, not crashes.
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/server/grpc_server.h"
#include "common/testing/http_client.h"
#include "common/testing/raw_call.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::HttpGet;
using ::busan::testing::HttpResponse;
using ::busan::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;

ServerConfig Config() {
  ServerConfig config;
  config.address = "127.0.0.1:0";
  config.data_dir = "unused";
  config.metrics_address = "127.0.0.1:0";
  return config;
}

// Calls `method` with the serialized `request`; returns the status.
grpc::Status Call(const std::string& address, const std::string& method,
                  const std::string& request) {
  return busan::testing::RawCall(address, method, request).status;
}

std::vector<std::string> Scrape(const GrpcServer& server) {
  absl::StatusOr<HttpResponse> response =
      HttpGet(server.metrics_address(), "/metrics");
  EXPECT_OK(response);
  if (!response.ok()) return {};
  EXPECT_EQ(response->status, 200);
  return absl::StrSplit(response->body, '\n', absl::SkipEmpty());
}

TEST(GrpcServerMetricsTest, CountsCallsByMethodAndCode) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<GrpcServer> server,
                       GrpcServer::Start(Config(), {}));
  ASSERT_THAT(server->metrics_address(), ::testing::StartsWith("127.0.0.1:"));
  EXPECT_NE(server->metrics_address(), "127.0.0.1:0");

  // HealthCheckRequest{} and HealthCheckRequest{service: "nope"}.
  EXPECT_EQ(
      Call(server->address(), "/grpc.health.v1.Health/Check", "").error_code(),
      grpc::StatusCode::OK);
  EXPECT_EQ(Call(server->address(), "/grpc.health.v1.Health/Check",
                 std::string("\x0a\x04nope", 6))
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(server->address(), "/no.such.Service/Method", "").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  const std::string check =
      R"({service="grpc.health.v1.Health",method="Check")";
  std::vector<std::string> lines = Scrape(*server);
  EXPECT_THAT(lines,
              Contains("busan_grpc_server_started_total" + check + "} 2"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" + check +
                              R"(,code="OK"} 1)"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" + check +
                              R"(,code="NOT_FOUND"} 1)"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handling_seconds_count" +
                              check + "} 2"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total{service="
                              "\"unknown\",method=\"unknown\",code="
                              "\"UNIMPLEMENTED\"} 1"));

  // The in-flight gauge returns to zero once gRPC has released the calls,
  // which may be just after the client saw the status.
  const std::string idle = "busan_grpc_server_in_flight" + check + "} 0";
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!::testing::Matches(Contains(idle))(lines) && absl::Now() < deadline) {
    lines = Scrape(*server);
  }
  EXPECT_THAT(lines, Contains(idle));

  // The endpoint answers while calls drain, and stops with the server.
  const std::string metrics_address = server->metrics_address();
  server->Shutdown(absl::Seconds(1));
  EXPECT_THAT(HttpGet(metrics_address, "/metrics"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("connect")));
}

TEST(GrpcServerMetricsTest, OffWithoutAMetricsAddress) {
  ServerConfig config = Config();
  config.metrics_address.clear();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<GrpcServer> server,
                       GrpcServer::Start(config, {}));
  EXPECT_EQ(server->metrics_address(), "");
}

TEST(GrpcServerMetricsTest, UnbindableAddressesAreErrors) {
  // A metrics port in use.
  std::optional<busan::testing::TakenPort> holder(std::in_place);
  ServerConfig config = Config();
  config.metrics_address = holder->address();
  EXPECT_THAT(GrpcServer::Start(config, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot listen on metrics address " +
                                 config.metrics_address)));
  holder.reset();

  // A gRPC address that is not local, with and without the metrics
  // endpoint already bound: an error, not a crash.
  config = Config();
  config.address = "192.0.2.1:1";
  EXPECT_THAT(GrpcServer::Start(config, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot listen on 192.0.2.1:1")));
  config.metrics_address.clear();
  EXPECT_THAT(GrpcServer::Start(config, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot listen on 192.0.2.1:1")));
}

}  // namespace
}  // namespace busan::server
