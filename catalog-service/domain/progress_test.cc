// Progress: the roll-up rule (budget-weighted when every reporting project
// has a budget, count-weighted otherwise, rounded down), kept exact through
// creates, updates, moves and deletes, and the dated status timeline that
// RecordProjectStatus keeps.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using v1::ProgressRollup;
using v1::Project;
using v1::StatusUpdate;

class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions options;
    options.data_dir = dir_.Sub("db");
    absl::StatusOr<std::unique_ptr<Catalog>> catalog = Catalog::Open(options);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
    v1::Plan plan;
    plan.set_display_name("Plan");
    ASSERT_OK(catalog_->CreatePlan("p", plan, {}));
    for (const char* id : {"s", "t"}) {
      v1::Strategy strategy;
      strategy.set_display_name(id);
      strategy.set_plan("plans/p");
      ASSERT_OK(catalog_->CreateStrategy(id, strategy, {}));
    }
  }

  absl::Status Put(const std::string& id, std::optional<int64_t> budget,
                   std::optional<int32_t> progress,
                   const std::string& strategy = "s") {
    Project project;
    project.set_display_name(id);
    project.set_strategy(absl::StrCat("strategies/", strategy));
    if (budget) project.set_budget_krw(*budget);
    if (progress) project.set_progress_basis_points(*progress);
    return catalog_->CreateProject(id, project, {}).status();
  }

  ProgressRollup StrategyProgress(const std::string& id = "s") {
    v1::Strategy strategy;
    EXPECT_OK(
        catalog_->GetStrategy(absl::StrCat("strategies/", id), &strategy));
    return strategy.progress();
  }
  ProgressRollup PlanProgress() {
    v1::Plan plan;
    EXPECT_OK(catalog_->GetPlan("plans/p", &plan));
    return plan.progress();
  }

  static StatusUpdate Report(const std::string& date, Project::Stage stage,
                             std::optional<int32_t> progress) {
    StatusUpdate status;
    status.set_date(date);
    status.set_stage(stage);
    if (progress) status.set_progress_basis_points(*progress);
    status.set_note(absl::StrCat("report of ", date));
    return status;
  }

  busan::testing::TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(ProgressTest, BudgetWeightedWhenEveryReportingProjectHasABudget) {
  ASSERT_OK(Put("a", 300, 5000));
  ASSERT_OK(Put("b", 100, 10000));
  ASSERT_OK(Put("quiet", 1000, std::nullopt));  // reports nothing: no weight
  const ProgressRollup progress = StrategyProgress();
  EXPECT_EQ(progress.weighting(), ProgressRollup::BUDGET);
  // (300 * 5000 + 100 * 10000) / 400
  EXPECT_EQ(progress.progress_basis_points(), 6250);
  EXPECT_EQ(progress.reporting_project_count(), 2);
  EXPECT_EQ(progress.reporting_budget_krw(), 400);
  EXPECT_EQ(progress.budget_weighted_sum(), 2500000);
  EXPECT_EQ(PlanProgress().progress_basis_points(), 6250);
}

TEST_F(ProgressTest, AnUnknownBudgetMakesItCountWeightedUntilItGoes) {
  ASSERT_OK(Put("a", 300, 5000));
  ASSERT_OK(Put("b", 100, 10000));
  ASSERT_OK(Put("unbudgeted", std::nullopt, 0));
  ProgressRollup progress = StrategyProgress();
  EXPECT_EQ(progress.weighting(), ProgressRollup::COUNT);
  EXPECT_EQ(progress.progress_basis_points(), 5000);  // (5000 + 10000 + 0) / 3

  ASSERT_OK(catalog_->DeleteProject("projects/unbudgeted", "", {}));
  progress = StrategyProgress();
  EXPECT_EQ(progress.weighting(), ProgressRollup::BUDGET);
  EXPECT_EQ(progress.progress_basis_points(), 6250);
}

TEST_F(ProgressTest, RoundsDownAndFollowsUpdatesAndMoves) {
  ASSERT_OK(Put("a", 1, 1));
  ASSERT_OK(Put("b", 2, 0));
  EXPECT_EQ(StrategyProgress().progress_basis_points(), 0);  // 1 / 3

  Project patch;
  patch.set_name("projects/b");
  patch.set_strategy("strategies/t");
  patch.set_budget_krw(2);
  patch.set_progress_basis_points(9000);
  google::protobuf::FieldMask mask;
  mask.add_paths("strategy");
  mask.add_paths("progress_basis_points");
  ASSERT_OK(catalog_->UpdateProject(patch, mask, {}));
  EXPECT_EQ(StrategyProgress("s").progress_basis_points(), 1);
  EXPECT_EQ(StrategyProgress("t").progress_basis_points(), 9000);
  // The plan sees both: (1 * 1 + 2 * 9000) / 3
  EXPECT_EQ(PlanProgress().progress_basis_points(), 6000);

  ASSERT_OK(catalog_->DeleteProject("projects/a", "", {}));
  ASSERT_OK(catalog_->DeleteProject("projects/b", "", {}));
  EXPECT_FALSE(StrategyProgress("s").has_progress_basis_points());
  EXPECT_EQ(StrategyProgress("s").weighting(),
            ProgressRollup::WEIGHTING_UNSPECIFIED);
  EXPECT_EQ(PlanProgress().reporting_project_count(), 0);
  EXPECT_EQ(PlanProgress().budget_weighted_sum(), 0);
}

