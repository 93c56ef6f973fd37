// LoadCatalogSeed against a real in-process catalog-service: what it
// creates, updates and leaves alone, and what it sends (recorded by a
// server interceptor).
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "busanctl/seed/seed.h"
#include "client/input_fields.h"
#include "common/uuid/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/call_recorder.h"
#include "tests/support/catalog_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::busan::client::InputFieldMask;
using ::busan::client::InputFieldsDiffer;
using ::busan::ctl::SeedSummary;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

seed::v1::Seed SampleSeed() {
  seed::v1::Seed seed;
  v1::Plan* plan = seed.add_plans();
  plan->set_name("plans/economic-growth-innovation-2025");
  plan->set_display_name("Economic growth innovation strategy");
  plan->set_declared_project_count(100);
  v1::Strategy* strategy = seed.add_strategies();
  strategy->set_name("strategies/marine");
  strategy->set_display_name("Marine");
  strategy->set_plan(plan->name());
  v1::Initiative* initiative = seed.add_initiatives();
  initiative->set_name("strategies/marine/initiatives/ports");
  initiative->set_display_name("Ports");
  for (const char* id : {"port-ax", "blue-fund"}) {
    v1::Project* project = seed.add_projects();
    project->set_name(std::string("projects/") + id);
    project->set_display_name(id);
    project->set_display_name_ko("부산 프로젝트");
    project->set_strategy(strategy->name());
    project->set_origin(v1::Project::NEW);
    project->set_budget_krw(5000000000);
    project->add_sources()->set_title("Busan Metropolitan City, 2025");
  }
  return seed;
}

// "CreatePlan economic-growth-innovation-2025", "UpdateProject
// projects/port-ax": what a write was about.
std::string Describe(const CallRecorder::Call& call) {
  for (const char* id :
       {"plan_id", "strategy_id", "initiative_id", "project_id"}) {
    if (!call.StringField(id).empty()) {
      return call.method + " " + call.StringField(id);
    }
  }
  if (const auto* update = call.As<v1::UpdateProjectRequest>()) {
    return call.method + " " + update->project().name();
  }
  return call.method;
}

class SeedLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<SeedSummary> Load(
      const seed::v1::Seed& seed,
      ctl::SeedMode mode = ctl::SeedMode::kReconcile) {
    SeedSummary summary;
    absl::Status status = LoadCatalogSeed(seed, *stub_, call_, &summary, mode);
    if (!status.ok()) return status;
    return summary;
  }

  CallRecorder recorder_;
  CatalogServer server_{{}, nullptr, &recorder_};
  std::unique_ptr<v1::CatalogService::Stub> stub_ = server_.NewStub();
  client::CallOptions call_{std::chrono::seconds(10), "seed-token"};
};

TEST_F(SeedLoaderTest, FirstRunCreatesEverythingInDependencyOrder) {
  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 5, updated 0, unchanged 0");

  std::vector<std::string> writes;
  for (const CallRecorder::Call& write : recorder_.Writes()) {
    writes.push_back(Describe(write));
    EXPECT_TRUE(uuid::IsCanonical(write.StringField("request_id")));
    EXPECT_EQ(write.authorization, "Bearer seed-token");
  }
  EXPECT_THAT(writes,
              ElementsAre("CreatePlan economic-growth-innovation-2025",
                          "CreateStrategy marine", "CreateInitiative ports",
                          "CreateProject port-ax", "CreateProject blue-fund"));
  EXPECT_FALSE(InputFieldsDiffer(server_.StoredProject("projects/port-ax"),
                                 SampleSeed().projects(0)));
}

TEST_F(SeedLoaderTest, SecondRunChangesNothing) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const size_t writes = recorder_.Writes().size();

  auto again = Load(SampleSeed());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), "seed: created 0, updated 0, unchanged 5");
  EXPECT_THAT(again->changes, ::testing::IsEmpty());
  EXPECT_EQ(recorder_.Writes().size(), writes);
}

