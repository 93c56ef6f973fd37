// --auth_tokens_file on the built binaries: calls need a bearer token (also
// through busanctl --token), and a bad tokens file is a bad flag value
// (exit 2) whose message names the line but never the token.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";
constexpr char kMetricsServer[] = BUSAN_BIN_DIR "/metrics-service";
constexpr char kBusanctl[] = BUSAN_BIN_DIR "/busanctl";

constexpr char kWriteToken[] = "e2e-writer-5d1c8b2a9f";
constexpr char kReadToken[] = "e2e-reader-0a7e3c6d41";

std::string WriteTokensFile(const TempDir& dir, const std::string& contents) {
  return dir.Write("tokens", contents);
}

std::string GoodTokens() {
  return absl::StrCat("# e2e\n", kWriteToken, "\n", kReadToken, " read\n");
}

// A client context with a deadline and, when given, a bearer token.
std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  return context;
}

// Starts `binary` with the tokens file; empty address when it did not start.
std::unique_ptr<ChildProcess> Start(const char* binary, const TempDir& dir,
                                    const std::string& tokens_file,
                                    std::string* address) {
  StartedService service = StartService(
      binary,
      {"--data_dir=" + dir.Sub("db"), "--auth_tokens_file=" + tokens_file});
  *address = service.address;
  return std::move(service.process);
}

// The status of ListPlans with `token` against `address`.
grpc::StatusCode ListPlansWith(const std::string& address,
                               const std::string& token) {
  auto stub = catalog::v1::CatalogService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  catalog::v1::ListPlansRequest list;
  catalog::v1::ListPlansResponse listed;
  return stub->ListPlans(Context(token).get(), list, &listed).error_code();
}

// Waits (bounded) until `token` gets `want`.
bool TokenBecomes(const std::string& address, const std::string& token,
                  grpc::StatusCode want) {
  return WaitUntil([&] { return ListPlansWith(address, token) == want; },
                   absl::Seconds(20), absl::Milliseconds(100));
}

TEST(AuthBinaryTest, TokensRotateOnSighupAndOnChangeWithoutARestart) {
  constexpr char kRotated[] = "e2e-rotated-7c2f90ab13";
  constexpr char kWatched[] = "e2e-watched-3e81d5c07a";
  TempDir dir;
  const std::string tokens = WriteTokensFile(dir, GoodTokens());
  std::string address;
  std::unique_ptr<ChildProcess> server =
      Start(kCatalogServer, dir, tokens, &address);
  ASSERT_FALSE(address.empty());
  ASSERT_EQ(ListPlansWith(address, kWriteToken), grpc::StatusCode::OK);

  // SIGHUP: the new file is in force at once, the old token is gone.
  WriteTokensFile(dir, absl::StrCat(kRotated, "\n"));
  server->Signal(SIGHUP);
  EXPECT_TRUE(TokenBecomes(address, kRotated, grpc::StatusCode::OK));
  EXPECT_EQ(ListPlansWith(address, kWriteToken),
            grpc::StatusCode::UNAUTHENTICATED);

  // A refused file keeps the tokens in force, and says why without them.
  WriteTokensFile(dir, "bad token with spaces\n");
  server->Signal(SIGHUP);
  WaitUntil(
      [&] {
        return server->Output().find("tokens_reload_failed") !=
               std::string::npos;
      },
      absl::Seconds(10));
  EXPECT_THAT(server->Output(),
              HasSubstr("\"event\":\"tokens_reload_failed\""));
  EXPECT_THAT(server->Output(), HasSubstr("line 1"));
  EXPECT_THAT(server->Output(), Not(HasSubstr("spaces")));
  EXPECT_EQ(ListPlansWith(address, kRotated), grpc::StatusCode::OK);

  // Without a signal: a changed file is noticed within seconds.
  WriteTokensFile(dir, absl::StrCat(kWatched, " read\n"));
  EXPECT_TRUE(TokenBecomes(address, kWatched, grpc::StatusCode::OK));
  EXPECT_EQ(ListPlansWith(address, kRotated),
            grpc::StatusCode::UNAUTHENTICATED);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(30)), 0) << server->Output();
}

