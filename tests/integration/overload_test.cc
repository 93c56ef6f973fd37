// Limits and overload over real gRPC calls: a write whose deadline passed
// while queued is not executed, writes beyond the queue bound are refused
// at once, WatchCatalog streams are bounded in number, and oversized
// messages are refused by gRPC.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/testing/status_matchers.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;

v1::CreatePlanRequest PlanRequest(const std::string& id) {
  v1::CreatePlanRequest request;
  request.set_plan_id(id);
  request.mutable_plan()->set_display_name(absl::StrCat("Plan ", id));
  return request;
}

// Holds the catalog's commit thread, so that writes queue behind it.
class CommitThreadBlocker {
 public:
  explicit CommitThreadBlocker(catalog::Catalog& catalog) : catalog_(catalog) {
    catalog.writer().Submit(
        [this] {
          started_.Notify();
          release_.WaitForNotification();
          return absl::OkStatus();
        },
        [](absl::Status) {});
    started_.WaitForNotification();
  }
  ~CommitThreadBlocker() { Release(); }
  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
  }
  // Returns once every write queued before this call has been applied.
  void WaitForQueuedWrites() {
    absl::Notification done;
    catalog_.writer().Submit([] { return absl::OkStatus(); },
                             [&done](absl::Status) { done.Notify(); });
    done.WaitForNotification();
  }

 private:
  catalog::Catalog& catalog_;
  absl::Notification started_, release_;
};

grpc::Status GetPlan(v1::CatalogService::Stub& stub, const std::string& name) {
  grpc::ClientContext context;
  v1::GetPlanRequest request;
  request.set_name(name);
  v1::Plan plan;
  return stub.GetPlan(&context, request, &plan);
}

TEST(OverloadTest, AWriteWhoseDeadlinePassedWhileQueuedIsNotExecuted) {
  CatalogServer server;
  auto stub = server.NewStub();
  CommitThreadBlocker blocker(server.catalog());

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(200));
  v1::Plan plan;
  grpc::Status status =
      stub->CreatePlan(&context, PlanRequest("too-late"), &plan);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline comes from the rounded grpc-timeout
  // header and may end a little after the client's.
  absl::SleepFor(absl::Milliseconds(300));

  blocker.Release();
  blocker.WaitForQueuedWrites();
  EXPECT_EQ(GetPlan(*stub, "plans/too-late").error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "a write the caller gave up on was executed";
  // The next call goes through.
  grpc::ClientContext next;
  EXPECT_TRUE(stub->CreatePlan(&next, PlanRequest("in-time"), &plan).ok());
}

TEST(OverloadTest, WritesBeyondTheQueueBoundAreRefusedAtOnce) {
  catalog::CatalogOptions options;
  options.writer.max_queued_writes = 4;
  CatalogServer server(options);
  auto stub = server.NewStub();
  CommitThreadBlocker blocker(server.catalog());

  constexpr int kCalls = 10;
  struct Call {
    grpc::ClientContext context;
    v1::CreatePlanRequest request;
    v1::Plan response;
    grpc::Status status;
  };
  std::vector<std::unique_ptr<Call>> calls;
  std::atomic<int> finished{0};
  absl::Mutex mutex;
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::make_unique<Call>());
    Call* call = calls.back().get();
    call->request = PlanRequest(absl::StrCat("p", i));
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(30));
    stub->async()->CreatePlan(&call->context, &call->request, &call->response,
                              [call, &finished](grpc::Status status) {
                                call->status = std::move(status);
                                finished.fetch_add(1);
                              });
  }
  // The excess is answered while the commit thread is still held: the
  // refusal does not wait for the queue.
  const absl::Time limit = absl::Now() + absl::Seconds(20);
  WaitUntil([&] { return finished.load() >= kCalls - 4; }, limit - absl::Now(),
            absl::Milliseconds(5));
  ASSERT_EQ(finished.load(), kCalls - 4);
  int refused = 0;
  for (const auto& call : calls) {
    if (call->status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refused;
    }
  }
  EXPECT_EQ(refused, kCalls - 4);

  blocker.Release();
  WaitUntil([&] { return finished.load() >= kCalls; }, limit - absl::Now(),
            absl::Milliseconds(5));
  ASSERT_EQ(finished.load(), kCalls);
  int created = 0;
  for (int i = 0; i < kCalls; ++i) {
    const bool ok = calls[i]->status.ok();
    created += ok;
    // A refused write left nothing behind; an admitted one is there.
    EXPECT_EQ(GetPlan(*stub, absl::StrCat("plans/p", i)).ok(), ok) << i;
  }
  EXPECT_EQ(created, 4);
}

TEST(OverloadTest, WatchStreamsAreBoundedInNumber) {
  catalog::CatalogOptions options;
  options.max_watch_streams = 2;
  CatalogServer server(options);
  auto stub = server.NewStub();

  struct Watch {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> reader;
  };
  std::vector<std::unique_ptr<Watch>> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(std::make_unique<Watch>());
    open.back()->reader =
        stub->WatchCatalog(&open.back()->context, v1::WatchCatalogRequest());
  }
  WaitUntil(
      [&] { return server.catalog().watch_hub().subscriber_count() >= 2; },
      absl::Seconds(20), absl::Milliseconds(5));
  ASSERT_EQ(server.catalog().watch_hub().subscriber_count(), 2u);

  grpc::ClientContext context;
  auto third = stub->WatchCatalog(&context, v1::WatchCatalogRequest());
  v1::ChangeEvent event;
  EXPECT_FALSE(third->Read(&event));
  grpc::Status status = third->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(status.error_message().find("WatchCatalog"), std::string::npos)
      << status.error_message();

  for (auto& watch : open) watch->context.TryCancel();
  for (auto& watch : open) watch->reader->Finish().IgnoreError();
  server.Stop();
}

TEST(OverloadTest, OversizedMessagesAreRefusedAndChangeNothing) {
  CatalogServer server;
  auto stub = server.NewStub();
  v1::CreatePlanRequest request = PlanRequest("huge");
  request.mutable_plan()->set_description(std::string(5 << 20, 'x'));
  grpc::ClientContext context;
  v1::Plan plan;
  grpc::Status status = stub->CreatePlan(&context, request, &plan);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(GetPlan(*stub, "plans/huge").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace busan::testing
