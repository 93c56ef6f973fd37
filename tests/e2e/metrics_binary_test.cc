// The metrics-service binary's contract: flags and exit codes, a locked or
// unusable data directory, and a clean drain on SIGTERM that keeps every
// acknowledged write.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using metrics::v1::MetricsService;
using ::testing::HasSubstr;

constexpr char kServer[] = BUSAN_BIN_DIR "/metrics-service";

std::unique_ptr<MetricsService::Stub> StubFor(const std::string& address) {
  return MetricsService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

std::unique_ptr<grpc::ClientContext> Deadline() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

// Starts the server on a free port; empty address when it did not start.
std::unique_ptr<ChildProcess> Start(const std::string& data_dir,
                                    std::string* address) {
  StartedService service = StartService(kServer, {"--data_dir=" + data_dir});
  *address = service.address;
  return std::move(service.process);
}

TEST(MetricsBinaryTest, UnknownFlagOrBadValueExitsTwo) {
  RunResult unknown = RunBinary(kServer, {"--no_such_flag=1"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_THAT(unknown.output, HasSubstr("unknown flag --no_such_flag"));
  RunResult bad = RunBinary(kServer, {"--address=nonsense"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("--address"));
  RunResult positional = RunBinary(kServer, {"serve"});
  EXPECT_EQ(positional.exit_code, 2) << positional.output;
}

TEST(MetricsBinaryTest, HelpExitsZero) {
  RunResult help = RunBinary(kServer, {"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_THAT(help.output, HasSubstr("--address"));
  EXPECT_THAT(help.output, HasSubstr("--data_dir"));
  EXPECT_THAT(help.output, HasSubstr("0.0.0.0:50052"));  // the default
}

// API.md "Binaries, flags, exit codes": the servers take --metrics_address
// and --auth_tokens_file besides the address, data and TLS flags.
TEST(MetricsBinaryTest, HelpListsTheServingFlags) {
  RunResult help = RunBinary(kServer, {"--help"});
  ASSERT_EQ(help.exit_code, 0) << help.output;
  for (const char* flag :
       {"--address", "--data_dir", "--tls_cert_file", "--tls_key_file",
        "--tls_client_ca_file", "--metrics_address", "--auth_tokens_file"}) {
    EXPECT_THAT(help.output, HasSubstr(flag));
  }
}

TEST(MetricsBinaryTest, LockedDataDirExitsOneAndLeavesTheOwnerRunning) {
  TempDir dir;
  std::string address;
  std::unique_ptr<ChildProcess> owner = Start(dir.Sub("db"), &address);
  ASSERT_FALSE(address.empty());
  RunResult second = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("db")});
  EXPECT_EQ(second.exit_code, 1) << second.output;
  EXPECT_THAT(second.output, HasSubstr("another server"));

  // The owner still serves.
  metrics::v1::CreateFundRequest create;
  create.set_fund_id("f");
  create.mutable_fund()->set_display_name("Fund");
  metrics::v1::Fund fund;
  EXPECT_OK(StubFor(address)->CreateFund(Deadline().get(), create, &fund));
  owner->Signal(SIGTERM);
  EXPECT_EQ(owner->Wait(absl::Seconds(30)), 0) << owner->Output();
}

TEST(MetricsBinaryTest, UnusableDataDirExitsOne) {
  TempDir dir;
  std::ofstream(dir.Sub("file")) << "not a directory";
  RunResult result = RunBinary(
      kServer, {"--address=127.0.0.1:0", "--data_dir=" + dir.Sub("file/db")});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("cannot be created"));
}

TEST(MetricsBinaryTest, SigtermExitsZeroAndKeepsWrites) {
  TempDir dir;
  std::string address;
  std::unique_ptr<ChildProcess> server = Start(dir.Sub("db"), &address);
  ASSERT_FALSE(address.empty());
  {
    auto stub = StubFor(address);
    metrics::v1::CreateFundRequest create;
    create.set_fund_id("f");
    create.mutable_fund()->set_display_name("Fund");
    create.mutable_fund()->set_target_krw(1000);
    metrics::v1::Fund fund;
    ASSERT_OK(stub->CreateFund(Deadline().get(), create, &fund));
    metrics::v1::RecordFundFlowRequest record;
    record.mutable_flow()->set_fund("funds/f");
    record.mutable_flow()->set_type(metrics::v1::FundFlow::RAISED);
    record.mutable_flow()->set_amount_krw(250);
    metrics::v1::FundFlow flow;
    ASSERT_OK(stub->RecordFundFlow(Deadline().get(), record, &flow));
  }
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(30)), 0) << server->Output();
  EXPECT_THAT(server->Output(), HasSubstr("metrics-service: stopped"));

  std::unique_ptr<ChildProcess> again = Start(dir.Sub("db"), &address);
  ASSERT_FALSE(address.empty());
  metrics::v1::GetFundTotalsRequest totals_request;
  totals_request.set_fund("funds/f");
  metrics::v1::FundTotals totals;
  ASSERT_OK(StubFor(address)->GetFundTotals(Deadline().get(), totals_request,
                                            &totals));
  EXPECT_EQ(totals.raised_krw(), 250);
  EXPECT_EQ(totals.flow_count(), 1);
  EXPECT_EQ(totals.raised_basis_points_of_target(), 2500);
  again->Signal(SIGTERM);
  EXPECT_EQ(again->Wait(absl::Seconds(30)), 0) << again->Output();
}

}  // namespace
}  // namespace busan::testing
