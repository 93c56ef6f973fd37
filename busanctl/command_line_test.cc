// busanctl's command line in-process, without a server: flag handling,
// usage errors (exit 2, nothing sent) and the JSON input helpers. What the
// commands send and print against a real catalog-service is
// tests/integration/busanctl_catalog_test.cc.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "busanctl/app.h"
#include "busanctl/json_input.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

using Result = RunResult;

Result RunCli(const std::vector<std::string>& args) {
  return RunBusanctlCaptured(args);
}

TEST(MaskFromJsonKeysTest, MapsJsonNamesToProtoNamesInFieldOrder) {
  auto mask = MaskFromJsonKeys(
      R"({"budgetKrw": "5", "display_name": "X", "tags": [], "startYear": null})",
      *v1::Project::descriptor());
  ASSERT_TRUE(mask.ok()) << mask.status();
  EXPECT_THAT(mask->paths(),
              ElementsAre("display_name", "budget_krw", "start_year", "tags"));
}

TEST(MaskFromJsonKeysTest, LeavesOutNameEtagAndOutputOnlyFields) {
  // The shape `strategies get --output=json` prints.
  auto mask = MaskFromJsonKeys(
      R"({"name": "strategies/s", "etag": "3", "display_name": "S",
          "project_count": "4", "total_budget_krw": "10",
          "create_time": "2025-11-20T00:00:00Z"})",
      *v1::Strategy::descriptor());
  ASSERT_TRUE(mask.ok()) << mask.status();
  EXPECT_THAT(mask->paths(), ElementsAre("display_name"));
}

TEST(MaskFromJsonKeysTest, RejectsNonObjectsAndUnknownFields) {
  EXPECT_EQ(MaskFromJsonKeys("[1]", *v1::Project::descriptor()).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto unknown =
      MaskFromJsonKeys(R"({"budget": 1})", *v1::Project::descriptor());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("\"budget\""));
}

TEST(ParseMaskFlagTest, SplitsAndTrims) {
  EXPECT_THAT(ParseMaskFlag(" display_name, budget_krw ,,tags").paths(),
              ElementsAre("display_name", "budget_krw", "tags"));
  EXPECT_THAT(ParseMaskFlag("").paths(), IsEmpty());
}

TEST(ReadJsonArgumentTest, ReadsFilesAfterAt) {
  const std::string path = ::busan::testing::WriteTestFile(
      "project.json", R"({"display_name": "부산"})");
  auto json = ReadJsonArgument("@" + path);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, R"({"display_name": "부산"})");
  EXPECT_EQ(*ReadJsonArgument("{}"), "{}");
  EXPECT_EQ(ReadJsonArgument("@/nonexistent/x.json").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(UsageTest, HelpGoesToStdoutWithStatusZero) {
  Result r = RunCli({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: busanctl"));
  EXPECT_THAT(r.out, HasSubstr("projects batch-get"));
  r = RunCli({"projects", "update", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("--update_mask"));
}

TEST(UsageTest, UsageErrorsExitTwoWithUsageOnStderr) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {},
           {"nope"},
           {"plans"},
           {"plans", "frobnicate"},
           {"plans", "get"},
           {"plans", "get", "a", "b"},
           {"plans", "get", "a", "--force"},
           {"projects", "delete", "a", "--force"},
           {"projects", "list", "--page_size=abc"},
           {"projects", "list", "--bogus"},
           {"--output=yaml", "plans", "list"},
           {"--timeout=0", "plans", "list"},
           {"projects", "create", "x"},
           {"projects", "create", "x", "--json={not json"},
           {"projects", "update", "x", "--json={}"},
           {"seed", "/nonexistent/catalog.txtpb"},
       }) {
    const Result r = RunCli(args);
    EXPECT_EQ(r.status, 2) << ::testing::PrintToString(args);
    EXPECT_THAT(r.err, HasSubstr("usage: busanctl"))
        << ::testing::PrintToString(args);
    EXPECT_THAT(r.out, IsEmpty());
  }
}

}  // namespace
}  // namespace busan::ctl
