// The access log of a real GrpcServer on loopback: one line per call with
// method, code, latency, principal, request_id and peer; levels by code;
// health checks only at debug; the bearer token never written.
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/files/read_file.h"
#include "common/server/grpc_server.h"
#include "common/testing/raw_call.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "access-log-secret-91c3e07d";
constexpr char kRequestId[] = "6f1c2a4e-8b3d-4c7e-9a10-2b3c4d5e6f70";

// CreatePlan succeeds; GetPlan fails with INTERNAL (a fault of ours).
class Catalog final : public v1::CatalogService::CallbackService {
  grpc::ServerUnaryReactor* CreatePlan(grpc::CallbackServerContext* context,
                                       const v1::CreatePlanRequest*,
                                       v1::Plan*) override {
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* context,
                                    const v1::GetPlanRequest*,
                                    v1::Plan*) override {
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status(grpc::StatusCode::INTERNAL, "broken"));
    return reactor;
  }
};

// A server logging at `level` into a file; Lines() reads what it wrote.
class AccessLogTest : public ::testing::Test {
 protected:
  void Start(LogLevel level) {
    fd_ = open(dir_.Sub("log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ASSERT_GE(fd_, 0);
    logger_ = std::make_unique<Logger>(level, fd_);
    ServerConfig config;
    config.address = "127.0.0.1:0";
    config.data_dir = "unused";
    ASSERT_OK_AND_ASSIGN(
        server_, GrpcServer::Start(
                     config, {{"busan.catalog.v1.CatalogService", &catalog_}},
                     {}, nullptr, logger_.get()));
    stub_ = v1::CatalogService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    server_.reset();  // every call has ended and been logged
    if (fd_ >= 0) close(fd_);
  }

  std::vector<std::string> Lines() {
    server_->Shutdown(absl::Seconds(5));
    absl::StatusOr<std::string> text = files::ReadFile(dir_.Sub("log"));
    EXPECT_OK(text);
    return absl::StrSplit(text.value_or(""), '\n', absl::SkipEmpty());
  }

  grpc::Status CreatePlan(bool with_token) {
    grpc::ClientContext context;
    if (with_token) {
      context.AddMetadata("authorization", std::string("Bearer ") + kToken);
    }
    v1::CreatePlanRequest request;
    request.set_plan_id("p");
    request.set_request_id(kRequestId);
    v1::Plan plan;
    return stub_->CreatePlan(&context, request, &plan);
  }

  grpc::Status GetPlan() {
    grpc::ClientContext context;
    v1::GetPlanRequest request;
    request.set_name("plans/p");
    v1::Plan plan;
    return stub_->GetPlan(&context, request, &plan);
  }

  busan::testing::TempDir dir_;
  int fd_ = -1;
  std::unique_ptr<Logger> logger_;
  Catalog catalog_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

TEST_F(AccessLogTest, OneLinePerCallWithItsFieldsAndNoToken) {
  Start(LogLevel::kInfo);
  ASSERT_TRUE(CreatePlan(/*with_token=*/true).ok());
  ASSERT_TRUE(CreatePlan(/*with_token=*/false).ok());
  EXPECT_EQ(GetPlan().error_code(), grpc::StatusCode::INTERNAL);
  // A health check is at debug: not written at info.
  EXPECT_TRUE(busan::testing::RawCall(server_->address(),
                                      "/grpc.health.v1.Health/Check", "")
                  .status.ok());

  std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 3u) << absl::StrJoin(lines, "\n");
  EXPECT_THAT(
      lines[0],
      AllOf(
          HasSubstr(R"("level":"info","event":"rpc",)"
                    R"("method":"/busan.catalog.v1.CatalogService/CreatePlan",)"
                    R"("code":"OK","latency_us":)"),
          ContainsRegex(R"("principal":"token:[0-9a-f]{12}")"),
          HasSubstr(std::string(R"("request_id":")") + kRequestId + "\""),
          ContainsRegex(R"("peer":"ipv4:127\.0\.0\.1:[0-9]+"\}$)")));
  EXPECT_THAT(lines[1], HasSubstr(R"("principal":"anonymous")"));
  EXPECT_THAT(
      lines[2],
      AllOf(HasSubstr(R"("level":"error","event":"rpc",)"
                      R"("method":"/busan.catalog.v1.CatalogService/GetPlan",)"
                      R"("code":"INTERNAL")"),
            HasSubstr(R"("request_id":"")")));
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(kToken)));
  }
}

TEST_F(AccessLogTest, LevelsFilterLines) {
  Start(LogLevel::kWarning);
  ASSERT_TRUE(CreatePlan(/*with_token=*/true).ok());
  EXPECT_EQ(GetPlan().error_code(), grpc::StatusCode::INTERNAL);
  std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 1u) << absl::StrJoin(lines, "\n");
  EXPECT_THAT(lines[0], HasSubstr(R"("code":"INTERNAL")"));
}

TEST_F(AccessLogTest, DebugAddsHealthChecks) {
  Start(LogLevel::kDebug);
  EXPECT_TRUE(busan::testing::RawCall(server_->address(),
                                      "/grpc.health.v1.Health/Check", "")
                  .status.ok());
  std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 1u) << absl::StrJoin(lines, "\n");
  EXPECT_THAT(
      lines[0],
      HasSubstr(R"("level":"debug","event":"rpc",)"
                R"("method":"/grpc.health.v1.Health/Check","code":"OK")"));
}

}  // namespace
}  // namespace busan::server
