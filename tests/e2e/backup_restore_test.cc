// Backups on the built binaries, as an operator runs them: both services
// with --backup_dir and a tokens file, the seed data loaded, `busanctl
// admin backup` (role admin only) and `list-backups`, then the services
// stopped and brought back from the backups, one through busan-restore,
// the other through --restore_from. The restored dashboard is
// the one that was backed up.
#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/child_process.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kMetricsServer[] = BUSAN_BIN_DIR "/metrics-service";
constexpr char kBusanctl[] = BUSAN_BIN_DIR "/busanctl";
constexpr char kRestore[] = BUSAN_BIN_DIR "/busan-restore";
constexpr char kCatalogSeed[] = BUSAN_SOURCE_DIR "/data/catalog.txtpb";
constexpr char kMetricsSeed[] = BUSAN_SOURCE_DIR "/data/metrics.txtpb";

constexpr char kWriteToken[] = "e2e-writer-3c9a1f7b20";
constexpr char kAdminToken[] = "e2e-admin-8d2e6b4a91";

using Service = StartedService;

void Stop(Service& service) {
  service.process->Signal(SIGTERM);
  EXPECT_EQ(service.process->Wait(absl::Seconds(30)), 0)
      << service.process->Output();
}

class BackupRestoreTest : public ::testing::Test {
 protected:
  RunResult Busanctl(const Service& catalog, const Service& metrics,
                     const std::string& token, std::vector<std::string> args) {
    std::vector<std::string> all = {"--catalog=" + catalog.address,
                                    "--metrics=" + metrics.address,
                                    "--timeout=60"};
    if (!token.empty()) all.push_back("--token=" + token);
    all.insert(all.end(), args.begin(), args.end());
    return RunBinary(kBusanctl, all, absl::Seconds(120));
  }

  TempDir dir_;
};

TEST_F(BackupRestoreTest, BackUpBothServicesAndBringThemBack) {
  const std::string tokens = dir_.Write(
      "tokens", absl::StrCat(kWriteToken, "\n", kAdminToken, " admin\n"));
  Service catalog = StartService(kCatalogServer,
                                 {"--data_dir=" + dir_.Sub("catalog"),
                                  "--backup_dir=" + dir_.Sub("backups/catalog"),
                                  "--auth_tokens_file=" + tokens});
  Service metrics = StartService(kMetricsServer,
                                 {"--data_dir=" + dir_.Sub("metrics"),
                                  "--backup_dir=" + dir_.Sub("backups/metrics"),
                                  "--auth_tokens_file=" + tokens});
  ASSERT_FALSE(catalog.address.empty() || metrics.address.empty());

  RunResult seeded = Busanctl(catalog, metrics, kWriteToken,
                              {"seed", kCatalogSeed, kMetricsSeed});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
  RunResult dashboard =
      Busanctl(catalog, metrics, kWriteToken, {"dashboard", "--output=json"});
  ASSERT_EQ(dashboard.exit_code, 0) << dashboard.output;

  // A write token may not take backups.
  RunResult refused =
      Busanctl(catalog, metrics, kWriteToken, {"admin", "backup"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("role admin"));

  RunResult backup =
      Busanctl(catalog, metrics, kAdminToken, {"admin", "backup"});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_THAT(backup.output, HasSubstr("catalog-service  backups/1"));
  EXPECT_THAT(backup.output, HasSubstr("metrics-service  backups/1"));
  // Writes after the backup are not in it.
  RunResult later = Busanctl(catalog, metrics, kWriteToken,
                             {"plans", "create", "after-backup",
                              "--json={\"display_name\":\"Late\"}"});
  ASSERT_EQ(later.exit_code, 0) << later.output;

  RunResult listed = Busanctl(catalog, metrics, kAdminToken,
                              {"admin", "list-backups", "--output=json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("\"catalog-service\""));
  EXPECT_THAT(listed.output, HasSubstr("\"metrics-service\""));
  EXPECT_THAT(listed.output, HasSubstr("\"name\": \"backups/1\""));

  Stop(catalog);
  Stop(metrics);

  // Offline restore of the catalog with busan-restore; it never
  // overwrites.
  RunResult restored = RunBinary(kRestore, {dir_.Sub("backups/catalog"),
                                            dir_.Sub("catalog-restored"), "1"});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  RunResult overwrite =
      RunBinary(kRestore, {dir_.Sub("backups/catalog"), dir_.Sub("catalog")});
  EXPECT_EQ(overwrite.exit_code, 1) << overwrite.output;
  EXPECT_THAT(overwrite.output, HasSubstr("is not empty"));
  RunResult misuse = RunBinary(kRestore, {dir_.Sub("backups/catalog")});
  EXPECT_EQ(misuse.exit_code, 2) << misuse.output;

  Service catalog_again = StartService(
      kCatalogServer, {"--data_dir=" + dir_.Sub("catalog-restored"),
                       "--auth_tokens_file=" + tokens});
  Service metrics_again = StartService(
      kMetricsServer, {"--data_dir=" + dir_.Sub("metrics-restored"),
                       "--restore_from=" + dir_.Sub("backups/metrics"),
                       "--auth_tokens_file=" + tokens});
  ASSERT_FALSE(catalog_again.address.empty() || metrics_again.address.empty());
  RunResult dashboard_again =
      Busanctl(catalog_again, metrics_again, kWriteToken,
               {"dashboard", "--output=json"});
  ASSERT_EQ(dashboard_again.exit_code, 0) << dashboard_again.output;
  EXPECT_EQ(dashboard_again.output, dashboard.output);
  RunResult late = Busanctl(catalog_again, metrics_again, kWriteToken,
                            {"plans", "get", "plans/after-backup"});
  EXPECT_EQ(late.exit_code, 1) << late.output;
  EXPECT_THAT(late.output, HasSubstr("NOT_FOUND"));
  Stop(catalog_again);
  Stop(metrics_again);
}

}  // namespace
}  // namespace busan::testing
