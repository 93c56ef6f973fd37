// Power loss: both services run in-process on disks that can lose power
// (FaultyEnv). Sixteen writers run, the power goes, each store is closed
// and its files are cut back to what was synced, as a restart would find
// them; after several cuts on the same directories every acknowledged
// write is there exactly once. A control whose WAL syncs only pretend to
// make data durable (what writing without a synced WAL means) must find
// writes lost, so this test can fail.
#include <string>

#include "absl/time/clock.h"
#include "common/testing/faulty_env.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/durability_workload.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

constexpr absl::Duration kAckTimeout = absl::Seconds(60);

class PowerLossTest : public ::testing::Test {
 protected:
  // One power cut: the services run on fresh disks (with `fault`) until
  // `acknowledged` writes were answered, then the power goes, the services
  // stop and the disks lose what was not synced.
  void RunUntilPowerCut(int64_t acknowledged, const Fault& fault) {
    ++cuts_;
    FaultyEnv catalog_disk, metrics_disk;  // outlive the servers
    catalog_disk.Inject(fault);
    metrics_disk.Inject(fault);
    {
      CatalogServer catalog(
          {{.data_dir = catalog_dir_, .env = catalog_disk.env()}});
      MetricsServer metrics(
          {.data_dir = metrics_dir_, .env = metrics_disk.env()});
      if (first_) {
        ASSERT_OK(
            workload_.CreateParents(catalog.address(), metrics.address()));
        first_ = false;
      }
      workload_.Start(catalog.address(), metrics.address());
      ASSERT_TRUE(workload_.WaitForAcknowledged(acknowledged, kAckTimeout));
      // The WAL's syncs slow down so that the cut finds a group of writes
      // appended but not yet synced (not yet acknowledged), as a cut in the
      // middle of a group commit would, every time.
      Fault slow = fault;
      slow.file_suffix = ".log";
      slow.sync_delay = absl::Milliseconds(100);
      catalog_disk.Inject(slow);
      metrics_disk.Inject(slow);
      absl::SleepFor(absl::Milliseconds(50));
      catalog_disk.CutPower();
      metrics_disk.CutPower();
      workload_.Join();  // every writer stops at its first failed write
    }
    ASSERT_OK(catalog_disk.LoseUnsyncedWrites());
    ASSERT_OK(metrics_disk.LoseUnsyncedWrites());
    lost_bytes_ += catalog_disk.lost_bytes() + metrics_disk.lost_bytes();
  }

  TempDir dir_;
  const std::string catalog_dir_ = dir_.Sub("catalog");
  const std::string metrics_dir_ = dir_.Sub("metrics");
  DurabilityWorkload workload_;
  bool first_ = true;
  int cuts_ = 0;
  // Unsynced bytes the cuts took back: nonzero, or the cuts tested little.
  int64_t lost_bytes_ = 0;
};

TEST_F(PowerLossTest, NoAcknowledgedWriteIsLost) {
  constexpr int kCuts = 10;
  for (int cut = 0; cut < kCuts; ++cut) {
    RunUntilPowerCut(150 + 50 * cut, Fault{});
    if (HasFatalFailure()) return;
  }
  // The unanswered calls are sent again, with their request_ids, to
  // services on a healthy disk; then the stores must match exactly.
  {
    CatalogServer catalog({{.data_dir = catalog_dir_}});
    MetricsServer metrics({.data_dir = metrics_dir_});
    workload_.Drain(catalog.address(), metrics.address(), absl::Seconds(30));
  }
  const DurabilityWorkload::Findings findings =
      workload_.ExpectExactlyAcknowledged(catalog_dir_, metrics_dir_);
  EXPECT_GE(workload_.acknowledged(), 150 * kCuts);
  EXPECT_GT(lost_bytes_, 0) << "no cut found unsynced data to take back";
  printf(
      "%d power cuts: %lld writes acknowledged, %lld lost, %lld calls "
      "retried, %lld unsynced bytes taken back\n",
      cuts_, static_cast<long long>(workload_.acknowledged()),
      static_cast<long long>(findings.lost),
      static_cast<long long>(workload_.retried()),
      static_cast<long long>(lost_bytes_));
}

TEST_F(PowerLossTest, ControlWithoutSyncedWalLosesWrites) {
  RunUntilPowerCut(300, Fault{.file_suffix = ".log", .lying_syncs = true});
  if (HasFatalFailure()) return;
  const DurabilityWorkload::Findings findings =
      workload_.VerifyDirectories(catalog_dir_, metrics_dir_);
  EXPECT_GT(findings.lost, 0) << "a power cut with an unsynced WAL lost "
                                 "nothing: the power-loss test cannot fail";
  printf(
      "control: %lld resources not as acknowledged after %lld "
      "acknowledged writes\n",
      static_cast<long long>(findings.lost),
      static_cast<long long>(workload_.acknowledged()));
}

}  // namespace
}  // namespace busan::testing