TEST_F(SeedLoaderTest, EveryWriteCarriesItsOwnCanonicalRequestId) {
  // Fresh ids, not ids derived from the record: a derived id would make the
  // server replay an old create after the record was deleted.
  ASSERT_TRUE(Load(SampleSeed()).ok());
  std::vector<std::string> ids;
  for (const CallRecorder::Call& write : recorder_.Writes()) {
    ids.push_back(write.StringField("request_id"));
    EXPECT_TRUE(uuid::IsCanonical(ids.back())) << ids.back();
  }
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_F(SeedLoaderTest, ChangedRecordIsUpdatedWithFullMaskAndStoredEtag) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const std::string stored_etag =
      server_.StoredProject("projects/port-ax").etag();

  seed::v1::Seed changed = SampleSeed();
  changed.mutable_projects(0)->clear_budget_krw();  // Now unpublished.
  changed.mutable_projects(0)->add_tags("ax");
  auto summary = Load(changed);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 0, updated 1, unchanged 4");
  EXPECT_THAT(summary->changes, ElementsAre("updated projects/port-ax"));

  const CallRecorder::Call update = recorder_.Writes().back();
  EXPECT_EQ(Describe(update), "UpdateProject projects/port-ax");
  const auto* request = update.As<v1::UpdateProjectRequest>();
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->project().etag(), stored_etag);
  const auto full = InputFieldMask(*v1::Project::descriptor());
  EXPECT_THAT(request->update_mask().paths(),
              ::testing::ElementsAreArray(full.paths()));
  EXPECT_TRUE(uuid::IsCanonical(request->request_id()));

  const v1::Project stored = server_.StoredProject("projects/port-ax");
  EXPECT_FALSE(stored.has_budget_krw());
  EXPECT_THAT(stored.tags(), ElementsAre("ax"));
  EXPECT_FALSE(InputFieldsDiffer(stored, changed.projects(0)));

  auto settled = Load(changed);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->ToString(), "seed: created 0, updated 0, unchanged 5");
}

// The cluster's seed (--create_only): an edit city staff made through the
// API survives it, and what is missing is created; a full reconcile would
// have put the file's fields back.
TEST_F(SeedLoaderTest, CreateOnlyKeepsEditsAndCreatesWhatIsMissing) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  {
    v1::UpdateProjectRequest request;
    request.mutable_project()->set_name("projects/port-ax");
    request.mutable_project()->set_stage(v1::Project::IN_PROGRESS);
    request.mutable_update_mask()->add_paths("stage");
    grpc::ClientContext context;
    v1::Project updated;
    ASSERT_TRUE(stub_->UpdateProject(&context, request, &updated).ok());
  }
  {
    v1::DeleteProjectRequest request;
    request.set_name("projects/blue-fund");
    grpc::ClientContext context;
    google::protobuf::Empty empty;
    ASSERT_TRUE(stub_->DeleteProject(&context, request, &empty).ok());
  }
  const size_t writes = recorder_.Writes().size();

  auto summary = Load(SampleSeed(), ctl::SeedMode::kCreateOnly);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(),
            "seed: created 1, updated 0, unchanged 3, kept 1");
  EXPECT_THAT(summary->changes, ElementsAre("created projects/blue-fund"));
  ASSERT_EQ(recorder_.Writes().size(), writes + 1);
  EXPECT_EQ(Describe(recorder_.Writes().back()), "CreateProject blue-fund");
  EXPECT_EQ(server_.StoredProject("projects/port-ax").stage(),
            v1::Project::IN_PROGRESS);

  // Create-only again: still nothing to do. A reconcile undoes the edit.
  auto again = Load(SampleSeed(), ctl::SeedMode::kCreateOnly);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(),
            "seed: created 0, updated 0, unchanged 4, kept 1");
  auto reconciled = Load(SampleSeed());
  ASSERT_TRUE(reconciled.ok()) << reconciled.status();
  EXPECT_EQ(reconciled->ToString(), "seed: created 0, updated 1, unchanged 4");
  EXPECT_NE(server_.StoredProject("projects/port-ax").stage(),
            v1::Project::IN_PROGRESS);
}

