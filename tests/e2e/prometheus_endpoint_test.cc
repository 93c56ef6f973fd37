// The servers' --metrics_address contract, on the catalog-service binary:
// calls are counted per method and status code on GET /metrics; a metrics
// address that cannot be bound exits 1 and a malformed one exits 2, like
// their gRPC counterparts.
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/http_client.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using catalog::v1::CatalogService;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kServer[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kService[] = "busan.catalog.v1.CatalogService";

std::unique_ptr<grpc::ClientContext> Deadline() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

// "host:port" after "metrics on " in a "NAME: metrics on host:port" line.
std::string MetricsAddress(const std::string& line) {
  const std::string marker = "metrics on ";
  const size_t start = line.find(marker);
  if (start == std::string::npos) return "";
  return line.substr(start + marker.size());
}

std::string Labels(const std::string& method) {
  return absl::StrCat("{service=\"", kService, "\",method=\"", method, "\"");
}

TEST(PrometheusEndpointTest, CountsCatalogCallsByMethodAndCode) {
  TempDir dir;
  ChildProcess server(kServer,
                      {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
                       "--metrics_address=127.0.0.1:0"});
  std::optional<std::string> serving =
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30));
  ASSERT_TRUE(serving) << server.Output();
  std::optional<std::string> metrics_line =
      server.WaitForLine("catalog-service: metrics on", absl::Seconds(30));
  ASSERT_TRUE(metrics_line) << server.Output();
  const std::string metrics = MetricsAddress(*metrics_line);
  ASSERT_THAT(metrics, ::testing::StartsWith("127.0.0.1:"));
  EXPECT_NE(metrics, "127.0.0.1:0");

  {
    // Closed before SIGTERM: an open connection would hold up the exit.
    auto stub = CatalogService::NewStub(grpc::CreateChannel(
        ServingAddress(*serving), grpc::InsecureChannelCredentials()));
    catalog::v1::GetPlanRequest get;
    get.set_name("plans/nowhere");
    catalog::v1::Plan plan;
    EXPECT_EQ(stub->GetPlan(Deadline().get(), get, &plan).error_code(),
              grpc::StatusCode::NOT_FOUND);
    catalog::v1::CreatePlanRequest create;
    create.set_plan_id("counted");
    create.mutable_plan()->set_display_name("Counted plan");
    EXPECT_OK(stub->CreatePlan(Deadline().get(), create, &plan));
  }

  ASSERT_OK_AND_ASSIGN(HttpResponse scrape, HttpGet(metrics, "/metrics"));
  EXPECT_EQ(scrape.status, 200);
  EXPECT_THAT(scrape.Header("Content-Type"),
              ::testing::StartsWith("text/plain; version=0.0.4"));
  const std::vector<std::string> lines =
      absl::StrSplit(scrape.body, '\n', absl::SkipEmpty());
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" +
                              Labels("GetPlan") + ",code=\"NOT_FOUND\"} 1"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" +
                              Labels("CreatePlan") + ",code=\"OK\"} 1"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_started_total" +
                              Labels("GetPlan") + "} 1"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handling_seconds_count" +
                              Labels("GetPlan") + "} 1"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handling_seconds_bucket" +
                              Labels("GetPlan") + ",le=\"+Inf\"} 1"));
  EXPECT_THAT(lines, Contains("# TYPE busan_grpc_server_handling_seconds "
                              "histogram"));
  // The service's storage gauges follow the call metrics: the one plan
  // created is in the plans family (still in the memtable).
  EXPECT_THAT(lines, Contains("# TYPE busan_rocksdb_estimated_keys gauge"));
  EXPECT_THAT(lines,
              Contains("busan_rocksdb_estimated_keys{family=\"plans\"} 1"));
  EXPECT_THAT(lines, Contains(::testing::StartsWith(
                         "busan_rocksdb_memtable_bytes{family=\"plans\"} ")));
  // The write pipeline: the one CreatePlan was acknowledged after a sync.
  EXPECT_THAT(lines, Contains("busan_writes_acknowledged_total 1"));
  EXPECT_THAT(lines, Contains("busan_write_syncs_total 1"));
  EXPECT_THAT(lines, Contains("busan_write_queue_depth 0"));
  // Methods not called have no series.
  EXPECT_THAT(scrape.body, Not(HasSubstr("ListPlans")));

  ASSERT_OK_AND_ASSIGN(HttpResponse other, HttpGet(metrics, "/"));
  EXPECT_EQ(other.status, 404);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();
  EXPECT_THAT(server.Output(), HasSubstr("catalog-service: stopped"));
}

TEST(PrometheusEndpointTest, NoMetricsLineWithoutTheFlag) {
  TempDir dir;
  ChildProcess server(kServer,
                      {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db")});
  ASSERT_TRUE(
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30)))
      << server.Output();
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();
  EXPECT_THAT(server.Output(), Not(HasSubstr("metrics on")));
}

TEST(PrometheusEndpointTest, MetricsAddressInUseExitsOne) {
  TempDir dir;
  TakenPort taken;
  const std::string address = taken.address();
  RunResult result = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
                "--metrics_address=" + address});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr(R"("event":"fatal","program":"catalog-service",)"
                        R"("message":"cannot listen on metrics address )" +
                        address + ": Address already in use"));
  EXPECT_THAT(result.output, Not(HasSubstr("serving on")));
}

TEST(PrometheusEndpointTest, MalformedMetricsAddressExitsTwo) {
  TempDir dir;
  RunResult result = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
                "--metrics_address=nonsense"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("flag --metrics_address"));
}

// The gRPC address counterpart: an address that is not local exits 1 with
// the reason (rather than crashing while cleaning up).
TEST(PrometheusEndpointTest, UnbindableGrpcAddressExitsOne) {
  TempDir dir;
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{},
        std::vector<std::string>{"--metrics_address=127.0.0.1:0"}}) {
    std::vector<std::string> args = {"--address=192.0.2.1:1",
                                     "--data_dir=" + dir.Sub("db")};
    args.insert(args.end(), flags.begin(), flags.end());
    RunResult result = RunBinary(kServer, args);
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_THAT(result.output,
                HasSubstr(R"("event":"fatal","program":"catalog-service",)"
                          R"("message":"cannot listen on 192.0.2.1:1)"));
  }
}

}  // namespace
}  // namespace busan::testing
