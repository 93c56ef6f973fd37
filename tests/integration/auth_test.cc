// Bearer tokens on the real catalog and metrics APIs over loopback.
//
// The method walk below reads every method of both services from their
// descriptors and calls each one through a generic stub, so a method added
// to a .proto without a token check in its handler fails here: without a
// token it would not answer UNAUTHENTICATED.
#include "common/server/auth.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kWriteToken[] = "w-7f3a9c0e5b1d4e2f8a6c";
constexpr char kReadToken[] = "r-2b8d4f6a0c1e3a5b7d9f";
constexpr char kAdminToken[] = "a-9e1c3b5d7f0a2c4e6b8d";

// One call made through grpc::GenericStub as a bidi stream, which carries
// unary and server-streaming methods alike: one request message, then
// half-close, then read until the server finishes.
class GenericCall final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  GenericCall(grpc::GenericStub* stub, const std::string& method,
              const std::string& payload, const std::string& authorization,
              absl::Duration timeout)
      : done_(std::make_shared<std::promise<grpc::Status>>()) {
    if (!authorization.empty()) {
      context_.AddMetadata("authorization", authorization);
    }
    context_.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    grpc::Slice slice(payload);
    request_ = grpc::ByteBuffer(&slice, 1);
    stub->PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(),
                                   this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::vector<grpc::Slice> slices;
    if (response_.Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) {
        responses_.append(reinterpret_cast<const char*>(slice.begin()),
                          slice.size());
      }
    }
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    // A local reference: the waiter may destroy this object as soon as the
    // value is set.
    std::shared_ptr<std::promise<grpc::Status>> done = done_;
    done->set_value(status);
  }

  // Waits for the end of the call; every response message, concatenated,
  // lands in `*responses` when given.
  grpc::Status Await(std::string* responses = nullptr) {
    grpc::Status status = done_->get_future().get();
    if (responses != nullptr) *responses = responses_;
    return status;
  }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::string responses_;
  std::shared_ptr<std::promise<grpc::Status>> done_;
};

using server::Access;

struct Method {
  std::string path;  // "/package.Service/Method"
  Access access;
  bool server_streaming;
};

// The contract's rule, independent of the handlers: every AdminService
// method is admin; writes are Create*, Update*, Delete* and Record*;
// everything else reads.
Access AccessOf(const std::string& service, const std::string& name) {
  if (service == admin::v1::AdminService::service_full_name()) {
    return Access::kAdmin;
  }
  for (const char* prefix : {"Create", "Update", "Delete", "Record"}) {
    if (absl::StartsWith(name, prefix)) return Access::kWrite;
  }
  return Access::kRead;
}

std::vector<Method> MethodsOf(const std::string& service_full_name) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          service_full_name);
  EXPECT_NE(service, nullptr) << service_full_name;
  std::vector<Method> methods;
  if (service == nullptr) return methods;
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service->method(i);
    methods.push_back({"/" + service_full_name + "/" + method->name(),
                       AccessOf(service_full_name, method->name()),
                       method->server_streaming()});
  }
  return methods;
}

bool IsAuthError(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
         status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
}

class ServerAuthTest : public ::testing::Test {
 protected:
  ServerAuthTest()
      : authorizer_(LoadAuthorizer()),
        catalog_({}, authorizer_.get()),
        metrics_({}, authorizer_.get()) {}

  static std::unique_ptr<server::Authorizer> LoadAuthorizer() {
    absl::StatusOr<std::unique_ptr<server::Authorizer>> loaded =
        server::Authorizer::Parse(
            absl::StrCat("# integration test tokens\n", kWriteToken, "\n",
                         kReadToken, " read\n", kAdminToken, " admin\n"));
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      abort();
    }
    return std::move(*loaded);
  }

  struct Target {
    std::string service;
    std::string address;
  };
  std::vector<Target> Targets() const {
    return {
        {catalog::v1::CatalogService::service_full_name(), catalog_.address()},
        {metrics::v1::MetricsService::service_full_name(), metrics_.address()},
        {admin::v1::AdminService::service_full_name(), catalog_.address()},
        {admin::v1::AdminService::service_full_name(), metrics_.address()}};
  }

  // Calls `method` on `address` with an empty request. A server stream the
  // server accepted stays open waiting for events, so it gets a short
  // deadline; refusals come back at once either way.
  static grpc::Status Call(const std::string& address, const Method& method,
                           const std::string& authorization) {
    grpc::GenericStub stub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    GenericCall call(
        &stub, method.path, "", authorization,
        method.server_streaming ? absl::Seconds(1) : absl::Seconds(10));
    return call.Await();
  }

  std::unique_ptr<server::Authorizer> authorizer_;
  CatalogServer catalog_;
  MetricsServer metrics_;
};

