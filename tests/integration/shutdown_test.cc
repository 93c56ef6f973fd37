// Shutdown with a write still running when the drain period ends (its WAL
// sync held by a slow disk): the call is cancelled at the end of the period
// (UNAVAILABLE, so the client retries); the write, one atomic
// batch on the commit thread, is then stored in full or not at all, never
// in part (a project without its strategy's totals, or the reverse); and a
// retry with the same request_id applies it exactly once.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/testing/faulty_env.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;

constexpr char kRequestId[] = "6f1c2b9e-7a43-4d1e-9c55-0b8f3e2a1d77";

grpc::Status CreateProject(v1::CatalogService::Stub& stub,
                           v1::Project* project) {
  v1::CreateProjectRequest request;
  request.set_project_id("slow");
  request.set_request_id(kRequestId);
  request.mutable_project()->set_display_name("Slow");
  request.mutable_project()->set_strategy("strategies/s");
  request.mutable_project()->set_budget_krw(100);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  return stub.CreateProject(&context, request, project);
}

v1::Strategy GetStrategy(v1::CatalogService::Stub& stub) {
  v1::GetStrategyRequest request;
  request.set_name("strategies/s");
  grpc::ClientContext context;
  v1::Strategy strategy;
  EXPECT_TRUE(stub.GetStrategy(&context, request, &strategy).ok());
  return strategy;
}

void CreateParents(v1::CatalogService::Stub& stub) {
  v1::CreatePlanRequest plan;
  plan.set_plan_id("p");
  plan.mutable_plan()->set_display_name("Plan");
  grpc::ClientContext plan_context;
  v1::Plan created_plan;
  ASSERT_TRUE(stub.CreatePlan(&plan_context, plan, &created_plan).ok());
  v1::CreateStrategyRequest strategy;
  strategy.set_strategy_id("s");
  strategy.mutable_strategy()->set_display_name("Strategy");
  strategy.mutable_strategy()->set_plan("plans/p");
  grpc::ClientContext strategy_context;
  v1::Strategy created_strategy;
  ASSERT_TRUE(
      stub.CreateStrategy(&strategy_context, strategy, &created_strategy).ok());
}

TEST(ShutdownTest, ACallOutlivingTheDrainIsCancelledAndItsWriteIsWhole) {
  constexpr absl::Duration kDrain = absl::Milliseconds(300);
  constexpr absl::Duration kSyncDelay = absl::Seconds(2);
  TempDir dir;
  const std::string data_dir = dir.Sub("catalog");
  grpc::Status during;
  absl::Duration answered_after;  // from the start of the drain
  absl::Duration stop_took;
  {
    FaultyEnv disk;  // outlives the server
    CatalogServer server({{.data_dir = data_dir, .env = disk.env()}});
    auto stub = server.NewStub();
    ASSERT_NO_FATAL_FAILURE(CreateParents(*stub));

    const int delayed_before = disk.delayed_syncs();
    disk.Inject({.file_suffix = ".log", .sync_delay = kSyncDelay});
    absl::Time answered;
    std::thread caller([&] {
      v1::Project project;
      during = CreateProject(*stub, &project);
      answered = absl::Now();
    });
    // The drain starts once the write is held in its WAL sync (the test
    // carries on either way, so that the caller is joined).
    EXPECT_TRUE(WaitUntil([&] { return disk.delayed_syncs() > delayed_before; },
                          absl::Seconds(10), absl::Milliseconds(1)))
        << "the write's WAL sync did not begin within 10s";
    const absl::Time stop = absl::Now();
    server.Stop(kDrain);
    stop_took = absl::Now() - stop;
    caller.join();
    answered_after = answered - stop;
    disk.Inject({});
  }
  // Cancelled when the drain period ended, not when the write did (the
  // server then still waits for its commit thread to finish the write).
  EXPECT_EQ(during.error_code(), grpc::StatusCode::UNAVAILABLE)
      << during.error_message();
  EXPECT_LT(answered_after, kDrain + absl::Milliseconds(700));

  CatalogServer server({{.data_dir = data_dir}});
  auto stub = server.NewStub();
  // Whole or absent: the project and its strategy's totals agree.
  v1::GetProjectRequest get;
  get.set_name("projects/slow");
  grpc::ClientContext get_context;
  v1::Project stored;
  const grpc::Status found = stub->GetProject(&get_context, get, &stored);
  const v1::Strategy before_retry = GetStrategy(*stub);
  if (found.ok()) {
    EXPECT_EQ(stored.budget_krw(), 100);
    EXPECT_EQ(before_retry.project_count(), 1);
    EXPECT_EQ(before_retry.total_budget_krw(), 100);
  } else {
    EXPECT_EQ(found.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(before_retry.project_count(), 0);
    EXPECT_EQ(before_retry.total_budget_krw(), 0);
  }
  // The client was told nothing certain, so it retries: applied once.
  v1::Project retried;
  const grpc::Status retry = CreateProject(*stub, &retried);
  EXPECT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(retried.name(), "projects/slow");
  const v1::Strategy after_retry = GetStrategy(*stub);
  EXPECT_EQ(after_retry.project_count(), 1);
  EXPECT_EQ(after_retry.total_budget_krw(), 100);
  printf(
      "a write held %s in its sync, drain %s: the call was cancelled %s "
      "into the drain, the server stopped after %s; the write was %s after "
      "restart and applied once on retry\n",
      absl::FormatDuration(kSyncDelay).c_str(),
      absl::FormatDuration(kDrain).c_str(),
      absl::FormatDuration(answered_after).c_str(),
      absl::FormatDuration(stop_took).c_str(), found.ok() ? "whole" : "absent");
}

}  // namespace
}  // namespace busan::testing
