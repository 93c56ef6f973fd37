// GrpcServer with health_address set: a plaintext listener that answers
// grpc.health.v1 but not the API, with the main port's statuses, including
// NOT_SERVING while in-flight calls drain.
#include <grpcpp/grpcpp.h>

#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/server/grpc_server.h"
#include "common/testing/raw_call.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::RawCall;
using ::busan::testing::RawReply;
using ::busan::testing::StatusIs;

constexpr char kCheck[] = "/grpc.health.v1.Health/Check";
constexpr char kCatalog[] = "busan.catalog.v1.CatalogService";
// HealthCheckResponse{status: SERVING} and {status: NOT_SERVING}.
const std::string kServing("\x08\x01", 2);
const std::string kNotServing("\x08\x02", 2);

// HealthCheckRequest{service: `service`} (empty: the whole server).
std::string CheckRequest(const std::string& service) {
  if (service.empty()) return "";
  return std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
}

// The health body for `service` at `address` ("" when the call failed).
std::string Health(const std::string& address, const std::string& service) {
  return RawCall(address, kCheck, CheckRequest(service)).body;
}

// GetPlan holds every call until Release(), so that a test can look at
// the server while a call is in flight.
class HeldCatalog final
    : public busan::catalog::v1::CatalogService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* context,
                                    const busan::catalog::v1::GetPlanRequest*,
                                    busan::catalog::v1::Plan*) override {
    reactor_ = context->DefaultReactor();
    started_.Notify();
    return reactor_;
  }
  void WaitUntilStarted() { started_.WaitForNotification(); }
  void Release() { reactor_->Finish(grpc::Status::OK); }

 private:
  grpc::ServerUnaryReactor* reactor_ = nullptr;
  absl::Notification started_;
};

ServerConfig Config() {
  ServerConfig config;
  config.address = "127.0.0.1:0";
  config.health_address = "127.0.0.1:0";
  config.data_dir = "unused";
  return config;
}

TEST(GrpcServerHealthTest, HealthPortMirrorsTheMainPortAndServesNothingElse) {
  HeldCatalog catalog;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<GrpcServer> server,
                       GrpcServer::Start(Config(), {{kCatalog, &catalog}}));
  const std::string health = server->health_address();
  ASSERT_THAT(health, ::testing::StartsWith("127.0.0.1:"));
  EXPECT_NE(health, "127.0.0.1:0");
  EXPECT_NE(health, server->address());

  for (const std::string& address : {server->address(), health}) {
    EXPECT_EQ(Health(address, ""), kServing) << address;
    EXPECT_EQ(Health(address, kCatalog), kServing) << address;
    EXPECT_EQ(
        RawCall(address, kCheck, CheckRequest("nope")).status.error_code(),
        grpc::StatusCode::NOT_FOUND)
        << address;
  }
  // The API is on the main port only. (Reflection, which gRPC's plugin
  // adds to every server in the process, answers on both.)
  EXPECT_EQ(RawCall(health, "/busan.catalog.v1.CatalogService/GetPlan", "")
                .status.error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST(GrpcServerHealthTest, NotServingWhileDrainingThenClosed) {
  HeldCatalog catalog;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<GrpcServer> server,
                       GrpcServer::Start(Config(), {{kCatalog, &catalog}}));
  const std::string health = server->health_address();

  RawReply held;
  std::thread caller([&] {
    held = RawCall(server->address(),
                   "/busan.catalog.v1.CatalogService/GetPlan", "");
  });
  catalog.WaitUntilStarted();
  std::thread stopper([&] { server->Shutdown(absl::Seconds(30)); });

  // Shutdown marks NOT_SERVING before it waits for the held call.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  std::string overall;
  while ((overall = Health(health, "")) != kNotServing &&
         absl::Now() < deadline) {
  }
  EXPECT_EQ(overall, kNotServing);
  EXPECT_EQ(Health(health, kCatalog), kNotServing);

  catalog.Release();
  caller.join();
  stopper.join();
  EXPECT_TRUE(held.status.ok()) << held.status.error_message();
  EXPECT_EQ(RawCall(health, kCheck, "").status.error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(GrpcServerHealthTest, UnbindableHealthAddressIsAnError) {
  busan::testing::TakenPort taken;
  ServerConfig config = Config();
  config.health_address = taken.address();
  EXPECT_THAT(
      GrpcServer::Start(config, {}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               ::testing::HasSubstr("cannot listen on " + taken.address())));
}

}  // namespace
}  // namespace busan::server
