// What a container deployment relies on, on the built binaries: settings
// from a flag file (a mounted ConfigMap) that later flags override, the
// plaintext health-only port for probes, `busanctl health`, and the bearer
// token read from a file (a mounted Secret).
#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/child_process.h"
#include "common/testing/taken_port.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kMetricsServer[] = BUSAN_BIN_DIR "/metrics-service";
constexpr char kBusanctl[] = BUSAN_BIN_DIR "/busanctl";
constexpr char kToken[] = "deploy-writer-7c21e9d04b";

// A running service started with a flag file, and the addresses it
// printed.
struct Service {
  std::unique_ptr<ChildProcess> process;
  std::string address;
  std::string health_address;
};

// Starts `binary` with --flagfile=`flags` after an --address that the file
// overrides, as the images' ENTRYPOINT and a ConfigMap do.
Service Start(const char* binary, const std::string& name,
              const std::string& flags) {
  Service service;
  service.process = std::make_unique<ChildProcess>(
      binary,
      std::vector<std::string>{"--address=192.0.2.1:1", "--flagfile=" + flags});
  std::optional<std::string> serving =
      service.process->WaitForLine(name + ": serving on", absl::Seconds(30));
  std::optional<std::string> health =
      service.process->WaitForLine(name + ": health on", absl::Seconds(30));
  if (!serving || !health) {
    ADD_FAILURE() << name << " did not start:\n" << service.process->Output();
    return service;
  }
  service.address = ServingAddress(*serving);
  service.health_address = health->substr(health->rfind(' ') + 1);
  return service;
}

std::string FlagFile(const TempDir& dir, const std::string& name,
                     const std::string& tokens) {
  return dir.Write(
      name + ".flags",
      absl::StrCat("# ", name, " settings\n", "--address=127.0.0.1:0\n",
                   "--health_address=127.0.0.1:0\n",
                   "--data_dir=", dir.Sub(name), "\n",
                   "--auth_tokens_file=", tokens, "\n", "--drain_seconds=5\n"));
}

TEST(DeploymentFlagsTest, FlagFileHealthPortHealthCommandAndTokenFile) {
  TempDir dir;
  const std::string tokens = dir.Write("tokens", absl::StrCat(kToken, "\n"));
  Service catalog = Start(kCatalogServer, "catalog-service",
                          FlagFile(dir, "catalog", tokens));
  Service metrics = Start(kMetricsServer, "metrics-service",
                          FlagFile(dir, "metrics", tokens));
  ASSERT_FALSE(catalog.address.empty());
  ASSERT_FALSE(metrics.address.empty());
  EXPECT_NE(catalog.health_address, catalog.address);
  EXPECT_THAT(catalog.process->Output(), HasSubstr("bearer tokens required"));

  const std::vector<std::string> main_ports = {"--catalog=" + catalog.address,
                                               "--metrics=" + metrics.address};
  const std::vector<std::string> health_ports = {
      "--catalog=" + catalog.health_address,
      "--metrics=" + metrics.health_address};
  // Health needs no token, on the main ports and the health ports.
  for (const auto& ports : {main_ports, health_ports}) {
    std::vector<std::string> args = ports;
    args.push_back("health");
    RunResult health = RunBinary(kBusanctl, args);
    EXPECT_EQ(health.exit_code, 0) << health.output;
    EXPECT_THAT(health.output, HasSubstr("catalog-service  " +
                                         ports[0].substr(10) + "  SERVING"));
    EXPECT_THAT(health.output, HasSubstr("metrics-service  " +
                                         ports[1].substr(10) + "  SERVING"));
  }
  // The health port serves nothing else.
  RunResult api_on_health_port =
      RunBinary(kBusanctl, {health_ports[0], health_ports[1], "plans", "list"});
  EXPECT_EQ(api_on_health_port.exit_code, 1) << api_on_health_port.output;
  EXPECT_THAT(api_on_health_port.output, HasSubstr("UNIMPLEMENTED"));

  // The token from a file, which is never printed, and the addresses from
  // a flag file, as the seed Job has them.
  const std::string token_file =
      dir.Write("token", absl::StrCat("  ", kToken, "\n"));
  const std::string ctl_flags = dir.Write(
      "busanctl.flags", absl::StrCat(main_ports[0], "\n", main_ports[1], "\n",
                                     "--token_file=", token_file, "\n"));
  RunResult created =
      RunBinary(kBusanctl, {"--flagfile=" + ctl_flags, "plans", "create",
                            "deploy-plan", R"(--json={"displayName":"Plan"})"});
  EXPECT_EQ(created.exit_code, 0) << created.output;
  EXPECT_THAT(created.output, Not(HasSubstr(kToken)));
  RunResult refused =
      RunBinary(kBusanctl, {main_ports[0], main_ports[1], "plans", "list"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("UNAUTHENTICATED"));

  for (Service* service : {&catalog, &metrics}) {
    service->process->Signal(SIGTERM);
    EXPECT_EQ(service->process->Wait(absl::Seconds(30)), 0)
        << service->process->Output();
  }

  // The structured log on stderr: start, one line per call, drain, stop;
  // the caller named by a token fingerprint, never by the token.
  const std::string log = catalog.process->Output();
  EXPECT_THAT(log, HasSubstr(R"("event":"serving","program":"catalog-service",)"
                             R"("address":")" +
                             catalog.address + "\""));
  EXPECT_THAT(log,
              ::testing::ContainsRegex(
                  R"("event":"rpc","method":"/busan\.catalog\.v1\.)"
                  R"(CatalogService/CreatePlan","code":"OK",)"
                  R"("latency_us":[0-9]+,"principal":"token:[0-9a-f]{12}",)"
                  R"("request_id":"[0-9a-f-]{36}")"));
  EXPECT_THAT(log, HasSubstr(R"("method":"/busan.catalog.v1.CatalogService/)"
                             R"(ListPlans","code":"UNAUTHENTICATED")"));
  EXPECT_THAT(log,
              HasSubstr(R"("event":"draining","program":"catalog-service",)"
                        R"("signal":"SIGTERM","drain_seconds":5})"));
  EXPECT_THAT(log, HasSubstr(R"("event":"stopped")"));
  EXPECT_THAT(log, Not(HasSubstr(kToken)));
  // Health checks (busanctl health above) are logged only at debug.
  EXPECT_THAT(log, Not(HasSubstr("/grpc.health.v1.Health/Check")));
}