TEST_F(ServerAuthTest, TheWalkCoversBothServices) {
  // Guards the walk itself: an empty descriptor lookup would make every
  // other test pass vacuously.
  size_t writes = 0, reads = 0, admins = 0, streams = 0;
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      (method.access == Access::kWrite  ? writes
       : method.access == Access::kRead ? reads
                                        : admins) += 1;
      streams += method.server_streaming;
    }
  }
  EXPECT_GE(writes, 20u);
  EXPECT_GE(reads, 20u);
  EXPECT_EQ(admins, 4u);   // CreateBackup and ListBackups on both services
  EXPECT_GE(streams, 1u);  // WatchCatalog
}

TEST_F(ServerAuthTest, EveryMethodWithoutATokenIsUnauthenticated) {
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      SCOPED_TRACE(method.path);
      EXPECT_THAT(Call(target.address, method, ""),
                  StatusIs(absl::StatusCode::kUnauthenticated,
                           HasSubstr("missing bearer token")));
    }
  }
}

TEST_F(ServerAuthTest, EveryMethodWithAnUnknownOrMalformedTokenIsRefused) {
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      SCOPED_TRACE(method.path);
      EXPECT_THAT(Call(target.address, method, "Bearer not-a-token"),
                  StatusIs(absl::StatusCode::kUnauthenticated,
                           HasSubstr("unknown bearer token")));
      EXPECT_THAT(
          Call(target.address, method, absl::StrCat("Basic ", kWriteToken)),
          StatusIs(absl::StatusCode::kUnauthenticated,
                   HasSubstr("missing bearer token")));
    }
  }
}

TEST_F(ServerAuthTest, ReadTokenReadsEverythingAndWritesNothing) {
  const std::string authorization = absl::StrCat("Bearer ", kReadToken);
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      SCOPED_TRACE(method.path);
      const grpc::Status status = Call(target.address, method, authorization);
      if (method.access == Access::kWrite) {
        EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                                     HasSubstr("read-only")));
      } else if (method.access == Access::kAdmin) {
        EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                                     HasSubstr("role admin")));
      } else {
        EXPECT_FALSE(IsAuthError(status)) << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
      }
    }
  }
}

TEST_F(ServerAuthTest, WriteTokenIsAllowedEverywhereButAdmin) {
  // Scheme spelled in lower case: it is case-insensitive.
  const std::string authorization = absl::StrCat("bearer ", kWriteToken);
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      SCOPED_TRACE(method.path);
      const grpc::Status status = Call(target.address, method, authorization);
      if (method.access == Access::kAdmin) {
        EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                                     HasSubstr("role admin")));
        continue;
      }
      EXPECT_FALSE(IsAuthError(status)) << status.error_message();
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    }
  }
}

TEST_F(ServerAuthTest, AdminTokenIsAllowedEverywhere) {
  const std::string authorization = absl::StrCat("Bearer ", kAdminToken);
  for (const Target& target : Targets()) {
    for (const Method& method : MethodsOf(target.service)) {
      SCOPED_TRACE(method.path);
      const grpc::Status status = Call(target.address, method, authorization);
      EXPECT_FALSE(IsAuthError(status)) << status.error_message();
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    }
  }
}

