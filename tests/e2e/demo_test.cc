// The main job as a newcomer runs it: scripts/demo builds (a no-op here),
// starts both services, seeds, prints the dashboard, writes the HTML report
// and stops the services; a second run changes nothing. And the dashboard
// binary with one service down: what it can, a marker, exit 1.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/testing/child_process.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kBusanctl[] = BUSAN_BIN_DIR "/busanctl";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

RunResult RunDemo(const std::string& var_dir) {
  const std::string build_dir =
      std::filesystem::path(BUSAN_BIN_DIR).parent_path().string();
  return RunBinary("/usr/bin/env",
                   {"VAR_DIR=" + var_dir, "BUILD_DIR=" + build_dir,
                    std::string(BUSAN_SOURCE_DIR) + "/scripts/demo"},
                   absl::Minutes(5));
}

// The data dir is free again (its server stopped): a new server can open it.
void ExpectDataDirReusable(const std::string& data_dir) {
  ChildProcess server(kCatalogServer,
                      {"--address=127.0.0.1:0", "--data_dir=" + data_dir});
  EXPECT_TRUE(
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30)))
      << server.Output();
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();
}

TEST(DemoTest, RunsTheMainJobTwiceAndTheSecondRunChangesNothing) {
  TempDir dir;
  const std::string var = dir.Sub("var");

  RunResult first = RunDemo(var);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("updated 0, unchanged 0"));
  EXPECT_THAT(first.output, Not(HasSubstr("seed: created 0,")));
  for (const std::string& part : std::vector<std::string>{
           "== Plans ==", "plans/economic-growth-innovation-2025",
           "53 new, 15 upgraded, 3 expanded",
           "== Rankings ==", "Smart Centres Index", "8 of 77",
           "== Meetings ==", "Emergency Economic Countermeasures Meeting",
           "== Funds ==", "fund-of-funds",
           "HTML report: " + var + "/dashboard.html"}) {
    EXPECT_THAT(first.output, HasSubstr(part));
  }
  EXPECT_THAT(first.output, ContainsRegex("declared +71 "));
  EXPECT_THAT(first.output, Not(HasSubstr("unavailable")));
  const std::string html = ReadFile(var + "/dashboard.html");
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(first.output, Not(HasSubstr("did not stop cleanly")));

  RunResult second = RunDemo(var);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output,
              HasSubstr("seed: created 0, updated 0, unchanged"));
  // The same dashboard both times (the seed is idempotent).
  EXPECT_EQ(second.output.substr(second.output.find("== Plans ==")),
            first.output.substr(first.output.find("== Plans ==")));

  // Both services were stopped: their data dirs are not locked.
  ExpectDataDirReusable(var + "/catalog");
  EXPECT_THAT(ReadFile(var + "/catalog-service.log"),
              HasSubstr("catalog-service: stopped"));
  EXPECT_THAT(ReadFile(var + "/metrics-service.log"),
              HasSubstr("metrics-service: stopped"));
}

TEST(DemoTest, DashboardWithMetricsDownShowsTheCatalogAndExitsOne) {
  TempDir dir;
  ChildProcess catalog(kCatalogServer, {"--address=127.0.0.1:0",
                                        "--data_dir=" + dir.Sub("catalog")});
  std::optional<std::string> line =
      catalog.WaitForLine("catalog-service: serving on", absl::Seconds(30));
  ASSERT_TRUE(line) << catalog.Output();
  const std::string address = ServingAddress(*line);
  // Port 1 on loopback: nothing listens there, connections are refused.
  const std::string down = "--metrics=127.0.0.1:1";

  RunResult seed = RunBinary(
      kBusanctl, {"--catalog=" + address, down, "seed",
                  std::string(BUSAN_SOURCE_DIR) + "/data/catalog.txtpb"});
  ASSERT_EQ(seed.exit_code, 0) << seed.output;

  const std::string report = dir.Sub("report.html");
  RunResult dashboard =
      RunBinary(kBusanctl, {"--catalog=" + address, down, "--timeout=10",
                            "dashboard", "--html=" + report});
  EXPECT_EQ(dashboard.exit_code, 1) << dashboard.output;
  EXPECT_THAT(dashboard.output, HasSubstr("metrics-service unavailable"));
  EXPECT_THAT(dashboard.output,
              HasSubstr("plans/economic-growth-innovation-2025"));
  EXPECT_THAT(dashboard.output, HasSubstr("the dashboard is incomplete"));
  EXPECT_THAT(dashboard.output, HasSubstr("127.0.0.1:1"));
  // The report is still written, with the same warning.
  EXPECT_THAT(ReadFile(report), HasSubstr("unavailable-banner"));

  RunResult json = RunBinary(
      kBusanctl, {"--catalog=" + address, down, "--output=json", "dashboard"});
  EXPECT_EQ(json.exit_code, 1) << json.output;
  EXPECT_THAT(json.output, HasSubstr("\"service\": \"metrics-service\""));
  EXPECT_THAT(json.output, HasSubstr("\"section\": \"funds\""));

  catalog.Signal(SIGTERM);
  EXPECT_EQ(catalog.Wait(absl::Seconds(30)), 0) << catalog.Output();
}

}  // namespace
}  // namespace busan::testing
