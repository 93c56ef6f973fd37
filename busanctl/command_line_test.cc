// busanctl's command line end to end in-process: flag handling, exit
// statuses, what commands send (against a fake CatalogService) and JSON
// input helpers.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "busanctl/app.h"
#include "busanctl/fake_catalog_service.h"
#include "busanctl/json_input.h"
#include "busanctl/request_id.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

struct Result {
  int status;
  std::string out;
  std::string err;
};

Result RunCli(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int status = RunBusanctl(args, {&out, &err, 0});
  return {status, out.str(), err.str()};
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
  const std::string path = ::testing::TempDir() + "/project.json";
  std::ofstream(path) << R"({"display_name": "부산"})";
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
    EXPECT_EQ(r.status, 2) << testing::PrintToString(args);
    EXPECT_THAT(r.err, HasSubstr("usage: busanctl"))
        << testing::PrintToString(args);
    EXPECT_THAT(r.out, IsEmpty());
  }
}

class CommandTest : public ::testing::Test {
 protected:
  Result RunCommand(std::vector<std::string> args) {
    args.insert(args.begin(), "--catalog=" + fake_.address());
    return RunCli(std::move(args));
  }

  FakeCatalogService fake_;
};

TEST_F(CommandTest, CreateThenGetAsJsonAndTable) {
  Result r = RunCommand(
      {"projects", "create", "port-ax", "--token=t0k",
       R"(--json={"displayName": "Port AX", "budgetKrw": "1500000", "strategy": "strategies/marine"})"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("budget_krw:         1,500,000"));
  const auto writes = fake_.writes();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "CreateProject");
  EXPECT_EQ(writes[0].name, "projects/port-ax");
  EXPECT_EQ(writes[0].authorization, "Bearer t0k");
  EXPECT_TRUE(IsCanonicalUuid(writes[0].request_id));
  EXPECT_EQ(writes[0].request_id[14], '4');

  r = RunCommand({"--output=json", "projects", "get", "port-ax"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("display_name": "Port AX")"));
  EXPECT_THAT(r.out, HasSubstr(R"("budget_krw": "1500000")"));

  r = RunCommand({"projects", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("NAME"));
  EXPECT_THAT(r.out, HasSubstr("1,500,000"));
}

TEST_F(CommandTest, UpdateMaskComesFromJsonKeysAndEtagIsSent) {
  v1::Project p;
  p.set_name("projects/x");
  p.set_display_name("X");
  fake_.Put(p);
  const std::string etag = fake_.projects().at("projects/x").etag();

  Result r = RunCommand({"projects", "update", "x", "--etag=" + etag,
                         R"(--json={"budgetKrw": "7", "tags": ["a"]})"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto update = fake_.writes().back();
  EXPECT_THAT(update.mask, ElementsAre("budget_krw", "tags"));
  EXPECT_EQ(update.etag, etag);
  EXPECT_EQ(fake_.projects().at("projects/x").budget_krw(), 7);

  // The etag is now stale: ABORTED, exit 1.
  r = RunCommand({"projects", "update", "x", "--etag=" + etag,
                  "--update_mask=display_name",
                  R"(--json={"displayName": "Y"})"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: ABORTED: "));
  EXPECT_THAT(fake_.writes().back().mask, ElementsAre("display_name"));
}

TEST_F(CommandTest, FailedCallExitsOneWithCodeName) {
  Result r = RunCommand({"plans", "get", "missing"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: NOT_FOUND: plans/missing not found\n");
}

TEST_F(CommandTest, ListAllWalksEveryPage) {
  for (int i = 0; i < 5; ++i) {
    v1::Project p;
    p.set_name("projects/p" + std::to_string(i));
    fake_.Put(p);
  }
  Result one =
      RunCommand({"--output=json", "projects", "list", "--page_size=2"});
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr(R"("next_page_token": "2")"));

  Result all = RunCommand(
      {"--output=json", "projects", "list", "--page_size", "2", "--all"});
  ASSERT_EQ(all.status, 0) << all.err;
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(all.out, HasSubstr("projects/p" + std::to_string(i)));
  }
  EXPECT_THAT(all.out, Not(HasSubstr("next_page_token")));
  EXPECT_THAT(all.out, HasSubstr(R"("total_size": 5)"));
}

TEST_F(CommandTest, DeleteAndBatchGet) {
  for (const char* id : {"a", "b"}) {
    v1::Project p;
    p.set_name(std::string("projects/") + id);
    fake_.Put(p);
  }
  Result r = RunCommand({"projects", "batch-get", "a", "projects/b"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("projects/a"));
  EXPECT_THAT(r.out, HasSubstr("projects/b"));

  r = RunCommand({"projects", "delete", "a"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "deleted projects/a\n");
  EXPECT_TRUE(IsCanonicalUuid(fake_.writes().back().request_id));

  r = RunCommand({"projects", "batch-get", "a", "b"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: NOT_FOUND: "));
}

TEST_F(CommandTest, WatchPrintsOneJsonLinePerEventAndFailsWithTheStream) {
  std::vector<v1::ChangeEvent> events(2);
  events[0].set_sequence(8);
  events[0].set_kind(v1::ChangeEvent::CREATED);
  events[0].set_name("projects/a");
  events[0].mutable_project()->set_name("projects/a");
  events[1].set_sequence(9);
  events[1].set_kind(v1::ChangeEvent::DELETED);
  events[1].set_name("projects/a");
  fake_.ScriptWatch(events,
                    grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow"));

  Result r = RunCommand({"watch", "--start_after=7"});
  EXPECT_EQ(fake_.watch_start_after(), 7);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, R"({"sequence":"8","kind":"CREATED","name":"projects/a",)"
                   R"("project":{"name":"projects/a"}})"
                   "\n"
                   R"({"sequence":"9","kind":"DELETED","name":"projects/a"})"
                   "\n");
  EXPECT_EQ(r.err, "error: RESOURCE_EXHAUSTED: slow\n");
}

TEST_F(CommandTest, SeedTwiceChangesNothingTheSecondTime) {
  const std::string path = ::testing::TempDir() + "/catalog.txtpb";
  std::ofstream(path) << R"pb(
    plans { name: "plans/economic-growth-innovation-2025" display_name: "G" }
    strategies {
      name: "strategies/marine"
      display_name: "Marine"
      plan: "plans/economic-growth-innovation-2025"
    }
    projects {
      name: "projects/port-ax"
      display_name_ko: "항만 AX"
      strategy: "strategies/marine"
      budget_krw: 1000
    }
  )pb";
  Result first = RunCommand({"seed", path});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_THAT(first.out,
              HasSubstr("seed: created 3, updated 0, unchanged 0\n"));
  Result second = RunCommand({"seed", path});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out, "seed: created 0, updated 0, unchanged 3\n");
}

}  // namespace
}  // namespace busan::ctl