TEST_F(ServerAuthTest, AllowedCallsReachTheDomain) {
  auto stub = catalog_.NewStub();
  catalog::v1::CreatePlanRequest create;
  create.set_plan_id("auth-plan");
  create.mutable_plan()->set_display_name("Auth plan");
  catalog::v1::Plan created;
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kReadToken));
    EXPECT_THAT(stub->CreatePlan(&context, create, &created),
                StatusIs(absl::StatusCode::kPermissionDenied, _));
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kWriteToken));
    ASSERT_THAT(stub->CreatePlan(&context, create, &created), IsOk());
  }
  catalog::v1::GetPlanRequest get;
  get.set_name(created.name());
  catalog::v1::Plan read;
  {
    grpc::ClientContext context;
    EXPECT_THAT(stub->GetPlan(&context, get, &read),
                StatusIs(absl::StatusCode::kUnauthenticated, _));
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kReadToken));
  ASSERT_THAT(stub->GetPlan(&context, get, &read), IsOk());
  EXPECT_EQ(read.display_name(), "Auth plan");

  // The write's revision names the caller by its token's digest, never
  // the token itself.
  catalog::v1::ListRevisionsRequest history;
  history.set_name(created.name());
  catalog::v1::ListRevisionsResponse revisions;
  grpc::ClientContext list_context;
  list_context.AddMetadata("authorization",
                           absl::StrCat("Bearer ", kReadToken));
  ASSERT_THAT(stub->ListPlanRevisions(&list_context, history, &revisions),
              IsOk());
  ASSERT_EQ(revisions.revisions_size(), 1);
  EXPECT_THAT(revisions.revisions(0).principal(),
              ::testing::MatchesRegex("token:[0-9a-f]{12}"));
  EXPECT_EQ(revisions.revisions(0).method(),
            "busan.catalog.v1.CreatePlanRequest");
}

TEST_F(ServerAuthTest, ReadTokenWatchesTheCatalog) {
  auto stub = catalog_.NewStub();
  // Two writes (sequences 1 and 2), then a watch after sequence 1 replays
  // the second one: no race with the stream's start.
  for (const char* id : {"first-plan", "watched-plan"}) {
    catalog::v1::CreatePlanRequest create;
    create.set_plan_id(id);
    create.mutable_plan()->set_display_name(id);
    catalog::v1::Plan created;
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kWriteToken));
    ASSERT_THAT(stub->CreatePlan(&context, create, &created), IsOk());
  }
  catalog::v1::WatchCatalogRequest watch;
  watch.set_start_after_sequence(1);
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer not-a-token");
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    auto reader = stub->WatchCatalog(&context, watch);
    catalog::v1::ChangeEvent event;
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_THAT(reader->Finish(),
                StatusIs(absl::StatusCode::kUnauthenticated, _));
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kReadToken));
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto reader = stub->WatchCatalog(&context, watch);
  catalog::v1::ChangeEvent event;
  ASSERT_TRUE(reader->Read(&event)) << reader->Finish().error_message();
  EXPECT_EQ(event.sequence(), 2);
  EXPECT_EQ(event.name(), "plans/watched-plan");
  context.TryCancel();
  [[maybe_unused]] grpc::Status cancelled = reader->Finish();
}

TEST_F(ServerAuthTest, HealthAndReflectionNeedNoToken) {
  for (const Target& target : Targets()) {
    SCOPED_TRACE(target.service);
    grpc::GenericStub stub(grpc::CreateChannel(
        target.address, grpc::InsecureChannelCredentials()));
    // HealthCheckRequest{} asks about the whole server; the response
    // HealthCheckResponse{status: SERVING} encodes as 08 01.
    std::string response;
    GenericCall overall(&stub, "/grpc.health.v1.Health/Check", "", "",
                        absl::Seconds(10));
    ASSERT_THAT(overall.Await(&response), IsOk());
    EXPECT_EQ(response, std::string("\x08\x01", 2));
    // HealthCheckRequest{service: NAME}.
    GenericCall named(
        &stub, "/grpc.health.v1.Health/Check",
        absl::StrCat("\x0a",
                     std::string(1, static_cast<char>(target.service.size())),
                     target.service),
        "", absl::Seconds(10));
    ASSERT_THAT(named.Await(&response), IsOk());
    EXPECT_EQ(response, std::string("\x08\x01", 2));
    // ServerReflectionRequest{list_services: ""} (field 7).
    GenericCall reflection(
        &stub, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        std::string("\x3a\x00", 2), "", absl::Seconds(10));
    ASSERT_THAT(reflection.Await(&response), IsOk());
    EXPECT_THAT(response, HasSubstr(target.service));
  }
}

}  // namespace
}  // namespace busan::testing