TEST_F(ProgressTest, OverflowIsOutOfRangeAndChangesNothing) {
  ASSERT_OK(Put("a", 300, 5000));
  EXPECT_THAT(Put("huge", std::numeric_limits<int64_t>::max() / 2, 10000),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("progress")));
  Project missing;
  EXPECT_THAT(catalog_->GetProject("projects/huge", &missing),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(StrategyProgress().budget_weighted_sum(), 1500000);
}

TEST_F(ProgressTest, OutOfRangeProgressIsRefused) {
  EXPECT_THAT(Put("a", 1, 10001),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("project.progress_basis_points")));
  EXPECT_THAT(Put("a", 1, -1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("project.progress_basis_points")));
}

TEST_F(ProgressTest, StatusReportsKeepDateOrderAndTheNewestSetsTheProject) {
  ASSERT_OK(Put("a", 100, std::nullopt));
  absl::StatusOr<Project> after = catalog_->RecordProjectStatus(
      "projects/a", Report("2025-03", Project::IN_PROGRESS, 4000), "", {});
  ASSERT_OK(after.status());
  EXPECT_EQ(after->stage(), Project::IN_PROGRESS);
  EXPECT_EQ(after->progress_basis_points(), 4000);
  EXPECT_EQ(StrategyProgress().progress_basis_points(), 4000);

  // An older report joins the timeline in its place and changes nothing
  // else.
  after = catalog_->RecordProjectStatus(
      "projects/a", Report("2024-10", Project::PLANNED, 0), after->etag(), {});
  ASSERT_OK(after.status());
  EXPECT_EQ(after->stage(), Project::IN_PROGRESS);
  EXPECT_EQ(after->progress_basis_points(), 4000);
  // A newer one without a stage keeps the stage and moves the progress.
  after = catalog_->RecordProjectStatus(
      "projects/a", Report("2025-11-17", Project::STAGE_UNSPECIFIED, 7500), "",
      {});
  ASSERT_OK(after.status());
  EXPECT_EQ(after->stage(), Project::IN_PROGRESS);
  EXPECT_EQ(StrategyProgress().progress_basis_points(), 7500);

  std::vector<std::string> dates;
  for (const StatusUpdate& update : after->status_updates()) {
    dates.push_back(update.date());
    EXPECT_TRUE(update.has_record_time());
  }
  EXPECT_THAT(dates, ElementsAre("2024-10", "2025-03", "2025-11-17"));
}

TEST_F(ProgressTest, BadReportsAreRefusedAndChangeNothing) {
  ASSERT_OK(Put("a", 100, 100));
  Project before;
  ASSERT_OK(catalog_->GetProject("projects/a", &before));
  struct Case {
    StatusUpdate status;
    std::string field;
  };
  std::vector<Case> cases = {
      {Report("", Project::PLANNED, 1), "status.date"},
      {Report("2025-13", Project::PLANNED, 1), "status.date"},
      {Report("2025", Project::PLANNED, 10001), "status.progress_basis_points"},
      {Report("2025", static_cast<Project::Stage>(99), 1), "status.stage"},
  };
  cases.push_back({Report("2025", Project::PLANNED, 1), "status.note"});
  cases.back().status.set_note(std::string(2001, 'x'));
  cases.push_back({Report("2025", Project::PLANNED, 1), "status.sources"});
  cases.back().status.add_sources()->set_url("not a url");
  for (const Case& c : cases) {
    EXPECT_THAT(
        catalog_->RecordProjectStatus("projects/a", c.status, "", {}),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
  EXPECT_THAT(catalog_->RecordProjectStatus(
                  "projects/a", Report("2025", Project::PLANNED, 1), "999", {}),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(catalog_->RecordProjectStatus(
                  "projects/none", Report("2025", Project::PLANNED, 1), "", {}),
              StatusIs(absl::StatusCode::kNotFound));
  Project after;
  ASSERT_OK(catalog_->GetProject("projects/a", &after));
  EXPECT_EQ(after.etag(), before.etag());
  EXPECT_EQ(after.status_updates_size(), 0);
}

}  // namespace
}  // namespace busan::catalog
