// The catalog-service binary's contract: flags and exit codes, a locked or
// unusable data directory, and a clean drain on SIGTERM.
#include <signal.h>

#include <fstream>

#include "common/testing/child_process.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kServer[] = BUSAN_BIN_DIR "/catalog-service";

TEST(CatalogBinaryTest, UnknownFlagOrBadValueExitsTwo) {
  RunResult unknown = RunBinary(kServer, {"--no_such_flag=1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.output, HasSubstr("unknown flag --no_such_flag"));
  RunResult bad = RunBinary(kServer, {"--address=nonsense"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, HasSubstr("--address"));
  RunResult help = RunBinary(kServer, {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("--data_dir"));
}

TEST(CatalogBinaryTest, LockedDataDirExitsOneAndLeavesTheOwnerRunning) {
  TempDir dir;
  ChildProcess owner(kServer,
                     {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db")});
  ASSERT_TRUE(
      owner.WaitForLine("catalog-service: serving on", absl::Seconds(30)))
      << owner.Output();
  RunResult second = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db")});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.output, HasSubstr("another server"));
  owner.Signal(SIGTERM);
  EXPECT_EQ(owner.Wait(absl::Seconds(30)), 0) << owner.Output();
}

TEST(CatalogBinaryTest, SecondInstanceOnTheSamePortExitsOne) {
  TempDir dir;
  StartedService owner = StartService(kServer, {"--data_dir=" + dir.Sub("a")});
  ASSERT_FALSE(owner.address.empty());
  // gRPC would share the port (SO_REUSEPORT) with a second server holding
  // other data; it must refuse instead.
  RunResult second = RunBinary(
      kServer, {"--address=" + owner.address, "--data_dir=" + dir.Sub("b")});
  EXPECT_EQ(second.exit_code, 1) << second.output;
  EXPECT_THAT(second.output, HasSubstr("cannot listen on " + owner.address));
  owner.process->Signal(SIGTERM);
  EXPECT_EQ(owner.process->Wait(absl::Seconds(30)), 0)
      << owner.process->Output();
}

TEST(CatalogBinaryTest, UnusableDataDirExitsOne) {
  TempDir dir;
  std::ofstream(dir.Sub("file")) << "not a directory";
  RunResult result = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("file/db")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("cannot be created"));
}

TEST(CatalogBinaryTest, SigtermDrainsAndExitsZero) {
  TempDir dir;
  ChildProcess server(kServer,
                      {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db")});
  ASSERT_TRUE(
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30)))
      << server.Output();
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();
  EXPECT_THAT(server.Output(), HasSubstr("catalog-service: stopped"));
}

}  // namespace
}  // namespace busan::testing
