// Tests of the parts of the seed loader that need no server: request ids,
// masks, the input-field comparison and reading seed files.
#include "busanctl/seed/seed.h"

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "client/input_fields.h"
#include "common/testing/temp_dir.h"
#include "common/uuid/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::busan::testing::WriteTestFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::Project SampleProject() {
  v1::Project p;
  p.set_name("projects/marine-port-ax");
  p.set_display_name("Marine port AX centre");
  p.set_display_name_ko("해양 항만 AX 센터");
  p.set_strategy("strategies/marine-future-tech");
  p.set_origin(v1::Project::NEW);
  p.set_budget_krw(120000000000);
  p.add_tags("ai");
  p.add_sources()->set_title("Busan growth strategy 2025");
  return p;
}

TEST(InputFieldMaskTest, ProjectMaskNamesEveryInputField) {
  const auto mask = InputFieldMask(*v1::Project::descriptor());
  EXPECT_THAT(
      mask.paths(),
      ElementsAre("display_name", "display_name_ko", "description", "strategy",
                  "initiative", "origin", "stage", "budget_krw", "start_year",
                  "end_year", "tags", "location", "lead_agency",
                  "national_alignment", "sources", "progress_basis_points"));
}

TEST(InputFieldMaskTest, LeavesOutDerivedFigures) {
  const auto mask = InputFieldMask(*v1::Strategy::descriptor());
  EXPECT_THAT(mask.paths(),
              ElementsAre("display_name", "display_name_ko", "description",
                          "plan", "ordinal", "declared_project_count",
                          "declared_budget_krw", "sources"));
  const auto plan = InputFieldMask(*v1::Plan::descriptor());
  EXPECT_THAT(
      plan.paths(),
      ElementsAre("display_name", "display_name_ko", "description", "published",
                  "declared_strategy_count", "declared_initiative_count",
                  "declared_project_count", "declared_budget_krw",
                  "declared_origin_counts", "sources"));
}

TEST(InputFieldsDifferTest, IgnoresOutputOnlyFields) {
  const v1::Project seed = SampleProject();
  v1::Project stored = seed;
  stored.set_etag("42");
  stored.mutable_create_time()->set_seconds(1700000000);
  stored.mutable_update_time()->set_seconds(1700000001);
  EXPECT_FALSE(InputFieldsDiffer(stored, seed));

  v1::Strategy strategy;
  strategy.set_name("strategies/s");
  v1::Strategy stored_strategy = strategy;
  stored_strategy.set_project_count(3);
  stored_strategy.set_total_budget_krw(1000);
  stored_strategy.mutable_origin_counts()->set_new_count(3);
  EXPECT_FALSE(InputFieldsDiffer(stored_strategy, strategy));
}

TEST(InputFieldsDifferTest, SeesEveryInputChange) {
  const v1::Project seed = SampleProject();

  v1::Project stored = seed;
  stored.set_display_name_ko("해양 항만");
  EXPECT_TRUE(InputFieldsDiffer(stored, seed));

  stored = seed;
  stored.clear_budget_krw();  // Unknown is not the same as a figure.
  EXPECT_TRUE(InputFieldsDiffer(stored, seed));

  stored = seed;
  stored.set_budget_krw(0);
  EXPECT_TRUE(InputFieldsDiffer(stored, seed));

  stored = seed;
  stored.add_tags("extra");
  EXPECT_TRUE(InputFieldsDiffer(stored, seed));

  stored = seed;
  stored.mutable_sources(0)->set_url("https://www.busan.go.kr/");
  EXPECT_TRUE(InputFieldsDiffer(stored, seed));
}

TEST(ClearOutputOnlyFieldsTest, KeepsInputFields) {
  v1::Plan plan;
  plan.set_name("plans/p");
  plan.set_declared_project_count(120);
  plan.set_project_count(7);
  plan.set_etag("e");
  resource::ClearOutputOnlyFields(&plan);
  EXPECT_EQ(plan.name(), "plans/p");
  EXPECT_EQ(plan.declared_project_count(), 120);
  EXPECT_EQ(plan.project_count(), 0);
  EXPECT_EQ(plan.etag(), "");
}

TEST(SeedSummaryTest, PrintsTheSummaryLine) {
  SeedSummary summary;
  summary.created = 3;
  summary.unchanged = 10;
  EXPECT_EQ(summary.ToString(), "seed: created 3, updated 0, unchanged 10");
}

