// Crash recovery of the real binaries: catalog-service and metrics-service
// run on one pair of data directories while sixteen writers create and
// update projects and record fund flows; both are killed with SIGKILL at a
// random point, twenty times. After each restart the services are ready
// within the bound below, every writer first retries its unanswered call
// with the same request_id, and at the end the stores hold exactly what was
// acknowledged: nothing lost, nothing applied twice, every derived total
// equal to the sum of its rows. The same holds for a SIGTERM with twenty
// writers in flight, which must also exit 0 within the drain period.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/health.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"
#include "tests/support/durability_workload.h"

namespace busan::testing {
namespace {

constexpr char kCatalogBinary[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kMetricsBinary[] = BUSAN_BIN_DIR "/metrics-service";
constexpr int kCycles = 20;
// Far inside the deployment's startup probe (2 s x 90); a restart that
// replays its WAL must not come near it.
constexpr absl::Duration kReadyWithin = absl::Seconds(30);

// A service binary on a free port, ready (health SERVING for its service).
struct RunningService {
  StartedService started;
  absl::Duration ready_after;
};

RunningService StartReady(const char* binary, const std::string& service,
                          const std::string& data_dir,
                          std::vector<std::string> flags = {}) {
  const absl::Time start = absl::Now();
  flags.push_back("--data_dir=" + data_dir);
  RunningService running{StartService(binary, flags), absl::ZeroDuration()};
  if (running.started.address.empty()) return running;
  auto channel = grpc::CreateChannel(running.started.address,
                                     grpc::InsecureChannelCredentials());
  const bool ready = WaitUntil(
      [&] {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(1));
        auto status = client::CheckHealth(channel, service, &context);
        return status.ok() && *status == client::ServingStatus::kServing;
      },
      kReadyWithin - (absl::Now() - start));
  running.ready_after = absl::Now() - start;
  if (!ready) running.started.address.clear();
  return running;
}

TEST(CrashRecoveryTest, AcknowledgedWritesSurviveRepeatedSigkill) {
  TempDir dir;
  const std::string catalog_dir = dir.Sub("catalog");
  const std::string metrics_dir = dir.Sub("metrics");
  DurabilityWorkload workload;
  std::mt19937 random(20261204);  // fixed: a failure replays the same kills
  std::uniform_int_distribution<int> kill_after(20, 400);
  absl::Duration slowest_ready;

  auto start_both = [&](RunningService* catalog, RunningService* metrics) {
    *catalog = StartReady(kCatalogBinary, "busan.catalog.v1.CatalogService",
                          catalog_dir);
    *metrics = StartReady(kMetricsBinary, "busan.metrics.v1.MetricsService",
                          metrics_dir);
    slowest_ready =
        std::max({slowest_ready, catalog->ready_after, metrics->ready_after});
    return !catalog->started.address.empty() &&
           !metrics->started.address.empty();
  };

  for (int cycle = 0; cycle < kCycles; ++cycle) {
    RunningService catalog, metrics;
    ASSERT_TRUE(start_both(&catalog, &metrics))
        << "cycle " << cycle << ": not ready within " << kReadyWithin;
    if (cycle == 0) {
      ASSERT_OK(workload.CreateParents(catalog.started.address,
                                       metrics.started.address));
    }
    workload.Start(catalog.started.address, metrics.started.address);
    ASSERT_TRUE(
        workload.WaitForAcknowledged(kill_after(random), absl::Seconds(60)))
        << "cycle " << cycle;
    catalog.started.process->Signal(SIGKILL);
    metrics.started.process->Signal(SIGKILL);
    workload.Join();
    ASSERT_EQ(catalog.started.process->Wait(absl::Seconds(10)), 128 + SIGKILL);
    ASSERT_EQ(metrics.started.process->Wait(absl::Seconds(10)), 128 + SIGKILL);
  }

  // The calls the last kill left unanswered are sent again; then the
  // services stop cleanly and the stores are compared in-process.
  {
    RunningService catalog, metrics;
    ASSERT_TRUE(start_both(&catalog, &metrics));
    workload.Drain(catalog.started.address, metrics.started.address,
                   absl::Seconds(30));
    for (RunningService* service : {&catalog, &metrics}) {
      service->started.process->Signal(SIGTERM);
      EXPECT_EQ(service->started.process->Wait(absl::Seconds(30)), 0)
          << service->started.process->Output();
    }
  }
  const DurabilityWorkload::Findings findings =
      workload.ExpectExactlyAcknowledged(catalog_dir, metrics_dir);
  printf(
      "%d SIGKILL cycles: %lld writes acknowledged, %lld lost, %lld calls "
      "retried; slowest restart ready after %s\n",
      kCycles, static_cast<long long>(workload.acknowledged()),
      static_cast<long long>(findings.lost),
      static_cast<long long>(workload.retried()),
      absl::FormatDuration(slowest_ready).c_str());
}

TEST(CrashRecoveryTest, SigtermWithTwentyWritersInFlightLosesNothing) {
  constexpr int kDrainSeconds = 10;
  const std::vector<std::string> flags = {
      absl::StrCat("--drain_seconds=", kDrainSeconds)};
  TempDir dir;
  const std::string catalog_dir = dir.Sub("catalog");
  const std::string metrics_dir = dir.Sub("metrics");
  DurabilityWorkload workload({.catalog_writers = 10, .metrics_writers = 10});
  absl::Duration slowest_exit;
  {
    RunningService catalog = StartReady(
        kCatalogBinary, "busan.catalog.v1.CatalogService", catalog_dir, flags);
    RunningService metrics = StartReady(
        kMetricsBinary, "busan.metrics.v1.MetricsService", metrics_dir, flags);
    ASSERT_FALSE(catalog.started.address.empty());
    ASSERT_FALSE(metrics.started.address.empty());
    ASSERT_OK(workload.CreateParents(catalog.started.address,
                                     metrics.started.address));
    workload.Start(catalog.started.address, metrics.started.address);
    ASSERT_TRUE(workload.WaitForAcknowledged(400, absl::Seconds(60)));
    const absl::Time signalled = absl::Now();
    catalog.started.process->Signal(SIGTERM);
    metrics.started.process->Signal(SIGTERM);
    for (RunningService* service : {&catalog, &metrics}) {
      EXPECT_EQ(
          service->started.process->Wait(absl::Seconds(kDrainSeconds + 5)), 0)
          << service->started.process->Output();
      slowest_exit = std::max(slowest_exit, absl::Now() - signalled);
    }
    workload.Join();
  }
  EXPECT_LT(slowest_exit, absl::Seconds(kDrainSeconds));
  // Calls sent after the drain began were refused, not half-done: sent
  // again to the restarted services, they apply once.
  const int64_t refused = workload.pending();
  {
    RunningService catalog = StartReady(
        kCatalogBinary, "busan.catalog.v1.CatalogService", catalog_dir);
    RunningService metrics = StartReady(
        kMetricsBinary, "busan.metrics.v1.MetricsService", metrics_dir);
    ASSERT_FALSE(catalog.started.address.empty());
    ASSERT_FALSE(metrics.started.address.empty());
    workload.Drain(catalog.started.address, metrics.started.address,
                   absl::Seconds(30));
    for (RunningService* service : {&catalog, &metrics}) {
      service->started.process->Signal(SIGTERM);
      EXPECT_EQ(service->started.process->Wait(absl::Seconds(30)), 0);
    }
  }
  const DurabilityWorkload::Findings findings =
      workload.ExpectExactlyAcknowledged(catalog_dir, metrics_dir);
  printf(
      "SIGTERM with 20 writers: %lld writes acknowledged, %lld refused "
      "during the drain and applied once on retry, %lld lost; both exited "
      "0 after %s\n",
      static_cast<long long>(workload.acknowledged()),
      static_cast<long long>(refused), static_cast<long long>(findings.lost),
      absl::FormatDuration(slowest_exit).c_str());
}

}  // namespace
}  // namespace busan::testing
