// How the metrics reports and tables render: rank changes, percentages, the
// trend, meeting stats and fund totals blocks, and the summary table.
#include "busanctl/report/metrics_tables.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "busanctl/report/text_width.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using ::testing::HasSubstr;
using ::testing::Not;

v1::RankingTrend SampleTrend() {
  v1::RankingTrend trend;
  trend.set_index("indices/smart-centres-index");
  trend.set_city("busan");
  const struct {
    int edition;
    const char* published;
    int rank;
    int total;        // 0: not published
    int region_rank;  // 0: not published
  } points[] = {{16, "2024-09", 12, 80, 4},
                {17, "2025-03", 9, 80, 0},
                {18, "2025-09", 9, 0, 2},
                {19, "2025-12-17", 8, 100, 2}};
  for (const auto& p : points) {
    v1::RankingTrend::Point* point = trend.add_points();
    point->set_edition(p.edition);
    point->set_published(p.published);
    point->set_rank(p.rank);
    if (p.total > 0) point->set_total_ranked(p.total);
    if (p.region_rank > 0) point->set_region_rank(p.region_rank);
    if (trend.points_size() > 1) {
      point->set_change(trend.points(trend.points_size() - 2).rank() - p.rank);
    }
  }
  trend.set_best_rank(8);
  trend.set_best_edition(19);
  trend.set_change_first_to_latest(4);
  return trend;
}

TEST(FormatRankChangeTest, ArrowsShowDirectionAndPositiveMeansClimbed) {
  EXPECT_EQ(FormatRankChange(3), "▲3");
  EXPECT_EQ(FormatRankChange(-2), "▼2");
  EXPECT_EQ(FormatRankChange(0), "–");
  EXPECT_EQ(FormatRankChange(std::nullopt), "-");
  EXPECT_EQ(FormatRankChange(INT32_MIN), "▼2147483648");
}

TEST(FormatRankTest, SaysOfHowManyWhenKnown) {
  EXPECT_EQ(FormatRank(8, 100), "8 of 100");
  EXPECT_EQ(FormatRank(8, std::nullopt), "8");
}

TEST(FormatBasisPointsTest, TwoDecimals) {
  EXPECT_EQ(FormatBasisPoints(2517), "25.17%");
  EXPECT_EQ(FormatBasisPoints(5), "0.05%");
  EXPECT_EQ(FormatBasisPoints(0), "0.00%");
  EXPECT_EQ(FormatBasisPoints(10000), "100.00%");
  EXPECT_EQ(FormatBasisPoints(12340), "123.40%");
}

TEST(RenderRankingTrendTest, TableThenBestRankAndOverallChange) {
  EXPECT_EQ(RenderRankingTrend(SampleTrend(), 0),
            "EDITION  PUBLISHED       RANK  CHANGE  REGION RANK\n"
            "     16  2024-09     12 of 80       -            4\n"
            "     17  2025-03      9 of 80      ▲3            -\n"
            "     18  2025-09            9       –            2\n"
            "     19  2025-12-17  8 of 100      ▲1            2\n"
            "\n"
            "best rank:           8 (edition 19)\n"
            "change first→latest: ▲4 (12 in edition 16 → 8 in edition 19)\n");
}

TEST(RenderRankingTrendTest, FallingCityAndEmptyTrend) {
  v1::RankingTrend trend = SampleTrend();
  trend.set_change_first_to_latest(-7);
  EXPECT_THAT(RenderRankingTrend(trend, 0),
              HasSubstr("change first→latest: ▼7 ("));

  v1::RankingTrend empty;
  empty.set_index("indices/smart-centres-index");
  empty.set_city("seoul");
  EXPECT_EQ(RenderRankingTrend(empty, 0),
            "no rankings of seoul in indices/smart-centres-index\n");
}

TEST(RenderMeetingStatsTest, SumsSayHowManyMeetingsReportedThem) {
  v1::MeetingStats stats;
  stats.set_series("meeting-series/emergency-economy");
  stats.set_meeting_count(50);
  stats.set_total_participants(1160);
  stats.set_meetings_with_participants(49);
  stats.set_total_policies(312);
  stats.set_meetings_with_policies(50);
  (*stats.mutable_policies_by_category())["일자리"] = 120;
  (*stats.mutable_policies_by_category())["Finance"] = 12;
  stats.set_budget_secured_krw(1234567000);
  stats.set_meetings_with_budget(3);
  EXPECT_EQ(
      RenderMeetingStats(stats, "", ""),
      "series:               meeting-series/emergency-economy\n"
      "meetings:             50\n"
      "participants:         1,160 (49 of 50 meetings reported)\n"
      "policies adopted:     312 (50 of 50 meetings reported)\n"
      "  Finance:            12\n"
      "  일자리:             120\n"
      "budget secured (KRW): 1,234,567,000 (3 of 50 meetings reported)\n");
}

TEST(RenderMeetingStatsTest, UnreportedIsNotZeroAndDateRangeIsShown) {
  v1::MeetingStats stats;
  stats.set_series("meeting-series/s");
  stats.set_meeting_count(1);
  stats.set_total_participants(30);
  stats.set_meetings_with_participants(1);
  const std::string text = RenderMeetingStats(stats, "2025-01-01", "");
  EXPECT_THAT(text, HasSubstr("dates:                2025-01-01 to …"));
  EXPECT_THAT(text, HasSubstr("participants:         30 (1 of 1 meeting "
                              "reported)\n"));
  EXPECT_THAT(text, HasSubstr("policies adopted:     - (0 of 1 meeting "
                              "reported)\n"));
  EXPECT_THAT(text, HasSubstr("budget secured (KRW): - (0 of 1 meeting "));
}

