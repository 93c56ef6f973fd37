// Acknowledged writes survive SIGKILL: concurrent clients create projects
// against the real catalog-service binary, the server is killed mid-stream,
// and on reopen every acknowledged project is there and the derived totals
// agree with the stored projects.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

using catalog::v1::CatalogService;
using catalog::v1::Project;

constexpr char kServer[] = BUSAN_BIN_DIR "/catalog-service";

// The server on a free port; null when it did not start.
std::unique_ptr<ChildProcess> StartServer(const std::string& data_dir,
                                          std::string* address) {
  StartedService service = StartService(kServer, {"--data_dir=" + data_dir});
  *address = service.address;
  if (address->empty()) return nullptr;
  return std::move(service.process);
}

void CreateParents(CatalogService::Stub& stub) {
  grpc::ClientContext plan_context;
  catalog::v1::CreatePlanRequest plan;
  plan.set_plan_id("p");
  plan.mutable_plan()->set_display_name("Plan");
  catalog::v1::Plan plan_response;
  ASSERT_OK(stub.CreatePlan(&plan_context, plan, &plan_response));
  grpc::ClientContext strategy_context;
  catalog::v1::CreateStrategyRequest strategy;
  strategy.set_strategy_id("s");
  strategy.mutable_strategy()->set_display_name("Strategy");
  strategy.mutable_strategy()->set_plan("plans/p");
  catalog::v1::Strategy strategy_response;
  ASSERT_OK(
      stub.CreateStrategy(&strategy_context, strategy, &strategy_response));
}

TEST(CrashDurabilityTest, AcknowledgedWritesSurviveSigkill) {
  TempDir dir;
  const std::string data_dir = dir.Sub("catalog");
  std::set<std::string> acknowledged;
  std::mutex mutex;
  int next_id = 0;

  for (int round = 0; round < 3; ++round) {
    std::string address;
    std::unique_ptr<ChildProcess> server = StartServer(data_dir, &address);
    ASSERT_NE(server, nullptr);
    auto stub = CatalogService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    if (round == 0) {
      CreateParents(*stub);
      if (HasFatalFailure()) return;
    }

    // Four writers create projects until the server dies under them.
    std::atomic<int> acks_this_round{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&] {
        while (true) {
          int id;
          {
            std::lock_guard<std::mutex> lock(mutex);
            id = next_id++;
          }
          catalog::v1::CreateProjectRequest request;
          request.set_project_id("p" + std::to_string(id));
          request.mutable_project()->set_display_name("Project");
          request.mutable_project()->set_strategy("strategies/s");
          request.mutable_project()->set_budget_krw(1000 + id);
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(10));
          Project response;
          if (!stub->CreateProject(&context, request, &response).ok()) return;
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(response.name());
          ++acks_this_round;
        }
      });
    }
    // Kill once a batch of writes is acknowledged, with more in flight.
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    while (acks_this_round < 150 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    server->Signal(SIGKILL);
    for (std::thread& writer : writers) writer.join();
    ASSERT_EQ(server->Wait(absl::Seconds(10)), 128 + SIGKILL);
    ASSERT_GE(acks_this_round.load(), 150) << server->Output();
  }

  // Reopen in-process: every acknowledged project is there, and the derived
  // totals match what is stored.
  catalog::CatalogOptions options;
  options.data_dir = data_dir;
  ASSERT_OK_AND_ASSIGN(auto reopened, catalog::Catalog::Open(options));
  std::set<std::string> stored;
  int64_t stored_budget = 0;
  catalog::ListQuery query;
  query.page_size = 1000;
  do {
    catalog::v1::ListProjectsResponse page;
    ASSERT_OK(reopened->ListProjects(query, &page));
    for (const Project& project : page.projects()) {
      stored.insert(project.name());
      stored_budget += project.budget_krw();
    }
    query.page_token = page.next_page_token();
  } while (!query.page_token.empty());

  for (const std::string& name : acknowledged) {
    EXPECT_TRUE(stored.count(name)) << name << " was acknowledged but lost";
  }
  catalog::v1::Strategy strategy;
  ASSERT_OK(reopened->GetStrategy("strategies/s", &strategy));
  EXPECT_EQ(strategy.project_count(), static_cast<int64_t>(stored.size()));
  EXPECT_EQ(strategy.total_budget_krw(), stored_budget);
  catalog::v1::Plan plan;
  ASSERT_OK(reopened->GetPlan("plans/p", &plan));
  EXPECT_EQ(plan.project_count(), static_cast<int64_t>(stored.size()));
  EXPECT_EQ(plan.total_budget_krw(), stored_budget);
  EXPECT_GE(acknowledged.size(), 450u);
}

}  // namespace
}  // namespace busan::testing
