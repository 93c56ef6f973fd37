// When a disk fault makes RocksDB stop taking writes, both services answer
// writes with UNAVAILABLE, acknowledge none of them and keep serving reads;
// health stays SERVING (liveness is the process, readiness what the pod can
// serve: reads), and the refusal shows in the busan_store_writable gauge.
// When RocksDB recovers by itself (a retryable error) the gauge returns to
// 1. Under sixteen writers, a WAL that cannot be synced (EIO) or a full disk
// (ENOSPC) loses no acknowledged write, even when the power goes right
// after.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "client/health.h"
#include "common/store/storage_metrics.h"
#include "common/testing/faulty_env.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/durability_workload.h"
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

// Waits (bounded) until the store's busan_store_writable gauge, as
// /metrics shows it, reads `want`; true when it did.
bool WritableBecomes(const store::Database& database, bool want) {
  const std::string sample =
      absl::StrCat("\nbusan_store_writable ", want ? 1 : 0, "\n");
  return WaitUntil(
      [&] {
        return absl::StrContains(store::StorageMetricsText(database), sample);
      },
      absl::Seconds(30));
}

// Both health statuses Kubernetes asks: "" (liveness) and the service's
// name (readiness).
void ExpectServing(const std::string& address, const std::string& service) {
  EXPECT_EQ(Health(address, ""), ServingStatus::kServing);
  EXPECT_EQ(Health(address, service), ServingStatus::kServing);
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

TEST(StoreHealthTest, CatalogStaysServingWhenTheWalCannotBeSynced) {
  FaultyEnv disk;  // outlives the server
  catalog::CatalogOptions options;
  options.env = disk.env();
  CatalogServer server(options);
  auto stub = server.NewStub();
  ASSERT_TRUE(CreatePlan(*stub, "before").ok());
  ASSERT_TRUE(WritableBecomes(server.catalog().database(), true));

  disk.Inject({.fail_syncs = true, .file_suffix = ".log"});
  grpc::Status failed = CreatePlan(*stub, "during");
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE)
      << failed.error_message();
  EXPECT_GT(disk.failures(), 0);
  EXPECT_TRUE(WritableBecomes(server.catalog().database(), false));
  ExpectServing(server.address(), kCatalog);

  // Reads of what was acknowledged keep working; the failed write is not
  // visible; writes stay refused (RocksDB is read-only until a restart).
  EXPECT_TRUE(GetPlan(*stub, "before").ok());
  EXPECT_EQ(GetPlan(*stub, "during").error_code(), grpc::StatusCode::NOT_FOUND);
  disk.Inject({});
  EXPECT_EQ(CreatePlan(*stub, "after").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ExpectServing(server.address(), kCatalog);
}

TEST(StoreHealthTest, CatalogIsWritableAgainWhenRocksDbRecovers) {
  FaultyEnv disk;
  catalog::CatalogOptions options;
  options.env = disk.env();
  CatalogServer server(options);
  auto stub = server.NewStub();
  ASSERT_TRUE(CreatePlan(*stub, "kept").ok());

  // A flush that cannot write its table file: a background error RocksDB
  // retries by itself. No restart is needed, and health never asks for one.
  disk.Inject({.fail_appends = true, .retryable = true, .file_suffix = ".sst"});
  EXPECT_FALSE(server.catalog().Flush().ok());
  EXPECT_TRUE(WritableBecomes(server.catalog().database(), false));
  ExpectServing(server.address(), kCatalog);

  disk.Inject({});
  EXPECT_TRUE(WritableBecomes(server.catalog().database(), true));
  EXPECT_TRUE(CreatePlan(*stub, "after-recovery").ok());
  EXPECT_TRUE(GetPlan(*stub, "kept").ok());
  ExpectServing(server.address(), kCatalog);
}

TEST(StoreHealthTest, MetricsStaysServingWhenTheWalCannotBeSynced) {
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
  EXPECT_TRUE(WritableBecomes(server.metrics().database(), false));
  ExpectServing(server.address(), kMetrics);
}

// Sixteen writers on both services; after 300 acknowledged writes the disks
// get `fault`. Every write from then on must fail: the ones that meet the
// fault with `refusal`, later ones (the store has stopped taking writes)
// with UNAVAILABLE;
// the stores must report themselves not writable while health stays
// SERVING, reads must keep working; then the power
// goes (whatever was acknowledged without being synced is lost) and the
// services restart on healthy disks, where the unanswered calls are sent
// again: every acknowledged write must be there exactly once.
void RunUnderLoadWithFault(const Fault& fault, const char* what,
                           grpc::StatusCode refusal) {
  TempDir dir;
  const std::string catalog_dir = dir.Sub("catalog");
  const std::string metrics_dir = dir.Sub("metrics");
  DurabilityWorkload workload;
  int64_t acknowledged_before_fault = 0;
  absl::Duration to_refusing;
  {
    FaultyEnv catalog_disk, metrics_disk;  // outlive the servers
    {
      CatalogServer catalog(
          {{.data_dir = catalog_dir, .env = catalog_disk.env()}});
      MetricsServer metrics(
          {.data_dir = metrics_dir, .env = metrics_disk.env()});
      ASSERT_OK(workload.CreateParents(catalog.address(), metrics.address()));
      workload.Start(catalog.address(), metrics.address());
      ASSERT_TRUE(workload.WaitForAcknowledged(300, absl::Seconds(60)));

      const absl::Time injected = absl::Now();
      catalog_disk.Inject(fault);
      metrics_disk.Inject(fault);
      acknowledged_before_fault = workload.acknowledged();
      EXPECT_TRUE(WritableBecomes(catalog.catalog().database(), false));
      EXPECT_TRUE(WritableBecomes(metrics.metrics().database(), false));
      to_refusing = absl::Now() - injected;
      ExpectServing(catalog.address(), kCatalog);
      ExpectServing(metrics.address(), kMetrics);
      workload.Join();  // each writer stops at its first failed call
      EXPECT_GT(catalog_disk.failures() + metrics_disk.failures(), 0);
      EXPECT_GT(workload.failures(refusal), 0);
      EXPECT_EQ(workload.failures_other_than(
                    {refusal, grpc::StatusCode::UNAVAILABLE}),
                0)
          << "writes must be refused with code " << refusal
          << " or UNAVAILABLE only";

      // Reads of acknowledged data keep working.
      auto stub = catalog.NewStub();
      catalog_v1::GetStrategyRequest request;
      request.set_name("strategies/s");
      grpc::ClientContext context;
      catalog_v1::Strategy strategy;
      EXPECT_TRUE(stub->GetStrategy(&context, request, &strategy).ok());
      EXPECT_GT(strategy.project_count(), 0);

      // The power goes while the servers still run.
      catalog_disk.CutPower();
      metrics_disk.CutPower();
    }
    // The stores are closed: the disks keep only what was synced.
    ASSERT_OK(catalog_disk.LoseUnsyncedWrites());
    ASSERT_OK(metrics_disk.LoseUnsyncedWrites());
  }
  {
    CatalogServer catalog({{.data_dir = catalog_dir}});
    MetricsServer metrics({.data_dir = metrics_dir});
    workload.Drain(catalog.address(), metrics.address(), absl::Seconds(30));
  }
  const DurabilityWorkload::Findings findings =
      workload.ExpectExactlyAcknowledged(catalog_dir, metrics_dir);
  printf(
      "%s under load: %lld writes acknowledged (%lld before the fault), "
      "%lld refused with code %d (%lld UNAVAILABLE), not writable after %s, "
      "%lld lost\n",
      what, static_cast<long long>(workload.acknowledged()),
      static_cast<long long>(acknowledged_before_fault),
      static_cast<long long>(workload.failures(refusal)),
      static_cast<int>(refusal),
      static_cast<long long>(workload.failures(grpc::StatusCode::UNAVAILABLE)),
      absl::FormatDuration(to_refusing).c_str(),
      static_cast<long long>(findings.lost));
}

TEST(StoreHealthTest, WalSyncErrorsUnderLoadLoseNoAcknowledgedWrite) {
  RunUnderLoadWithFault({.fail_syncs = true, .file_suffix = ".log"},
                        "fdatasync EIO on the WAL",
                        grpc::StatusCode::UNAVAILABLE);
}

TEST(StoreHealthTest, FullDiskUnderLoadLosesNoAcknowledgedWrite) {
  // A full disk is RESOURCE_EXHAUSTED, as gRPC's code list has it ("the
  // entire file system is out of space").
  RunUnderLoadWithFault({.fail_appends = true, .no_space = true},
                        "ENOSPC on every write",
                        grpc::StatusCode::RESOURCE_EXHAUSTED);
}

}  // namespace
}  // namespace busan::testing
