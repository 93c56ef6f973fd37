// Revisions through the Catalog domain over a real RocksDB: one per write
// in the same commit (user writes and derived-figure moves), reads at a
// revision and at a time, paging, retention across reopen, and the errors
// of malformed names.
#include "catalog-service/domain/revisions.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::StatusIs;
using ::busan::testing::WaitUntil;
using ::google::protobuf::FieldMask;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using v1::Project;
using v1::Revision;

class RevisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open(0);
    v1::Plan plan;
    plan.set_display_name("Plan");
    ASSERT_OK(catalog_->CreatePlan("p", plan, Context("CreatePlanRequest")));
    v1::Strategy strategy;
    strategy.set_display_name("Strategy");
    strategy.set_plan("plans/p");
    ASSERT_OK(catalog_->CreateStrategy("s", strategy,
                                       Context("CreateStrategyRequest")));
  }

  void Open(uint64_t per_resource) {
    catalog_.reset();
    CatalogOptions options;
    options.data_dir = dir_.Sub("db");
    options.revisions_per_resource = per_resource;
    absl::StatusOr<std::unique_ptr<Catalog>> catalog = Catalog::Open(options);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
  }

  static WriteContext Context(const std::string& method,
                              const std::string& principal = "token:abc",
                              const std::string& request_id = "") {
    WriteContext context;
    context.method = absl::StrCat("busan.catalog.v1.", method);
    context.principal = principal;
    context.request_id = request_id;
    return context;
  }

  absl::StatusOr<Project> CreateProject(int64_t budget) {
    Project project;
    project.set_display_name("Harbour");
    project.set_strategy("strategies/s");
    project.set_budget_krw(budget);
    return catalog_->CreateProject("x", project,
                                   Context("CreateProjectRequest"));
  }

  absl::StatusOr<Project> SetBudget(
      int64_t budget, const std::string& principal = "token:abc") {
    Project patch;
    patch.set_name("projects/x");
    patch.set_budget_krw(budget);
    FieldMask mask;
    mask.add_paths("budget_krw");
    return catalog_->UpdateProject(patch, mask,
                                   Context("UpdateProjectRequest", principal));
  }

  std::vector<Revision> List(
      ResourceKind kind, const std::string& name, int page_size = 0,
      const google::protobuf::Timestamp* read_time = nullptr) {
    v1::ListRevisionsRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    if (read_time != nullptr) *request.mutable_read_time() = *read_time;
    v1::ListRevisionsResponse response;
    EXPECT_OK(catalog_->ListRevisions(kind, request, &response));
    return {response.revisions().begin(), response.revisions().end()};
  }

  static std::vector<int64_t> Budgets(const std::vector<Revision>& revisions) {
    std::vector<int64_t> budgets;
    for (const Revision& revision : revisions) {
      budgets.push_back(revision.project().budget_krw());
    }
    return budgets;
  }

  busan::testing::TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(RevisionsTest, EveryWriteKeepsARevisionWithWhoAndWhat) {
  absl::StatusOr<Project> created = CreateProject(100);
  ASSERT_OK(created.status());
  absl::StatusOr<Project> updated = SetBudget(250, "cert:auditor");
  ASSERT_OK(updated.status());
  ASSERT_OK(
      catalog_->DeleteProject("projects/x", "",
                              Context("DeleteProjectRequest", "token:abc",
                                      "123e4567-e89b-12d3-a456-426614174000")));

  const std::vector<Revision> revisions =
      List(ResourceKind::kProject, "projects/x");
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0].kind(), Revision::DELETED);
  EXPECT_EQ(revisions[1].kind(), Revision::UPDATED);
  EXPECT_EQ(revisions[2].kind(), Revision::CREATED);
  // The revision id of a user write is the etag it produced.
  EXPECT_EQ(revisions[2].revision_id(), created->etag());
  EXPECT_EQ(revisions[1].revision_id(), updated->etag());
  EXPECT_EQ(revisions[1].name(), absl::StrCat("projects/x@", updated->etag()));
  EXPECT_EQ(revisions[1].principal(), "cert:auditor");
  EXPECT_EQ(revisions[1].method(), "busan.catalog.v1.UpdateProjectRequest");
  EXPECT_EQ(revisions[0].request_id(), "123e4567-e89b-12d3-a456-426614174000");
  // The full resource after each write; a deletion keeps the last state.
  EXPECT_THAT(Budgets(revisions), ElementsAre(250, 250, 100));
  EXPECT_EQ(revisions[1].project().display_name(), "Harbour");
  EXPECT_TRUE(revisions[1].has_create_time());
}

