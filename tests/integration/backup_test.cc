// busan.admin.v1.AdminService on real in-process servers: backups taken
// while writers keep going restore to a store whose derived figures agree
// with its records (strategy and plan totals with their projects, fund
// totals with their flows) and that holds every write acknowledged before
// the backup began.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/store/backups.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics-service/domain/metrics.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

namespace av1 = ::busan::admin::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Property;

std::unique_ptr<grpc::ClientContext> Deadline(int seconds = 60) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

// Names of acknowledged writes, in the order their acknowledgements
// arrived, from several writer threads.
class Acknowledged {
 public:
  void Add(std::string name) {
    absl::MutexLock lock(&mutex_);
    names_.push_back(std::move(name));
  }
  // A copy of what has been acknowledged so far.
  std::vector<std::string> Now() const {
    absl::MutexLock lock(&mutex_);
    return names_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::vector<std::string> names_;
};

// Runs `write(thread, i)` for i = 0, 1, ... on `threads` threads until
// stopped; each write returns the name it created, or "" when it failed.
class Writers {
 public:
  template <typename Write>
  Writers(int threads, Write write) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, t, write] {
        for (int i = 0; !stop_; ++i) {
          std::string name = write(t, i);
          if (name.empty()) {
            ++failures_;
          } else {
            acknowledged_.Add(std::move(name));
          }
        }
      });
    }
  }
  ~Writers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  const Acknowledged& acknowledged() const { return acknowledged_; }
  int failures() const { return failures_; }
  // Whether at least `count` writes were acknowledged within `timeout`.
  bool AwaitAtLeast(size_t count,
                    absl::Duration timeout = absl::Seconds(60)) const {
    return WaitUntil([&] { return acknowledged_.Now().size() >= count; },
                     timeout, absl::Milliseconds(5));
  }

 private:
  Acknowledged acknowledged_;
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::vector<std::thread> threads_;
};

// Takes a backup while the writers run: returns it and, in
// `*acknowledged_before`, what was acknowledged before it was asked for.
av1::Backup BackupDuringWrites(av1::AdminService::Stub& admin,
                               const Writers& writers,
                               std::vector<std::string>* acknowledged_before) {
  *acknowledged_before = writers.acknowledged().Now();
  av1::Backup backup;
  const grpc::Status status = admin.CreateBackup(Deadline().get(), {}, &backup);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return backup;
}

// Walks every page of `list(query, &page)` and calls `visit(item)` on each
// item of `items(page)`.
template <typename Page, typename List, typename Items, typename Visit>
void ForEachListed(listing::ListQuery query, List list, Items items,
                   Visit visit) {
  query.page_size = 1000;
  do {
    Page page;
    ASSERT_OK(list(query, &page));
    for (const auto& item : items(page)) visit(item);
    query.page_token = page.next_page_token();
  } while (!query.page_token.empty());
}

constexpr int kWriterThreads = 8;

