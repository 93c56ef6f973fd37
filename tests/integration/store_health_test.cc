// Health follows the store: when a disk fault makes RocksDB stop taking
// writes, both services answer writes with UNAVAILABLE, acknowledge none of
// them, keep serving reads, and report NOT_SERVING; when RocksDB recovers
// by itself (a retryable error), health returns to SERVING.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "client/health.h"
#include "common/testing/faulty_env.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

namespace catalog_v1 = ::busan::catalog::v1;
namespace metrics_v1 = ::busan::metrics::v1;
using client::ServingStatus;

constexpr char kCatalog[] = "busan.catalog.v1.CatalogService";
constexpr char kMetrics[] = "busan.metrics.v1.MetricsService";

ServingStatus Health(const std::string& address, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  absl::StatusOr<ServingStatus> status = client::CheckHealth(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()), service,
      &context);
  return status.ok() ? *status : ServingStatus::kUnknown;
}

// Waits (bounded) until `service` reports `want`; true when it did.
bool HealthBecomes(const std::string& address, const std::string& service,
                   ServingStatus want) {
  return WaitUntil([&] { return Health(address, service) == want; },
                   absl::Seconds(30));
}

grpc::Status CreatePlan(catalog_v1::CatalogService::Stub& stub,
                        const std::string& id) {
  catalog_v1::CreatePlanRequest request;
  request.set_plan_id(id);
  request.mutable_plan()->set_display_name(id);
  grpc::ClientContext context;
  catalog_v1::Plan plan;
  return stub.CreatePlan(&context, request, &plan);
}

grpc::Status GetPlan(catalog_v1::CatalogService::Stub& stub,
                     const std::string& id) {
  catalog_v1::GetPlanRequest request;
  request.set_name("plans/" + id);
  grpc::ClientContext context;
  catalog_v1::Plan plan;
  return stub.GetPlan(&context, request, &plan);
}

TEST(StoreHealthTest, CatalogTurnsNotServingWhenTheWalCannotBeSynced) {
  FaultyEnv disk;  // outlives the server
  catalog::CatalogOptions options;
  options.env = disk.env();
  CatalogServer server(options);
  auto stub = server.NewStub();
  ASSERT_TRUE(CreatePlan(*stub, "before").ok());
  ASSERT_EQ(Health(server.address(), kCatalog), ServingStatus::kServing);

  disk.Inject({.fail_syncs = true, .file_suffix = ".log"});
  grpc::Status failed = CreatePlan(*stub, "during");
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE)
      << failed.error_message();
  EXPECT_GT(disk.failures(), 0);
  EXPECT_TRUE(
      HealthBecomes(server.address(), kCatalog, ServingStatus::kNotServing));
  EXPECT_EQ(Health(server.address(), ""), ServingStatus::kNotServing);

  // Reads of what was acknowledged keep working; the failed write is not
  // visible; writes stay refused (RocksDB is read-only until a restart).
  EXPECT_TRUE(GetPlan(*stub, "before").ok());
  EXPECT_EQ(GetPlan(*stub, "during").error_code(), grpc::StatusCode::NOT_FOUND);
  disk.Inject({});
  EXPECT_EQ(CreatePlan(*stub, "after").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Health(server.address(), kCatalog), ServingStatus::kNotServing);
}

TEST(StoreHealthTest, CatalogReturnsToServingWhenRocksDbRecovers) {
  FaultyEnv disk;
  catalog::CatalogOptions options;
  options.env = disk.env();
  CatalogServer server(options);
  auto stub = server.NewStub();
  ASSERT_TRUE(CreatePlan(*stub, "kept").ok());

  // A flush that cannot write its table file: a background error RocksDB
  // retries by itself.
  disk.Inject({.fail_appends = true, .retryable = true, .file_suffix = ".sst"});
  EXPECT_FALSE(server.catalog().Flush().ok());
  EXPECT_TRUE(
      HealthBecomes(server.address(), kCatalog, ServingStatus::kNotServing));

  disk.Inject({});
  EXPECT_TRUE(
      HealthBecomes(server.address(), kCatalog, ServingStatus::kServing));
  EXPECT_TRUE(CreatePlan(*stub, "after-recovery").ok());
  EXPECT_TRUE(GetPlan(*stub, "kept").ok());
}

TEST(StoreHealthTest, MetricsTurnsNotServingWhenTheWalCannotBeSynced) {
  FaultyEnv disk;
  metrics::MetricsOptions options;
  options.env = disk.env();
  MetricsServer server(options);
  auto stub = server.NewStub();
  ASSERT_EQ(Health(server.address(), kMetrics), ServingStatus::kServing);

  disk.Inject({.fail_syncs = true, .file_suffix = ".log"});
  metrics_v1::CreateFundRequest request;
  request.set_fund_id("fund-of-funds");
  request.mutable_fund()->set_display_name("Fund of Funds");
  grpc::ClientContext context;
  metrics_v1::Fund fund;
  grpc::Status failed = stub->CreateFund(&context, request, &fund);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE)
      << failed.error_message();
  EXPECT_TRUE(
      HealthBecomes(server.address(), kMetrics, ServingStatus::kNotServing));
}

}  // namespace
}  // namespace busan::testing