TEST_F(RevisionsTest, DerivedFiguresKeepARevisionOfTheirOwn) {
  ASSERT_OK(CreateProject(100).status());
  ASSERT_OK(SetBudget(300).status());

  const std::vector<Revision> strategy =
      List(ResourceKind::kStrategy, "strategies/s");
  ASSERT_EQ(strategy.size(), 3u);
  EXPECT_EQ(strategy[0].kind(), Revision::DERIVED);
  EXPECT_EQ(strategy[0].method(), "busan.catalog.v1.UpdateProjectRequest");
  EXPECT_EQ(strategy[0].strategy().total_budget_krw(), 300);
  EXPECT_EQ(strategy[1].strategy().total_budget_krw(), 100);
  EXPECT_EQ(strategy[2].kind(), Revision::CREATED);
  EXPECT_EQ(strategy[2].strategy().project_count(), 0);
  const std::vector<Revision> plan = List(ResourceKind::kPlan, "plans/p");
  ASSERT_EQ(plan.size(), 4u);  // created, strategy added, project, budget
  EXPECT_EQ(plan[0].plan().total_budget_krw(), 300);
  // Same write, same revision id across the resources it moved.
  EXPECT_EQ(plan[0].revision_id(), strategy[0].revision_id());
}

TEST_F(RevisionsTest, GetAtARevisionReturnsTheResourceAsItWas) {
  absl::StatusOr<Project> created = CreateProject(100);
  ASSERT_OK(created.status());
  ASSERT_OK(SetBudget(200).status());

  Project old;
  ASSERT_OK(
      catalog_->GetProject(absl::StrCat("projects/x@", created->etag()), &old));
  EXPECT_EQ(old.budget_krw(), 100);
  EXPECT_EQ(old.etag(), created->etag());
  Project now;
  ASSERT_OK(catalog_->GetProject("projects/x", &now));
  EXPECT_EQ(now.budget_krw(), 200);

  v1::Strategy strategy;
  ASSERT_OK(catalog_->GetStrategy(
      absl::StrCat("strategies/s@", created->etag()), &strategy));
  EXPECT_EQ(strategy.total_budget_krw(), 100);
}

TEST_F(RevisionsTest, ReadTimeSelectsTheStateAtThatTime) {
  ASSERT_OK(CreateProject(100).status());
  const std::vector<Revision> created =
      List(ResourceKind::kProject, "projects/x");
  ASSERT_EQ(created.size(), 1u);
  // A read time strictly after the first write's commit time and strictly
  // before the second's: the clock is awaited (bounded) past each instant,
  // in the nanoseconds revision times are kept in.
  const int64_t created_ns =
      TimeUtil::TimestampToNanoseconds(created[0].create_time());
  int64_t between_ns = 0;
  ASSERT_TRUE(WaitUntil(
      [&] {
        between_ns = absl::ToUnixNanos(absl::Now());
        return between_ns > created_ns;
      },
      absl::Seconds(5), absl::Microseconds(100)))
      << "the clock did not pass the first write's commit time within 5s";
  const google::protobuf::Timestamp between =
      TimeUtil::NanosecondsToTimestamp(between_ns);
  ASSERT_TRUE(
      WaitUntil([&] { return absl::ToUnixNanos(absl::Now()) > between_ns; },
                absl::Seconds(5), absl::Microseconds(100)))
      << "the clock did not pass the read time within 5s";
  ASSERT_OK(SetBudget(200).status());

  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x", 0, &between)),
              ElementsAre(100));
  google::protobuf::Timestamp before_any;
  before_any.set_seconds(1);
  EXPECT_TRUE(
      List(ResourceKind::kProject, "projects/x", 0, &before_any).empty());
}

