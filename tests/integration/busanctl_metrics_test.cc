// busanctl's metrics commands and `seed` in-process against real
// metrics-service and catalog-service instances: what they print, what they
// send (recorded by a server interceptor) and their exit statuses.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "busanctl/app.h"
#include "common/testing/temp_dir.h"
#include "common/uuid/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/call_recorder.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::metrics::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

using Result = ctl::RunResult;

Result RunCli(const std::vector<std::string>& args) {
  return ctl::RunBusanctlCaptured(args);
}

// What the metrics commands read, stored through the service's domain as
// another client would have written it.
class MetricsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    metrics::Metrics& m = metrics_.metrics();
    v1::RankingIndex index;
    index.set_display_name("Smart Centres Index");
    ASSERT_TRUE(m.Create("smart-centres-index", index, {}).ok());
    for (int edition : {17, 18, 19}) {
      v1::Ranking ranking;
      ranking.set_index("indices/smart-centres-index");
      ranking.set_edition(edition);
      ranking.set_city("busan");
      ranking.set_rank(edition == 17 ? 12 : (edition == 18 ? 15 : 8));
      ranking.set_total_ranked(100);
      ASSERT_TRUE(m.RecordRanking(ranking, {}).ok());
    }
    v1::MeetingSeries series;
    series.set_display_name("Emergency economy");
    ASSERT_TRUE(m.Create("emergency-economy", series, {}).ok());
    v1::Meeting tally;
    tally.set_series("meeting-series/emergency-economy");
    tally.set_first_number(1);
    tally.set_last_number(49);
    tally.set_participants(1130);
    ASSERT_TRUE(m.RecordMeeting(tally, {}).ok());
    v1::Meeting meeting;
    meeting.set_series("meeting-series/emergency-economy");
    meeting.set_first_number(50);
    meeting.set_last_number(50);
    meeting.set_date("2025-11-27");
    meeting.set_policies_adopted(4);
    (*meeting.mutable_policies_by_category())["jobs"] = 4;
    meeting.set_budget_secured_krw(12000000000);
    ASSERT_TRUE(m.RecordMeeting(meeting, {}).ok());
    v1::Fund fund;
    fund.set_display_name("Busan future fund");
    fund.set_target_krw(200000000000);
    ASSERT_TRUE(m.Create("busan-future", fund, {}).ok());
    for (auto [type, amount] :
         {std::pair{v1::FundFlow::COMMITTED, int64_t{100000000000}},
          std::pair{v1::FundFlow::RAISED, int64_t{50340000000}},
          std::pair{v1::FundFlow::RAISED, int64_t{1}}}) {
      v1::FundFlow flow;
      flow.set_fund("funds/busan-future");
      flow.set_type(type);
      flow.set_amount_krw(amount);
      flow.set_date("2025-03");
      ASSERT_TRUE(m.RecordFundFlow(flow, {}).ok());
    }
  }

  Result Run(std::vector<std::string> args) {
    args.insert(args.begin(), "--metrics=" + metrics_.address());
    return RunCli(std::move(args));
  }
  // The last call of `method` the service received.
  CallRecorder::Call LastCall(const std::string& method) {
    CallRecorder::Call last;
    for (CallRecorder::Call& call : metrics_recorder_.Calls()) {
      if (call.method == method) last = std::move(call);
    }
    EXPECT_EQ(last.method, method) << "no " << method << " call";
    return last;
  }

  CallRecorder metrics_recorder_;
  MetricsServer metrics_{{}, nullptr, &metrics_recorder_};
};