TEST(AuthBinaryTest, CatalogServiceRequiresABearerToken) {
  TempDir dir;
  std::string address;
  std::unique_ptr<ChildProcess> server =
      Start(kCatalogServer, dir, WriteTokensFile(dir, GoodTokens()), &address);
  ASSERT_FALSE(address.empty());
  EXPECT_THAT(
      server->Output(),
      HasSubstr("bearer tokens required (2 loaded, 1 read-only, 0 admin)"));
  EXPECT_THAT(server->Output(), Not(HasSubstr(kWriteToken)));

  {
    auto stub = catalog::v1::CatalogService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    catalog::v1::ListPlansRequest list;
    catalog::v1::ListPlansResponse plans;
    EXPECT_THAT(stub->ListPlans(Context().get(), list, &plans),
                StatusIs(absl::StatusCode::kUnauthenticated,
                         HasSubstr("missing bearer token")));
    EXPECT_THAT(stub->ListPlans(Context("wrong-token").get(), list, &plans),
                StatusIs(absl::StatusCode::kUnauthenticated,
                         HasSubstr("unknown bearer token")));

    catalog::v1::CreatePlanRequest create;
    create.set_plan_id("e2e-plan");
    create.mutable_plan()->set_display_name("E2E plan");
    catalog::v1::Plan plan;
    EXPECT_THAT(stub->CreatePlan(Context(kReadToken).get(), create, &plan),
                StatusIs(absl::StatusCode::kPermissionDenied, _));
    ASSERT_THAT(stub->CreatePlan(Context(kWriteToken).get(), create, &plan),
                IsOk());
    EXPECT_THAT(stub->ListPlans(Context(kReadToken).get(), list, &plans),
                IsOk());
    EXPECT_EQ(plans.plans_size(), 1);
  }  // The channel closes here, so the drain on SIGTERM has nothing to wait
     // for.

  // busanctl sends --token as the bearer token.
  const std::string catalog_flag = "--catalog=" + address;
  RunResult created =
      RunBinary(kBusanctl,
                {catalog_flag, absl::StrCat("--token=", kWriteToken), "plans",
                 "create", "ctl-plan", R"(--json={"displayName":"Ctl plan"})"});
  EXPECT_EQ(created.exit_code, 0) << created.output;
  RunResult listed =
      RunBinary(kBusanctl, {catalog_flag, absl::StrCat("--token=", kReadToken),
                            "--output=json", "plans", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("plans/ctl-plan"));
  RunResult refused = RunBinary(kBusanctl, {catalog_flag, "plans", "list"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("UNAUTHENTICATED"));

  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(30)), 0) << server->Output();
}

TEST(AuthBinaryTest, MetricsServiceRequiresABearerToken) {
  TempDir dir;
  std::string address;
  std::unique_ptr<ChildProcess> server =
      Start(kMetricsServer, dir, WriteTokensFile(dir, GoodTokens()), &address);
  ASSERT_FALSE(address.empty());
  {
    auto stub = metrics::v1::MetricsService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    metrics::v1::ListFundsRequest list;
    metrics::v1::ListFundsResponse funds;
    EXPECT_THAT(stub->ListFunds(Context().get(), list, &funds),
                StatusIs(absl::StatusCode::kUnauthenticated, _));
    EXPECT_THAT(stub->ListFunds(Context(kReadToken).get(), list, &funds),
                IsOk());
    metrics::v1::CreateFundRequest create;
    create.set_fund_id("f");
    create.mutable_fund()->set_display_name("Fund");
    metrics::v1::Fund fund;
    EXPECT_THAT(stub->CreateFund(Context(kReadToken).get(), create, &fund),
                StatusIs(absl::StatusCode::kPermissionDenied, _));
    EXPECT_THAT(stub->CreateFund(Context(kWriteToken).get(), create, &fund),
                IsOk());
  }  // The channel closes here, so the drain on SIGTERM has nothing to wait
     // for.
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(30)), 0) << server->Output();
}

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

TEST(AuthBinaryTest, MalformedTokensFileExitsTwoNamingTheLineNotTheToken) {
  TempDir dir;
  const std::string tokens = WriteTokensFile(
      dir,
      absl::StrCat("# tokens\n", kWriteToken, "\nsecret-typo-token owner\n"));
  for (const char* binary : {kCatalogServer, kMetricsServer}) {
    SCOPED_TRACE(binary);
    RunResult result = RunBinary(
        binary, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
                 "--auth_tokens_file=" + tokens});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_THAT(result.output, HasSubstr("--auth_tokens_file"));
    EXPECT_THAT(result.output, HasSubstr("line 3"));
    EXPECT_THAT(result.output, Not(HasSubstr("secret-typo-token")));
    EXPECT_THAT(result.output, Not(HasSubstr(kWriteToken)));
    // Refused before the data directory was touched.
    EXPECT_FALSE(Exists(dir.Sub("db")));
  }
}

TEST(AuthBinaryTest, MissingOrEmptyTokensFileExitsTwo) {
  TempDir dir;
  RunResult missing = RunBinary(
      kCatalogServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
                       "--auth_tokens_file=" + dir.Sub("no-such-file")});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("cannot read"));
  RunResult empty = RunBinary(
      kCatalogServer,
      {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db"),
       "--auth_tokens_file=" + WriteTokensFile(dir, "# nothing yet\n\n")});
  EXPECT_EQ(empty.exit_code, 2) << empty.output;
  EXPECT_THAT(empty.output, HasSubstr("no tokens"));
}

}  // namespace
}  // namespace busan::testing