TEST(BackupTest, CatalogBackupUnderConcurrentWritesKeepsTotalsExact) {
  CatalogServer server;
  auto stub = server.NewStub();
  auto admin = server.NewAdminStub();
  {
    catalog::v1::CreatePlanRequest plan;
    plan.set_plan_id("p");
    plan.mutable_plan()->set_display_name("Plan");
    catalog::v1::Plan created_plan;
    ASSERT_TRUE(stub->CreatePlan(Deadline().get(), plan, &created_plan).ok());
    catalog::v1::CreateStrategyRequest strategy;
    strategy.set_strategy_id("s");
    strategy.mutable_strategy()->set_plan("plans/p");
    strategy.mutable_strategy()->set_display_name("Strategy");
    catalog::v1::Strategy created;
    ASSERT_TRUE(
        stub->CreateStrategy(Deadline().get(), strategy, &created).ok());
  }

  std::vector<av1::Backup> backups;
  std::vector<std::vector<std::string>> before(2);
  {
    Writers writers(kWriterThreads, [&](int thread, int i) -> std::string {
      catalog::v1::CreateProjectRequest request;
      request.set_project_id(absl::StrCat("t", thread, "-", i));
      request.set_request_id(NewRequestId());
      catalog::v1::Project* project = request.mutable_project();
      project->set_display_name(request.project_id());
      project->set_strategy("strategies/s");
      project->set_origin(catalog::v1::Project::NEW);
      // Distinct amounts, so a lost or doubled project shows in the sum.
      project->set_budget_krw(1'000'000 + thread * 1'000 + i);
      catalog::v1::Project created;
      return stub->CreateProject(Deadline().get(), request, &created).ok()
                 ? created.name()
                 : "";
    });
    ASSERT_TRUE(writers.AwaitAtLeast(50))
        << "50 acknowledged writes before the first backup; "
        << writers.failures() << " writes failed";
    backups.push_back(BackupDuringWrites(*admin, writers, &before[0]));
    ASSERT_TRUE(writers.AwaitAtLeast(before[0].size() + 50))
        << "50 more acknowledged writes before the second backup; "
        << writers.failures() << " writes failed";
    backups.push_back(BackupDuringWrites(*admin, writers, &before[1]));
    writers.Stop();
    EXPECT_EQ(writers.failures(), 0);
  }
  ASSERT_EQ(backups.size(), 2u);
  EXPECT_EQ(backups[0].name(), "backups/1");
  EXPECT_EQ(backups[1].name(), "backups/2");
  EXPECT_GT(backups[1].size_bytes(), 0u);

  av1::ListBackupsResponse listed;
  ASSERT_TRUE(admin->ListBackups(Deadline().get(), {}, &listed).ok());
  EXPECT_THAT(listed.backups(),
              ElementsAre(Property(&av1::Backup::backup_id, 1u),
                          Property(&av1::Backup::backup_id, 2u)));

  for (size_t b = 0; b < backups.size(); ++b) {
    SCOPED_TRACE(backups[b].name());
    TempDir restore_dir;
    const std::string data_dir = restore_dir.Sub("restored");
    ASSERT_OK(store::RestoreBackup(server.backup_dir(), backups[b].backup_id(),
                                   data_dir));
    ASSERT_OK_AND_ASSIGN(auto restored,
                         catalog::Catalog::Open({{.data_dir = data_dir}}));
    int64_t count = 0, budget = 0;
    std::set<std::string> names;
    ForEachListed<catalog::v1::ListProjectsResponse>(
        {},
        [&](const listing::ListQuery& query, auto* page) {
          return restored->ListProjects(query, page);
        },
        [](const auto& page) -> const auto& { return page.projects(); },
        [&](const catalog::v1::Project& project) {
          ++count;
          budget += project.budget_krw();
          names.insert(project.name());
        });
    for (const std::string& name : before[b]) {
      ASSERT_TRUE(names.count(name)) << name << " was acknowledged before "
                                     << "the backup began but is missing";
    }
    catalog::v1::Strategy strategy;
    ASSERT_OK(restored->GetStrategy("strategies/s", &strategy));
    EXPECT_EQ(strategy.project_count(), count);
    EXPECT_EQ(strategy.total_budget_krw(), budget);
    EXPECT_EQ(strategy.origin_counts().new_count(), count);
    catalog::v1::Plan plan;
    ASSERT_OK(restored->GetPlan("plans/p", &plan));
    EXPECT_EQ(plan.project_count(), count);
    EXPECT_EQ(plan.total_budget_krw(), budget);
  }
}

TEST(BackupTest, MetricsBackupUnderConcurrentWritesKeepsCountersExact) {
  MetricsServer server;
  auto stub = server.NewStub();
  auto admin = server.NewAdminStub();
  {
    metrics::v1::CreateFundRequest fund;
    fund.set_fund_id("f");
    fund.mutable_fund()->set_display_name("Fund");
    metrics::v1::Fund created;
    ASSERT_TRUE(stub->CreateFund(Deadline().get(), fund, &created).ok());
  }
  std::vector<std::string> before;
  av1::Backup backup;
  {
    Writers writers(kWriterThreads, [&](int thread, int i) -> std::string {
      metrics::v1::RecordFundFlowRequest request;
      request.set_request_id(NewRequestId());
      request.mutable_flow()->set_fund("funds/f");
      request.mutable_flow()->set_type(metrics::v1::FundFlow::RAISED);
      request.mutable_flow()->set_amount_krw(1'000'000 + thread * 1'000 + i);
      metrics::v1::FundFlow recorded;
      return stub->RecordFundFlow(Deadline().get(), request, &recorded).ok()
                 ? recorded.name()
                 : "";
    });
    ASSERT_TRUE(writers.AwaitAtLeast(100))
        << "100 acknowledged writes before the backup; " << writers.failures()
        << " writes failed";
    backup = BackupDuringWrites(*admin, writers, &before);
    writers.Stop();
    EXPECT_EQ(writers.failures(), 0);
  }

  TempDir restore_dir;
  const std::string data_dir = restore_dir.Sub("restored");
  ASSERT_OK(
      store::RestoreBackup(server.backup_dir(), backup.backup_id(), data_dir));
  ASSERT_OK_AND_ASSIGN(auto restored,
                       metrics::Metrics::Open({.data_dir = data_dir}));
  int64_t count = 0, raised = 0;
  std::set<std::string> names;
  listing::ListQuery flows_of_f;
  flows_of_f.parent = "funds/f";
  ForEachListed<metrics::v1::ListFundFlowsResponse>(
      flows_of_f,
      [&](const listing::ListQuery& query, auto* page) {
        return restored->ListFundFlows(query, page);
      },
      [](const auto& page) -> const auto& { return page.flows(); },
      [&](const metrics::v1::FundFlow& flow) {
        ++count;
        raised += flow.amount_krw();
        names.insert(flow.name());
      });
  for (const std::string& name : before) {
    ASSERT_TRUE(names.count(name)) << name << " is missing";
  }
  metrics::v1::FundTotals totals;
  ASSERT_OK(restored->GetFundTotals("funds/f", &totals));
  EXPECT_EQ(totals.flow_count(), count);
  EXPECT_EQ(totals.raised_krw(), raised);
  EXPECT_GE(count, static_cast<int64_t>(before.size()));
}

// For AdminApi's on_backup_start: holds the first backup at its start (in
// progress, before anything is copied) until released; later backups pass.
class FirstBackupGate {
 public:
  std::function<void()> Hook() {
    return [this] {
      if (seen_.exchange(true)) return;
      started_.Notify();
      // Bounded, so that a test that never releases fails instead of hanging.
      release_.WaitForNotificationWithTimeout(absl::Minutes(1));
    };
  }
  bool AwaitStarted(absl::Duration timeout) {
    return started_.WaitForNotificationWithTimeout(timeout);
  }
  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
  }

 private:
  std::atomic<bool> seen_{false};
  absl::Notification started_;
  absl::Notification release_;
};

// A catalog store served by an AdminApi alone, for the tests that set the
// admin service's own options: no backup directory, or the first backup
// held at its start. Start() asserts, so call it under
// ASSERT_NO_FATAL_FAILURE.
class AdminOnlyServer {
 public:
  ~AdminOnlyServer() {
    // However a test ends, a held backup goes on and ends before the
    // service and the server go.
    gate_.Release();
    if (held_.valid()) held_.wait();
    if (grpc_server_ != nullptr) grpc_server_->Shutdown(absl::Seconds(5));
  }
  // `backup_dir`: a folder under the temp dir, or "" for none.
  void Start(const std::string& backup_dir) {
    ASSERT_OK_AND_ASSIGN(catalog_,
                         catalog::Catalog::Open({{.data_dir = dir_.Sub("c")}}));
    admin_ = std::make_unique<server::AdminApi>(
        &catalog_->database(), backup_dir.empty() ? "" : dir_.Sub(backup_dir),
        0, nullptr, nullptr, gate_.Hook());
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.data_dir = dir_.Sub("c");
    ASSERT_OK_AND_ASSIGN(
        grpc_server_,
        server::GrpcServer::Start(
            config, {{"busan.admin.v1.AdminService", admin_.get()}}));
    stub_ = av1::AdminService::NewStub(grpc::CreateChannel(
        grpc_server_->address(), grpc::InsecureChannelCredentials()));
  }
  av1::AdminService::Stub& stub() { return *stub_; }
  server::AdminApi& admin() { return *admin_; }

  // Calls CreateBackup, the first of this server's, and returns once the
  // service holds it at its start (in progress, nothing copied yet).
  void StartHeldBackup() {
    held_ = std::async(std::launch::async, [this] {
      return stub_->CreateBackup(Deadline().get(), {}, &held_backup_);
    });
    ASSERT_TRUE(gate_.AwaitStarted(absl::Seconds(30)))
        << "the backup did not start within 30s";
  }
  // Lets the held backup go on; its call's status and answer.
  grpc::Status ReleaseHeldBackup(av1::Backup* backup) {
    gate_.Release();
    const grpc::Status status = held_.get();
    *backup = held_backup_;
    return status;
  }

 private:
  FirstBackupGate gate_;  // outlives the service that calls its hook
  TempDir dir_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<server::AdminApi> admin_;
  std::unique_ptr<server::GrpcServer> grpc_server_;
  std::unique_ptr<av1::AdminService::Stub> stub_;
  av1::Backup held_backup_;
  std::future<grpc::Status> held_;
};

TEST(BackupTest, OneBackupAtATime) {
  AdminOnlyServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start("backups"));
  av1::AdminService::Stub* stub = &server.stub();
  ASSERT_NO_FATAL_FAILURE(server.StartHeldBackup());

  // While the first is in progress, a second is refused at once, with
  // ABORTED (admin.proto), and takes nothing.
  av1::Backup second_backup;
  const grpc::Status second =
      stub->CreateBackup(Deadline(10).get(), {}, &second_backup);
  EXPECT_EQ(second.error_code(), grpc::StatusCode::ABORTED)
      << second.error_message();
  EXPECT_THAT(second.error_message(), HasSubstr("another backup"));
  av1::ListBackupsResponse listed;
  ASSERT_TRUE(stub->ListBackups(Deadline().get(), {}, &listed).ok());
  EXPECT_EQ(listed.backups_size(), 0);

  // Let go, the first completes.
  av1::Backup first_backup;
  const grpc::Status first = server.ReleaseHeldBackup(&first_backup);
  EXPECT_TRUE(first.ok()) << first.error_message();
  EXPECT_EQ(first_backup.name(), "backups/1");

  // Once it has finished, the next starts normally.
  av1::Backup third_backup;
  const grpc::Status third =
      stub->CreateBackup(Deadline().get(), {}, &third_backup);
  EXPECT_TRUE(third.ok()) << third.error_message();
  EXPECT_EQ(third_backup.name(), "backups/2");
}