TEST_F(MetricsCommandTest, RankingsTrendTableAndJson) {
  Result r = Run({"rankings", "trend"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "EDITION  PUBLISHED       RANK  CHANGE  REGION RANK\n"
            "     17  -          12 of 100       -            -\n"
            "     18  -          15 of 100      ▼3            -\n"
            "     19  -           8 of 100      ▲7            -\n"
            "\n"
            "best rank:           8 (edition 19)\n"
            "change first→latest: ▲4 (12 in edition 17 → 8 in edition 19)\n");

  r = Run({"--output=json", "rankings", "trend", "--index=smart-centres-index",
           "--city=busan"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("best_rank": 8)"));
  EXPECT_THAT(r.out, HasSubstr(R"("change_first_to_latest": 4)"));
  EXPECT_THAT(r.out, HasSubstr(R"("change": -3)"));

  r = Run({"rankings", "trend", "--index=indices/missing"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: NOT_FOUND: indices/missing not found\n");
}

TEST_F(MetricsCommandTest, RankingsListAndRecord) {
  Result r = Run({"rankings", "list", "--filter", "edition = 19"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "EDITION  PUBLISHED  CITY       RANK  REGION  REGION RANK\n"
            "     19  -          busan  8 of 100  -                 -\n");
  EXPECT_EQ(LastCall("ListRankings").StringField("filter"), "edition = 19");

  // The output of `list --output=json` (with its name) can be sent back.
  r = Run({"rankings", "record",
           R"(--json={"name": "x", "index": "indices/smart-centres-index",
                      "edition": 20, "city": "busan", "rank": 6})"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(
      r.out, HasSubstr("indices/smart-centres-index/editions/20/cities/busan"));
  const CallRecorder::Call write = metrics_recorder_.Writes().back();
  EXPECT_EQ(write.method, "RecordRanking");
  EXPECT_TRUE(uuid::IsCanonical(write.StringField("request_id")));

  r = Run({"rankings", "record",
           R"(--json={"index": "indices/nope", "edition": 1, "city": "busan",
                      "rank": 1})"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(
      r.err,
      StartsWith("error: FAILED_PRECONDITION: ranking.index: indices/nope"));
}

TEST_F(MetricsCommandTest, MeetingStatsUseTheOnlySeries) {
  Result r = Run({"meetings", "stats"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "series:               meeting-series/emergency-economy\n"
            "meetings:             50\n"
            "participants:         1,130 (49 of 50 meetings reported)\n"
            "policies adopted:     4 (1 of 50 meetings reported)\n"
            "  jobs:               4\n"
            "budget secured (KRW): 12,000,000,000 (1 of 50 meetings "
            "reported)\n");

  r = Run({"--output=json", "meetings", "stats", "--series=emergency-economy",
           "--start_date=2025-11-01", "--end_date=2025-11-30"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("meeting_count": "1")"));
  const auto* stats =
      LastCall("GetMeetingStats").As<v1::GetMeetingStatsRequest>();
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->series(), "meeting-series/emergency-economy");
  EXPECT_EQ(stats->start_date(), "2025-11-01");
  EXPECT_EQ(stats->end_date(), "2025-11-30");
}

TEST_F(MetricsCommandTest, SeveralSeriesRequireTheFlag) {
  v1::MeetingSeries other;
  other.set_display_name("Another");
  ASSERT_TRUE(metrics_.metrics().Create("another", other, {}).ok());
  Result r = Run({"meetings", "stats"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "error: INVALID_ARGUMENT: --series: required when several meeting "
            "series exist (meeting-series/another, "
            "meeting-series/emergency-economy; see meeting-series list)\n");

  r = Run({"meetings", "list", "--series=another"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "NUMBERS  DATE  PARTICIPANTS  POLICIES  BUDGET SECURED (KRW)  "
            "TOPICS\n");
}

TEST_F(MetricsCommandTest, MeetingsListAndSeriesCommands) {
  Result r = Run({"meetings", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("   1-49  -                  1,130"));
  EXPECT_THAT(r.out, HasSubstr("     50  2025-11-27             -         4"));

  r = Run({"meeting-series", "get", "emergency-economy"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("name:"));
  r = Run({"meeting-series", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("meeting-series/emergency-economy"));
}

TEST_F(MetricsCommandTest, FundTotalsSummaryAndFlows) {
  Result r = Run({"funds", "totals", "busan-future"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "fund:            funds/busan-future\n"
            "committed (KRW): 100,000,000,000\n"
            "raised (KRW):     50,340,000,001\n"
            "allocated (KRW):               0\n"
            "executed (KRW):                0\n"
            "target (KRW):    200,000,000,000\n"
            "flows:           3\n"
            "progress:        25.17% of target raised\n");

  r = Run({"--output=json", "funds", "totals", "funds/busan-future"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("raised_basis_points_of_target": "2517")"));

  r = Run({"funds", "totals", "missing"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: NOT_FOUND: funds/missing not found\n");

  r = Run({"funds", "summary", "--group_by=YEAR"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("YEAR  COMMITTED (KRW)"));
  EXPECT_THAT(r.out, HasSubstr("\n2025  100,000,000,000"));

  r = Run({"funds", "flows", "busan-future", "--page_size=2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("funds/busan-future/flows/2"));
  EXPECT_THAT(r.out, HasSubstr("(2 of 3; next page: --page_token="));
  EXPECT_THAT(r.out, HasSubstr(", or use --all)"));
  r = Run({"--output=json", "funds", "flows", "busan-future", "--page_size=2",
           "--all"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("funds/busan-future/flows/3"));
  EXPECT_THAT(r.out, HasSubstr(R"("total_size": 3)"));

  r = Run({"funds", "record",
           R"(--json={"fund": "funds/busan-future", "type": "EXECUTED",
                      "amountKrw": "5"})"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("funds/busan-future/flows/4"));
}

TEST_F(MetricsCommandTest, UnreachableServiceIsAFailedCall) {
  const Result r =
      RunCli({"--metrics=127.0.0.1:1", "--timeout=5", "funds", "totals", "f"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("error: UNAVAILABLE: "));
}

constexpr char kCatalogSeed[] = R"pb(
  plans { name: "plans/economic-growth-innovation-2025" display_name: "G" }
)pb";

constexpr char kMetricsSeed[] = R"pb(
  ranking_indices { name: "indices/smart-centres-index" display_name: "SCI" }
  rankings {
    index: "indices/smart-centres-index"
    edition: 19
    city: "busan"
    rank: 8
    total_ranked: 100
  }
  funds { name: "funds/f" display_name: "F" }
  fund_flows { fund: "funds/f" type: RAISED amount_krw: 5 }
  fund_flows { fund: "funds/f" type: RAISED amount_krw: 5 }
)pb";

class SeedCommandTest : public ::testing::Test {
 protected:
  Result Run(std::vector<std::string> args) {
    args.insert(args.begin(), "--catalog=" + catalog_.address());
    args.insert(args.begin(), "--metrics=" + metrics_.address());
    return RunCli(std::move(args));
  }

  CallRecorder metrics_recorder_;
  CatalogServer catalog_;
  MetricsServer metrics_{{}, nullptr, &metrics_recorder_};
};

TEST_F(SeedCommandTest, BothHalvesTwiceChangesNothingTheSecondTime) {
  const std::string catalog = WriteTestFile("catalog.txtpb", kCatalogSeed);
  const std::string metrics = WriteTestFile("metrics.txtpb", kMetricsSeed);
  Result first = Run({"seed", catalog, metrics});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(first.out,
            "created plans/economic-growth-innovation-2025\n"
            "created indices/smart-centres-index\n"
            "created funds/f\n"
            "recorded indices/smart-centres-index/editions/19/cities/busan\n"
            "recorded funds/f/flows/1\n"
            "recorded funds/f/flows/2\n"
            "seed: created 6, updated 0, unchanged 0\n");
  Result second = Run({"seed", catalog, metrics});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out, "seed: created 0, updated 0, unchanged 6\n");
}

TEST_F(SeedCommandTest, ACatalogOnlySeedNeverCallsMetrics) {
  const std::string catalog = WriteTestFile("only.txtpb", kCatalogSeed);
  const Result r = RunCli({"--catalog=" + catalog_.address(),
                           "--metrics=127.0.0.1:1", "seed", catalog});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(metrics_recorder_.Calls(), IsEmpty());

  const std::string metrics = WriteTestFile("m-only.txtpb", kMetricsSeed);
  const Result m = RunCli({"--catalog=127.0.0.1:1",
                           "--metrics=" + metrics_.address(), "seed", metrics});
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_THAT(m.out, HasSubstr("seed: created 5"));
}

TEST_F(SeedCommandTest, InvalidMetricsRecordIsAUsageError) {
  const std::string bad = WriteTestFile(
      "bad-metrics.txtpb",
      "rankings { index: \"smart-centres-index\" edition: 1 city: \"busan\" "
      "rank: 1 }\n");
  const Result r = Run({"seed", bad});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr(bad + ": rankings[0].index: "));
  EXPECT_THAT(metrics_recorder_.Calls(), IsEmpty());
}

TEST_F(SeedCommandTest, ConflictingMeetingExitsOne) {
  v1::MeetingSeries series;
  series.set_display_name("S");
  ASSERT_TRUE(metrics_.metrics().Create("s", series, {}).ok());
  v1::Meeting meeting;
  meeting.set_series("meeting-series/s");
  meeting.set_first_number(1);
  meeting.set_last_number(1);
  meeting.set_participants(10);
  ASSERT_TRUE(metrics_.metrics().RecordMeeting(meeting, {}).ok());
  const std::string seed =
      WriteTestFile("meeting.txtpb",
                    "meetings { series: \"meeting-series/s\" first_number: 1 "
                    "last_number: 1 participants: 11 }\n");
  const Result r = Run({"seed", seed});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err,
              StartsWith("error: FAILED_PRECONDITION: a recorded meeting "
                         "differs from the seed"));
  EXPECT_THAT(r.err, HasSubstr("meeting-series/s/meetings/1 differs in "
                               "participants"));
}

TEST_F(SeedCommandTest, WithoutFilesLoadsCatalogThenMetricsDefaults) {
  const TempDir scratch;
  const std::filesystem::path dir = scratch.path();
  std::filesystem::create_directories(dir / "data");
  std::ofstream(dir / "data" / "catalog.txtpb") << kCatalogSeed;
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);

  Result missing = Run({"seed"});
  std::ofstream(dir / "data" / "metrics.txtpb") << kMetricsSeed;
  Result loaded = Run({"seed"});
  std::filesystem::current_path(previous);

  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.err, HasSubstr("cannot read data/metrics.txtpb"));
  ASSERT_EQ(loaded.status, 0) << loaded.err;
  EXPECT_THAT(loaded.out, HasSubstr("seed: created 6, updated 0"));
}

}  // namespace
}  // namespace busan::testing
