// busanctl's catalog commands in-process against a real catalog-service:
// what they print, what they send (recorded by a server interceptor) and
// their exit statuses.
#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "busanctl/app.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "common/uuid/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/call_recorder.h"
#include "tests/support/catalog_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using Result = ctl::RunResult;

// An ostream another thread may read while busanctl writes to it.
class SharedText : public std::streambuf {
 public:
  std::string Text() {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    std::lock_guard<std::mutex> lock(mutex_);
    text_.push_back(static_cast<char>(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard<std::mutex> lock(mutex_);
    text_.append(s, static_cast<size_t>(n));
    return n;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

class BusanctlCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::Plan plan;
    plan.set_display_name("Plan");
    ASSERT_TRUE(server_.catalog().CreatePlan("p", plan, {}).ok());
    v1::Strategy strategy;
    strategy.set_display_name("Marine");
    strategy.set_plan("plans/p");
    ASSERT_TRUE(server_.catalog().CreateStrategy("marine", strategy, {}).ok());
  }

  std::vector<std::string> WithAddress(std::vector<std::string> args) {
    args.insert(args.begin(), "--catalog=" + server_.address());
    return args;
  }
  Result Run(std::vector<std::string> args) {
    return ctl::RunBusanctlCaptured(WithAddress(std::move(args)));
  }
  // A project stored directly, as another client would have written it.
  v1::Project Put(const std::string& id) {
    v1::Project project;
    project.set_display_name(id);
    project.set_strategy("strategies/marine");
    absl::StatusOr<v1::Project> created =
        server_.catalog().CreateProject(id, project, {});
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::Project();
  }

  CallRecorder recorder_;
  CatalogServer server_{{}, nullptr, &recorder_};
};

TEST_F(BusanctlCatalogTest, CreateThenGetAsJsonAndTable) {
  Result r = Run(
      {"projects", "create", "port-ax", "--token=t0k",
       R"(--json={"displayName": "Port AX", "budgetKrw": "1500000", "strategy": "strategies/marine"})"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("budget_krw:            1,500,000"));
  const auto writes = recorder_.Writes();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].method, "CreateProject");
  EXPECT_EQ(writes[0].StringField("project_id"), "port-ax");
  EXPECT_EQ(writes[0].authorization, "Bearer t0k");
  const std::string request_id = writes[0].StringField("request_id");
  EXPECT_TRUE(uuid::IsCanonical(request_id));
  EXPECT_EQ(request_id[14], '4');  // a random (version 4) UUID

  r = Run({"--output=json", "projects", "get", "port-ax"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("display_name": "Port AX")"));
  EXPECT_THAT(r.out, HasSubstr(R"("budget_krw": "1500000")"));

  r = Run({"projects", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("NAME"));
  EXPECT_THAT(r.out, HasSubstr("1,500,000"));
}

TEST_F(BusanctlCatalogTest, UpdateMaskComesFromJsonKeysAndEtagIsSent) {
  const std::string etag = Put("x").etag();

  Result r = Run({"projects", "update", "x", "--etag=" + etag,
                  R"(--json={"budgetKrw": "7", "tags": ["a"]})"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto* update = recorder_.Writes().back().As<v1::UpdateProjectRequest>();
  ASSERT_NE(update, nullptr);
  EXPECT_THAT(update->update_mask().paths(), ElementsAre("budget_krw", "tags"));
  EXPECT_EQ(update->project().etag(), etag);
  EXPECT_EQ(server_.StoredProject("projects/x").budget_krw(), 7);

  // The etag is now stale: ABORTED, exit 1.
  r = Run({"projects", "update", "x", "--etag=" + etag,
           "--update_mask=display_name", R"(--json={"displayName": "Y"})"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: ABORTED: "));
  const auto* stale = recorder_.Writes().back().As<v1::UpdateProjectRequest>();
  ASSERT_NE(stale, nullptr);
  EXPECT_THAT(stale->update_mask().paths(), ElementsAre("display_name"));
  EXPECT_EQ(server_.StoredProject("projects/x").display_name(), "x");
}

TEST_F(BusanctlCatalogTest, HistoryShowsEachRevisionFieldByField) {
  ASSERT_EQ(
      Run({"projects", "create", "x", "--token=t0k",
           R"(--json={"displayName": "X", "budgetKrw": "100", "strategy": "strategies/marine"})"})
          .status,
      0);
  ASSERT_EQ(Run({"projects", "update", "x",
                 R"(--json={"budgetKrw": "250", "stage": "IN_PROGRESS"})"})
                .status,
            0);
  const std::string first_etag = "3";  // plan 1, strategy 2, then x

  Result r = Run({"projects", "history", "x"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("projects/x@4  UPDATED"));
  EXPECT_THAT(r.out, HasSubstr("via UpdateProject"));
  EXPECT_THAT(r.out,
              HasSubstr("  stage       STAGE_UNSPECIFIED -> IN_PROGRESS\n"
                        "  budget_krw  100 -> 250\n"));
  EXPECT_THAT(r.out, HasSubstr("projects/x@3  CREATED"));
  EXPECT_THAT(r.out, HasSubstr("  display_name  \"X\"\n"));
  // Who wrote it, by the digest of the token, never the token.
  EXPECT_THAT(r.out,
              ::testing::ContainsRegex("CREATED .* by token:[0-9a-f]{12}"));
  EXPECT_THAT(r.out, Not(HasSubstr("t0k")));

  // One shown: the one before still serves as its base.
  r = Run({"projects", "history", "x", "--page_size=1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("budget_krw  100 -> 250"));
  EXPECT_THAT(r.out, Not(HasSubstr("CREATED")));
  EXPECT_THAT(r.out, HasSubstr("more with --page_size=N or --all"));

  // Derived figures have revisions of their own.
  r = Run({"strategies", "history", "marine"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("strategies/marine@4  DERIVED"));
  EXPECT_THAT(r.out, HasSubstr("total_budget_krw  100 -> 250"));

  r = Run({"projects", "get", "x@" + first_etag});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("budget_krw:            100"));

  r = Run({"projects", "history", "x", "--at=2001-01-01T00:00:00Z"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("no revisions of projects/x by that time"));
  r = Run({"projects", "history", "x", "--at=yesterday"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--at"));
}

TEST_F(BusanctlCatalogTest, RecordStatusAddsToTheTimelineAndMovesProgress) {
  Put("x");
  Result r = Run(
      {"projects", "record-status", "x",
       R"(--json={"date": "2025-03", "stage": "IN_PROGRESS", "progressBasisPoints": 2500, "note": "Ground broken"})"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("progress_basis_points: 2500"));
  const v1::Project stored = server_.StoredProject("projects/x");
  ASSERT_EQ(stored.status_updates_size(), 1);
  EXPECT_EQ(stored.status_updates(0).note(), "Ground broken");
  EXPECT_EQ(stored.stage(), v1::Project::IN_PROGRESS);
  v1::Strategy strategy;
  ASSERT_TRUE(
      server_.catalog().GetStrategy("strategies/marine", &strategy).ok());
  EXPECT_EQ(strategy.progress().progress_basis_points(), 2500);

  r = Run({"projects", "record-status", "x",
           R"(--json={"date": "2025-04", "progressBasisPoints": 20000})"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("status.progress_basis_points"));
}

TEST_F(BusanctlCatalogTest, FailedCallExitsOneWithCodeName) {
  Result r = Run({"plans", "get", "missing"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: NOT_FOUND: "));
  EXPECT_THAT(r.err, HasSubstr("plans/missing"));
}

TEST_F(BusanctlCatalogTest, ListAllWalksEveryPage) {
  for (int i = 0; i < 5; ++i) Put("p" + std::to_string(i));
  Result one = Run({"--output=json", "projects", "list", "--page_size=2"});
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr(R"("next_page_token": ")"));
  EXPECT_THAT(one.out, Not(HasSubstr("projects/p2")));

  Result all =
      Run({"--output=json", "projects", "list", "--page_size", "2", "--all"});
  ASSERT_EQ(all.status, 0) << all.err;
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(all.out, HasSubstr("projects/p" + std::to_string(i)));
  }
  EXPECT_THAT(all.out, Not(HasSubstr("next_page_token")));
  EXPECT_THAT(all.out, HasSubstr(R"("total_size": 5)"));
}

TEST_F(BusanctlCatalogTest, DeleteAndBatchGet) {
  Put("a");
  Put("b");
  Result r = Run({"projects", "batch-get", "a", "projects/b"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("projects/a"));
  EXPECT_THAT(r.out, HasSubstr("projects/b"));

  r = Run({"projects", "delete", "a"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "deleted projects/a\n");
  EXPECT_EQ(recorder_.Writes().back().method, "DeleteProject");
  EXPECT_TRUE(
      uuid::IsCanonical(recorder_.Writes().back().StringField("request_id")));

  r = Run({"projects", "batch-get", "a", "b"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: NOT_FOUND: "));
}

TEST_F(BusanctlCatalogTest,
       WatchPrintsOneJsonLinePerEventAndFailsWithTheStream) {
  // Sequences 1 and 2 are the plan and the strategy of SetUp.
  Put("a");
  ASSERT_TRUE(server_.catalog().DeleteProject("projects/a", "", {}).ok());

  SharedText out_text, err_text;
  std::ostream out(&out_text), err(&err_text);
  int status = -1;
  std::thread watcher([&] {
    status = ctl::RunBusanctl(WithAddress({"watch", "--start_after=2"}),
                              {&out, &err, 0});
  });
  const bool both_printed = WaitUntil(
      [&] {
        const std::string text = out_text.Text();
        return std::count(text.begin(), text.end(), '\n') >= 2;
      },
      absl::Seconds(20));
  // Ends the stream: the server shuts down, as on SIGTERM.
  server_.Stop();
  watcher.join();
  ASSERT_TRUE(both_printed) << out_text.Text();

  const std::vector<std::string> lines =
      absl::StrSplit(out_text.Text(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << out_text.Text();
  EXPECT_THAT(lines[0], StartsWith(R"({"sequence":"3","kind":"CREATED",)"
                                   R"("name":"projects/a","project":{)"));
  EXPECT_THAT(lines[1], StartsWith(R"({"sequence":"4","kind":"DELETED",)"
                                   R"("name":"projects/a")"));
  EXPECT_EQ(status, 1);
  EXPECT_THAT(err_text.Text(), StartsWith("error: "));
}

TEST_F(BusanctlCatalogTest, SeedTwiceChangesNothingTheSecondTime) {
  const std::string path = WriteTestFile("catalog.txtpb", R"pb(
    plans { name: "plans/economic-growth-innovation-2025" display_name: "G" }
    strategies {
      name: "strategies/growth"
      display_name: "Growth"
      plan: "plans/economic-growth-innovation-2025"
    }
    projects {
      name: "projects/port-ax"
      display_name: "Port AX"
      display_name_ko: "항만 AX"
      strategy: "strategies/growth"
      budget_krw: 1000
    }
  )pb");
  Result first = Run({"seed", path});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_THAT(first.out,
              HasSubstr("seed: created 3, updated 0, unchanged 0\n"));
  Result second = Run({"seed", path});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out, "seed: created 0, updated 0, unchanged 3\n");

  // Reports recorded since own the stage and progress: seeding again keeps
  // them.
  Result recorded = Run(
      {"projects", "record-status", "port-ax",
       R"(--json={"date": "2026-01", "stage": "IN_PROGRESS", "progressBasisPoints": 1500})"});
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  Result third = Run({"seed", path});
  ASSERT_EQ(third.status, 0) << third.err;
  EXPECT_EQ(third.out, "seed: created 0, updated 0, unchanged 3\n");
  const v1::Project kept = server_.StoredProject("projects/port-ax");
  EXPECT_EQ(kept.stage(), v1::Project::IN_PROGRESS);
  EXPECT_EQ(kept.progress_basis_points(), 1500);
}

}  // namespace
}  // namespace busan::testing