// What a shutdown does (service_main): a backup accepted before the stop
// ends UNAVAILABLE and keeps nothing, and no later backup starts. (That a
// stop ends a copy midway is store_test's, on a slow disk.)
TEST(BackupTest, StoppedBackupsEndTheOneInProgressAndRefuseTheNext) {
  AdminOnlyServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start("backups"));
  av1::AdminService::Stub* stub = &server.stub();
  ASSERT_NO_FATAL_FAILURE(server.StartHeldBackup());

  server.admin().StopBackups();
  av1::Backup first_backup;
  const grpc::Status first = server.ReleaseHeldBackup(&first_backup);
  EXPECT_EQ(first.error_code(), grpc::StatusCode::UNAVAILABLE)
      << first.error_message();
  EXPECT_THAT(first.error_message(), HasSubstr("backup stopped"));

  av1::Backup later_backup;
  const grpc::Status later =
      stub->CreateBackup(Deadline().get(), {}, &later_backup);
  EXPECT_EQ(later.error_code(), grpc::StatusCode::UNAVAILABLE)
      << later.error_message();
  av1::ListBackupsResponse listed;
  ASSERT_TRUE(stub->ListBackups(Deadline().get(), {}, &listed).ok());
  EXPECT_EQ(listed.backups_size(), 0);
}

TEST(BackupTest, WithoutABackupDirectoryBackupsAreRefused) {
  AdminOnlyServer server;
  ASSERT_NO_FATAL_FAILURE(server.Start(""));
  av1::AdminService::Stub* stub = &server.stub();
  av1::Backup backup;
  grpc::Status status = stub->CreateBackup(Deadline().get(), {}, &backup);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("--backup_dir"));
  av1::ListBackupsResponse listed;
  status = stub->ListBackups(Deadline().get(), {}, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace busan::testing
