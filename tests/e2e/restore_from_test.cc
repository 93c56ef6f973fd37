// --restore_from on the built binary: a backup of a catalog (taken with
// common/store/backups.h) is restored into an empty data directory before
// the service serves it; a data directory that holds data is never
// overwritten (exit 1, naming the flag).
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/store/backups.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";

TEST(RestoreFromTest, RestoresIntoAnEmptyDataDirectoryOnly) {
  TempDir dir;
  const std::string backups = dir.Sub("backups");
  {
    ASSERT_OK_AND_ASSIGN(
        auto catalog, catalog::Catalog::Open({{.data_dir = dir.Sub("live")}}));
    catalog::v1::Plan plan;
    plan.set_display_name("Backed-up plan");
    ASSERT_OK(catalog->CreatePlan("kept", plan, {}).status());
    ASSERT_OK(store::CreateBackup(catalog->database(), backups).status());
  }

  ChildProcess server(kCatalogServer, {"--address=127.0.0.1:0",
                                       "--data_dir=" + dir.Sub("restored"),
                                       "--restore_from=" + backups});
  std::optional<std::string> line =
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30));
  ASSERT_TRUE(line) << server.Output();
  EXPECT_THAT(server.Output(), HasSubstr("restored the newest backup"));
  auto stub = catalog::v1::CatalogService::NewStub(grpc::CreateChannel(
      ServingAddress(*line), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  catalog::v1::GetPlanRequest get;
  get.set_name("plans/kept");
  catalog::v1::Plan got;
  ASSERT_TRUE(stub->GetPlan(&context, get, &got).ok());
  EXPECT_EQ(got.display_name(), "Backed-up plan");
  server.Signal(SIGTERM);
  ASSERT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();

  // The same flags again: the data directory now holds data.
  ChildProcess again(kCatalogServer, {"--address=127.0.0.1:0",
                                      "--data_dir=" + dir.Sub("restored"),
                                      "--restore_from=" + backups});
  EXPECT_EQ(again.Wait(absl::Seconds(30)), 1) << again.Output();
  EXPECT_THAT(again.Output(), HasSubstr("flag --restore_from"));
  EXPECT_THAT(again.Output(), HasSubstr("is not empty"));
}

}  // namespace
}  // namespace busan::testing
