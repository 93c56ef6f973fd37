// LoadCatalogSeed against an in-process fake CatalogService: what it creates,
// updates and leaves alone, and what it sends.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <set>
#include <string>
#include <vector>

#include "busanctl/fake_catalog_service.h"
#include "busanctl/request_id.h"
#include "busanctl/resource_fields.h"
#include "busanctl/seed.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

class SeedLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<SeedSummary> Load(const seed::v1::Seed& seed) {
    SeedSummary summary;
    absl::Status status = LoadCatalogSeed(seed, *stub_, call_, &summary);
    if (!status.ok()) return status;
    return summary;
  }

  FakeCatalogService fake_;
  std::unique_ptr<CatalogStub> stub_ = catalog::v1::CatalogService::NewStub(
      grpc::CreateChannel(fake_.address(), grpc::InsecureChannelCredentials()));
  CallOptions call_{std::chrono::seconds(10), "seed-token"};
};

TEST_F(SeedLoaderTest, FirstRunCreatesEverythingInDependencyOrder) {
  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 5, updated 0, unchanged 0");

  std::vector<std::string> methods;
  for (const auto& write : fake_.writes()) {
    methods.push_back(write.method + " " + write.name);
    EXPECT_TRUE(IsCanonicalUuid(write.request_id)) << write.request_id;
    EXPECT_EQ(write.authorization, "Bearer seed-token");
  }
  EXPECT_THAT(
      methods,
      ElementsAre("CreatePlan plans/economic-growth-innovation-2025",
                  "CreateStrategy strategies/marine",
                  "CreateInitiative strategies/marine/initiatives/ports",
                  "CreateProject projects/port-ax",
                  "CreateProject projects/blue-fund"));
  EXPECT_FALSE(InputFieldsDiffer(fake_.projects().at("projects/port-ax"),
                                 SampleSeed().projects(0)));
}

TEST_F(SeedLoaderTest, SecondRunChangesNothing) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const size_t writes = fake_.writes().size();

  auto again = Load(SampleSeed());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), "seed: created 0, updated 0, unchanged 5");
  EXPECT_THAT(again->changes, ::testing::IsEmpty());
  EXPECT_EQ(fake_.writes().size(), writes);
}

TEST_F(SeedLoaderTest, EveryWriteCarriesItsOwnCanonicalRequestId) {
  // Fresh ids, not ids derived from the record: a derived id would make the
  // server replay an old create after the record was deleted.
  ASSERT_TRUE(Load(SampleSeed()).ok());
  std::vector<std::string> ids;
  for (const auto& write : fake_.writes()) {
    EXPECT_TRUE(IsCanonicalUuid(write.request_id)) << write.request_id;
    ids.push_back(write.request_id);
  }
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_F(SeedLoaderTest, ChangedRecordIsUpdatedWithFullMaskAndStoredEtag) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const std::string stored_etag =
      fake_.projects().at("projects/port-ax").etag();

  seed::v1::Seed changed = SampleSeed();
  changed.mutable_projects(0)->clear_budget_krw();  // Now unpublished.
  changed.mutable_projects(0)->add_tags("ax");
  auto summary = Load(changed);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 0, updated 1, unchanged 4");
  EXPECT_THAT(summary->changes, ElementsAre("updated projects/port-ax"));

  const FakeCatalogService::Write update = fake_.writes().back();
  EXPECT_EQ(update.method, "UpdateProject");
  EXPECT_EQ(update.etag, stored_etag);
  const auto full = InputFieldMask(*v1::Project::descriptor());
  EXPECT_EQ(update.mask,
            std::vector<std::string>(full.paths().begin(), full.paths().end()));
  EXPECT_TRUE(IsCanonicalUuid(update.request_id));

  const v1::Project stored = fake_.projects().at("projects/port-ax");
  EXPECT_FALSE(stored.has_budget_krw());
  EXPECT_THAT(stored.tags(), ElementsAre("ax"));
  EXPECT_FALSE(InputFieldsDiffer(stored, changed.projects(0)));

  auto settled = Load(changed);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->ToString(), "seed: created 0, updated 0, unchanged 5");
}

TEST_F(SeedLoaderTest, FailedCallNamesTheRecordAndKeepsItsCode) {
  fake_.FailWritesTo("projects/blue-fund",
                     grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                  "project.strategy: does not exist"));
  auto summary = Load(SampleSeed());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(summary.status().message(),
            "projects/blue-fund: project.strategy: does not exist");
}

TEST_F(SeedLoaderTest, UnreachableServerIsUnavailable) {
  auto stub = catalog::v1::CatalogService::NewStub(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  SeedSummary summary;
  absl::Status status = LoadCatalogSeed(SampleSeed(), *stub, call_, &summary);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("plans/economic-growth-innovation-2025: "));
}

}  // namespace
}  // namespace busan::ctl