TEST(DeploymentFlagsTest, HealthCommandFailsNamingTheServiceThatIsDown) {
  TempDir dir;
  const std::string tokens = dir.Write("tokens", absl::StrCat(kToken, "\n"));
  Service catalog = Start(kCatalogServer, "catalog-service",
                          FlagFile(dir, "catalog", tokens));
  ASSERT_FALSE(catalog.address.empty());
  TakenPort down(TakenPort::Mode::kRefusing);
  RunResult health = RunBinary(
      kBusanctl, {"--catalog=" + catalog.health_address,
                  "--metrics=" + down.address(), "--timeout=2", "health"});
  EXPECT_EQ(health.exit_code, 1) << health.output;
  EXPECT_THAT(health.output, HasSubstr("catalog-service  " +
                                       catalog.health_address + "  SERVING"));
  EXPECT_THAT(health.output, HasSubstr("metrics-service  " + down.address() +
                                       "  UNREACHABLE"));
  EXPECT_THAT(health.output, HasSubstr("not serving: metrics-service"));

  RunResult json =
      RunBinary(kBusanctl, {"--catalog=" + catalog.health_address,
                            "--metrics=" + down.address(), "--timeout=2",
                            "--output=json", "health"});
  EXPECT_EQ(json.exit_code, 1) << json.output;
  EXPECT_THAT(json.output, HasSubstr(R"("status": "SERVING")"));
  EXPECT_THAT(json.output, HasSubstr(R"("status": "UNREACHABLE")"));

  catalog.process->Signal(SIGTERM);
  EXPECT_EQ(catalog.process->Wait(absl::Seconds(30)), 0)
      << catalog.process->Output();
}

TEST(DeploymentFlagsTest, BadFlagFileOrTokenFileIsAUsageError) {
  TempDir dir;
  for (const char* binary : {kCatalogServer, kMetricsServer}) {
    SCOPED_TRACE(binary);
    const std::string flags =
        dir.Write("bad.flags", "--drain_seconds=5\n--no_such_flag=1\n");
    RunResult result = RunBinary(binary, {"--flagfile=" + flags});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_THAT(result.output, HasSubstr("flag --flagfile: " + flags +
                                         ":2: unknown flag --no_such_flag"));
    RunResult level = RunBinary(binary, {"--log_level=verbose"});
    EXPECT_EQ(level.exit_code, 2) << level.output;
    EXPECT_THAT(level.output, HasSubstr("flag --log_level: \"verbose\""));
    RunResult missing =
        RunBinary(binary, {"--flagfile=" + dir.Sub("no-such.flags")});
    EXPECT_EQ(missing.exit_code, 2) << missing.output;
    EXPECT_THAT(missing.output, HasSubstr("cannot read"));
  }

  const std::string empty = dir.Write("empty-token", "\n");
  RunResult no_token =
      RunBinary(kBusanctl, {"--token_file=" + empty, "plans", "list"});
  EXPECT_EQ(no_token.exit_code, 2) << no_token.output;
  EXPECT_THAT(no_token.output,
              HasSubstr("--token_file: \"" + empty + "\" is empty"));
  const std::string spaced = dir.Write("spaced-token", "two words\n");
  RunResult bad_token =
      RunBinary(kBusanctl, {"--token_file=" + spaced, "plans", "list"});
  EXPECT_EQ(bad_token.exit_code, 2) << bad_token.output;
  EXPECT_THAT(bad_token.output, HasSubstr("--token_file: only printable"));
  EXPECT_THAT(bad_token.output, Not(HasSubstr("two words")));
  RunResult both = RunBinary(
      kBusanctl, {"--token=x", "--token_file=" + spaced, "plans", "list"});
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_THAT(both.output, HasSubstr("not both"));
}

}  // namespace
}  // namespace busan::testing