TEST(RenderFundTotalsTest, AmountsAlignAndProgressHasTwoDecimals) {
  v1::FundTotals totals;
  totals.set_fund("funds/busan-future");
  totals.set_committed_krw(100000000000);
  totals.set_raised_krw(50340000000);
  totals.set_flow_count(3);
  totals.set_target_krw(200000000000);
  totals.set_raised_basis_points_of_target(2517);
  EXPECT_EQ(RenderFundTotals(totals),
            "fund:            funds/busan-future\n"
            "committed (KRW): 100,000,000,000\n"
            "raised (KRW):     50,340,000,000\n"
            "allocated (KRW):               0\n"
            "executed (KRW):                0\n"
            "target (KRW):    200,000,000,000\n"
            "flows:           3\n"
            "progress:        25.17% of target raised\n");
}

TEST(RenderFundTotalsTest, NoTargetMeansNoProgress) {
  v1::FundTotals totals;
  totals.set_fund("funds/f");
  totals.set_raised_krw(5);
  const std::string text = RenderFundTotals(totals);
  EXPECT_THAT(text, HasSubstr("target (KRW):    -\n"));
  EXPECT_THAT(text, HasSubstr("progress:        - (no target)\n"));
  EXPECT_THAT(text, Not(HasSubstr("%")));
}

TEST(SummaryTableTest, GroupColumnIsNamedAfterTheGrouping) {
  v1::SummarizeFundsResponse summary;
  auto* dated = summary.add_groups();
  dated->set_key("2025");
  dated->set_raised_krw(1500000);
  dated->set_flow_count(2);
  auto* undated = summary.add_groups();
  undated->set_committed_krw(7);
  undated->set_flow_count(1);
  EXPECT_EQ(SummaryTable(summary, v1::SummarizeFundsRequest::YEAR).Render(),
            "YEAR       COMMITTED (KRW)  RAISED (KRW)  ALLOCATED (KRW)  "
            "EXECUTED (KRW)  FLOWS\n"
            "2025                     0     1,500,000                0  "
            "             0      2\n"
            "(no date)                7             0                0  "
            "             0      1\n");
  EXPECT_THAT(
      SummaryTable(summary, v1::SummarizeFundsRequest::STRATEGY).Render(),
      HasSubstr("\n(none) "));
}

TEST(ItemsTableTest, MeetingsShowTalliesAndUnknownFigures) {
  Items<v1::Meeting> meetings;
  v1::Meeting* tally = meetings.Add();
  tally->set_first_number(1);
  tally->set_last_number(49);
  tally->set_period_start("2022-07");
  tally->set_period_end("2025-10");
  tally->set_participants(1130);
  v1::Meeting* one = meetings.Add();
  one->set_first_number(50);
  one->set_last_number(50);
  one->set_date("2025-11-27");
  one->set_participants(30);
  one->set_budget_secured_krw(0);
  one->add_topics("부산 경제");
  one->add_topics("tariffs");
  const std::string text = ItemsTable(meetings).Render();
  const std::vector<std::string> lines = absl::StrSplit(text, '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1],
            "   1-49  2022-07 to 2025-10         1,130         -  "
            "                   -  -");
  EXPECT_EQ(lines[2],
            "     50  2025-11-27                    30         -  "
            "                   0  부산 경제; tariffs");
}

TEST(ItemsTableTest, SeriesCountTheirCategoriesAndMeasures) {
  Items<v1::MeetingSeries> series;
  v1::MeetingSeries* s = series.Add();
  s->set_name("meeting-series/emergency");
  s->set_display_name("Emergency");
  s->set_started("2021-04");
  s->add_policy_categories("a");
  s->add_policy_categories("b");
  for (int i = 0; i < 11; ++i) s->add_measures()->set_description("m");
  const std::vector<std::string> lines =
      absl::StrSplit(ItemsTable(series).Render(), '\n');
  ASSERT_GE(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("CATEGORIES  MEASURES"));
  EXPECT_THAT(lines[1], HasSubstr("2021-04           2        11"));
}

TEST(ItemsTableTest, RankingsAndFlows) {
  Items<v1::Ranking> rankings;
  v1::Ranking* r = rankings.Add();
  r->set_edition(19);
  r->set_city("busan");
  r->set_rank(8);
  r->set_total_ranked(100);
  r->set_region("Asia-Pacific");
  r->set_region_rank(2);
  EXPECT_THAT(ItemsTable(rankings).Render(),
              HasSubstr("     19  -          busan  8 of 100  Asia-Pacific  "
                        "          2\n"));

  Items<v1::FundFlow> flows;
  v1::FundFlow* f = flows.Add();
  f->set_name("funds/f/flows/1");
  f->set_type(v1::FundFlow::RAISED);
  f->set_amount_krw(25000000000);
  f->set_strategy("strategies/marine");
  EXPECT_THAT(ItemsTable(flows).Render(),
              HasSubstr("funds/f/flows/1  RAISED  25,000,000,000  -     "
                        "marine    -"));
}

}  // namespace
}  // namespace busan::ctl