TEST_F(RevisionsTest, PagesWalkNewestToOldestAndTokensAreBound) {
  ASSERT_OK(CreateProject(1).status());
  for (int64_t budget = 2; budget <= 5; ++budget) {
    ASSERT_OK(SetBudget(budget).status());
  }
  v1::ListRevisionsRequest request;
  request.set_name("projects/x");
  request.set_page_size(2);
  std::vector<int64_t> walked;
  std::string first_token;
  for (int page = 0; page < 10; ++page) {
    v1::ListRevisionsResponse response;
    ASSERT_OK(
        catalog_->ListRevisions(ResourceKind::kProject, request, &response));
    for (const Revision& revision : response.revisions()) {
      walked.push_back(revision.project().budget_krw());
    }
    if (first_token.empty()) first_token = response.next_page_token();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(walked, ElementsAre(5, 4, 3, 2, 1));

  v1::ListRevisionsRequest other;
  other.set_name("strategies/s");
  other.set_page_token(first_token);
  v1::ListRevisionsResponse response;
  EXPECT_THAT(
      catalog_->ListRevisions(ResourceKind::kStrategy, other, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(RevisionsTest, RetentionKeepsTheNewestAcrossReopen) {
  Open(3);
  absl::StatusOr<Project> created = CreateProject(1);
  ASSERT_OK(created.status());
  for (int64_t budget = 2; budget <= 6; ++budget) {
    ASSERT_OK(SetBudget(budget).status());
  }
  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x")),
              ElementsAre(6, 5, 4));
  Project trimmed;
  EXPECT_THAT(
      catalog_->GetProject(absl::StrCat("projects/x@", created->etag()),
                           &trimmed),
      StatusIs(absl::StatusCode::kNotFound,
               HasSubstr(absl::StrCat("projects/x@", created->etag()))));

  Open(3);
  ASSERT_OK(SetBudget(7).status());
  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x")),
              ElementsAre(7, 6, 5));
  // A smaller limit trims the surplus on the next write.
  Open(1);
  ASSERT_OK(SetBudget(8).status());
  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x")),
              ElementsAre(8));
  // 0 keeps every revision from here on.
  Open(0);
  ASSERT_OK(SetBudget(9).status());
  ASSERT_OK(SetBudget(10).status());
  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x")),
              ElementsAre(10, 9, 8));
}

TEST_F(RevisionsTest, MalformedNamesAndIdsAreInvalidArgument) {
  ASSERT_OK(CreateProject(1).status());
  Project project;
  for (const char* name :
       {"projects/x@", "projects/x@abc", "projects/x@0", "projects/x@01",
        "projects/x@-1", "projects/x@1@2", "projects/@1"}) {
    EXPECT_THAT(catalog_->GetProject(name, &project),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")))
        << name;
  }
  EXPECT_THAT(catalog_->GetProject("projects/x@999999", &project),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("projects/x@999999 not found")));
  // A revision of another kind is not found under this one.
  v1::Plan plan;
  EXPECT_THAT(catalog_->GetPlan("projects/x@1", &plan),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));

  v1::ListRevisionsRequest request;
  request.set_name("plans/p");
  v1::ListRevisionsResponse response;
  EXPECT_THAT(
      catalog_->ListRevisions(ResourceKind::kProject, request, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  request.set_name("projects/x");
  request.set_page_size(-1);
  EXPECT_THAT(
      catalog_->ListRevisions(ResourceKind::kProject, request, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  request.set_page_size(0);
  request.mutable_read_time()->set_nanos(-1);
  EXPECT_THAT(
      catalog_->ListRevisions(ResourceKind::kProject, request, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("read_time")));
}

TEST_F(RevisionsTest, ARefusedWriteKeepsNoRevision) {
  ASSERT_OK(CreateProject(1).status());
  EXPECT_FALSE(SetBudget(-5).ok());
  EXPECT_THAT(Budgets(List(ResourceKind::kProject, "projects/x")),
              ElementsAre(1));
  EXPECT_EQ(List(ResourceKind::kStrategy, "strategies/s").size(), 2u);
}

}  // namespace
}  // namespace busan::catalog