// A project filed under no strategy, with two published status reports:
// each report is recorded once, in date order whatever the file's order,
// and a report edited in the file is added beside the old one.
TEST_F(SeedLoaderTest, StatusReportsAreRecordedOnceEach) {
  seed::v1::Seed seed = SampleSeed();
  v1::Project* unfiled = seed.add_projects();
  unfiled->set_name("projects/pilot-city");
  unfiled->set_display_name("Pilot city");
  unfiled->set_stage(v1::Project::IN_PROGRESS);
  for (const char* date : {"2025-12-17", "2024-10"}) {
    seed::v1::ProjectStatus* report = seed.add_project_statuses();
    report->set_project(unfiled->name());
    report->mutable_status()->set_date(date);
    report->mutable_status()->set_note(std::string("reported ") + date);
  }
  seed.mutable_project_statuses(0)->mutable_status()->set_stage(
      v1::Project::IN_PROGRESS);
  ASSERT_TRUE(ctl::ValidateSeed(seed).ok());

  auto first = Load(seed);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->ToString(), "seed: created 8, updated 0, unchanged 0");
  EXPECT_THAT(
      first->changes,
      ::testing::Contains("recorded projects/pilot-city (status of 2024-10)"));
  v1::Project stored = server_.StoredProject("projects/pilot-city");
  EXPECT_EQ(stored.strategy(), "");
  ASSERT_EQ(stored.status_updates_size(), 2);
  EXPECT_EQ(stored.status_updates(0).date(), "2024-10");
  EXPECT_EQ(stored.status_updates(1).date(), "2025-12-17");
  EXPECT_EQ(stored.stage(), v1::Project::IN_PROGRESS);
  // Filed under no strategy, it adds nothing to the plan's figures.
  catalog::v1::Plan plan;
  ASSERT_TRUE(server_.catalog()
                  .GetPlan("plans/economic-growth-innovation-2025", &plan)
                  .ok());
  EXPECT_EQ(plan.project_count(), 2);

  const size_t writes = recorder_.Writes().size();
  auto again = Load(seed);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), "seed: created 0, updated 0, unchanged 8");
  EXPECT_EQ(recorder_.Writes().size(), writes);

  seed.mutable_project_statuses(1)->mutable_status()->set_note("corrected");
  auto edited = Load(seed);
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->ToString(), "seed: created 1, updated 0, unchanged 7");
  EXPECT_EQ(server_.StoredProject("projects/pilot-city").status_updates_size(),
            3);
}

TEST_F(SeedLoaderTest, StatusReportOfAMissingProjectNamesIt) {
  seed::v1::Seed seed = SampleSeed();
  seed::v1::ProjectStatus* report = seed.add_project_statuses();
  report->set_project("projects/nowhere");
  report->mutable_status()->set_date("2025");
  auto summary = Load(seed);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(summary.status().message()),
              StartsWith("projects/nowhere (status of 2025): "));
}

TEST_F(SeedLoaderTest, FailedCallNamesTheRecordAndKeepsItsCode) {
  // The server refuses a project whose strategy does not exist.
  seed::v1::Seed seed = SampleSeed();
  seed.mutable_projects(1)->set_strategy("strategies/nowhere");
  auto summary = Load(seed);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(summary.status().message());
  EXPECT_THAT(message, StartsWith("projects/blue-fund: project.strategy"));
  EXPECT_THAT(message, HasSubstr("strategies/nowhere"));
}

TEST_F(SeedLoaderTest, UnreachableServerIsUnavailable) {
  auto stub = v1::CatalogService::NewStub(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  SeedSummary summary;
  absl::Status status = LoadCatalogSeed(SampleSeed(), *stub, call_, &summary);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("plans/economic-growth-innovation-2025: "));
}

}  // namespace
}  // namespace busan::testing