TEST(ReadSeedFileTest, ParsesTextFormat) {
  const std::string path = WriteTestFile("ok.txtpb", R"pb(
    plans { name: "plans/economic-growth-innovation-2025" display_name: "G" }
    projects {
      name: "projects/a"
      display_name_ko: "부산"
      strategy: "strategies/s"
      origin: UPGRADED
      budget_krw: 0
    }
  )pb");
  auto seed = ReadSeedFile(path);
  ASSERT_TRUE(seed.ok()) << seed.status();
  ASSERT_EQ(seed->plans_size(), 1);
  ASSERT_EQ(seed->projects_size(), 1);
  EXPECT_EQ(seed->projects(0).origin(), v1::Project::UPGRADED);
  EXPECT_TRUE(seed->projects(0).has_budget_krw());
  EXPECT_TRUE(ValidateSeed(*seed).ok());
}

TEST(ReadSeedFileTest, ParseErrorNamesFileLineAndColumn) {
  const std::string path = WriteTestFile("typo.txtpb",
                                         "plans {\n"
                                         "  name: \"plans/p\"\n"
                                         "  display_nam: \"x\"\n"
                                         "}\n");
  auto seed = ReadSeedFile(path);
  EXPECT_EQ(seed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(seed.status().message()), StartsWith(path + ":3:"));
  EXPECT_THAT(std::string(seed.status().message()), HasSubstr("display_nam"));
}

TEST(ReadSeedFileTest, BadEnumValueIsAParseError) {
  const std::string path = WriteTestFile(
      "enum.txtpb", "projects { name: \"projects/a\" origin: BRAND_NEW }\n");
  auto seed = ReadSeedFile(path);
  EXPECT_EQ(seed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(seed.status().message()), StartsWith(path + ":1:"));
}

TEST(ReadSeedFileTest, MissingFileIsInvalidArgument) {
  auto seed = ReadSeedFile("/nonexistent/does-not-exist.txtpb");
  EXPECT_EQ(seed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(seed.status().message()), HasSubstr("cannot read"));
}

TEST(ValidateSeedTest, RejectsMalformedNames) {
  seed::v1::Seed seed;
  seed.add_initiatives()->set_name("initiatives/i");
  auto status = ValidateSeed(seed);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("initiatives[0].name: \"initiatives/i\" is not of the "
                         "form strategies/ID/initiatives/ID"));

  seed.Clear();
  seed.add_projects()->set_name("projects/Bad_Id");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("projects[0].name:"));

  seed.Clear();
  seed.add_plans();  // No name at all.
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("plans[0].name:"));
}

TEST(ValidateSeedTest, RejectsOutputOnlyFieldsAndDuplicates) {
  seed::v1::Seed seed;
  v1::Strategy* s = seed.add_strategies();
  s->set_name("strategies/s");
  s->set_total_budget_krw(5);
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("strategies[0].total_budget_krw: output only"));

  seed.Clear();
  seed.add_projects()->set_name("projects/a");
  seed.add_projects()->set_name("projects/a");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              HasSubstr("projects[1].name: \"projects/a\" is already used by "
                        "projects[0]"));
}

TEST(ValidateSeedTest, ChecksStatusReports) {
  seed::v1::Seed seed;
  seed::v1::ProjectStatus* report = seed.add_project_statuses();
  report->set_project("projects/p");
  report->mutable_status()->set_date("2024-10");
  EXPECT_TRUE(ValidateSeed(seed).ok());

  report->set_project("strategies/p");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("project_statuses[0].project: \"strategies/p\" is "
                         "not of the form projects/ID"));
  report->set_project("projects/p");

  report->mutable_status()->mutable_record_time()->set_seconds(1);
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("project_statuses[0].status.record_time: output "
                         "only"));
  report->mutable_status()->clear_record_time();

  *seed.add_project_statuses() = *report;
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("project_statuses[1]: the same report as "
                         "project_statuses[0]"));
  seed.mutable_project_statuses(1)->mutable_status()->set_note("other");
  EXPECT_TRUE(ValidateSeed(seed).ok());
}

TEST(ReadSeedFilesTest, ConcatenatesInOrderAndRejectsCrossFileDuplicates) {
  const std::string a = WriteTestFile("a.txtpb", R"pb(
    plans { name: "plans/p" }
  )pb");
  const std::string b = WriteTestFile("b.txtpb", R"pb(
    plans { name: "plans/q" }
    projects { name: "projects/x" }
  )pb");
  auto merged = ReadSeedFiles({a, b});
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_EQ(merged->plans_size(), 2);
  EXPECT_EQ(merged->plans(0).name(), "plans/p");
  EXPECT_EQ(merged->plans(1).name(), "plans/q");

  auto twice = ReadSeedFiles({a, a});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);

  const std::string bad = WriteTestFile("bad.txtpb", "plans { name: \"x\" }");
  auto invalid = ReadSeedFiles({a, bad});
  EXPECT_THAT(std::string(invalid.status().message()),
              StartsWith(bad + ": plans[0].name"));
}

}  // namespace
}  // namespace busan::ctl
