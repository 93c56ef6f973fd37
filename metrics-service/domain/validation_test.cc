// Stateless validation of every metrics record: each bad field is
// INVALID_ARGUMENT with a message that starts with the field's path.
#include "metrics-service/domain/validation.h"

#include <functional>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::metrics {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::testing::StartsWith;

v1::Ranking GoodRanking() {
  v1::Ranking ranking;
  ranking.set_index("indices/smart-centres-index");
  ranking.set_edition(5);
  ranking.set_published("2025-03");
  ranking.set_city("busan");
  ranking.set_rank(10);
  ranking.set_total_ranked(77);
  ranking.set_region("Asia-Pacific");
  ranking.set_region_rank(3);
  (*ranking.mutable_category_ranks())["Technology"] = 12;
  auto* source = ranking.add_sources();
  source->set_title("Smart Centres Index 5");
  source->set_url("https://www.longfinance.net/");
  source->set_published("2025-03-20");
  return ranking;
}

v1::Meeting GoodMeeting() {
  v1::Meeting meeting;
  meeting.set_series("meeting-series/economy-meeting");
  meeting.set_first_number(3);
  meeting.set_last_number(3);
  meeting.set_date("2025-11-10");
  meeting.set_participants(120);
  meeting.set_policies_adopted(10);
  (*meeting.mutable_policies_by_category())["economy"] = 4;
  (*meeting.mutable_policies_by_category())["welfare"] = 3;
  meeting.set_budget_secured_krw(5'000'000'000);
  meeting.add_topics("port logistics");
  meeting.add_topics("부산 AI");
  return meeting;
}

v1::FundFlow GoodFlow() {
  v1::FundFlow flow;
  flow.set_fund("funds/future-fund");
  flow.set_type(v1::FundFlow::RAISED);
  flow.set_amount_krw(1'000'000);
  flow.set_date("2025-03-01");
  flow.set_strategy("strategies/s1");
  flow.set_project("projects/p1");
  flow.set_note("first close");
  return flow;
}

v1::Fund GoodFund() {
  v1::Fund fund;
  fund.set_name("funds/future-fund");
  fund.set_display_name("Busan Future Fund");
  fund.set_display_name_ko("부산 미래 펀드");
  fund.set_manager("BNK");
  fund.set_target_krw(1'000'000'000'000);
  fund.set_start_year(2024);
  fund.set_end_year(2030);
  auto* milestone = fund.add_milestones();
  milestone->set_description("launched");
  milestone->set_amount_krw(500'000'000'000);
  milestone->set_date("2024-05");
  return fund;
}

v1::RankingIndex GoodIndex() {
  v1::RankingIndex index;
  index.set_name("indices/smart-centres-index");
  index.set_display_name("Smart Centres Index");
  index.set_publisher("Z/Yen");
  index.add_categories("Technology");
  index.add_categories("Business");
  return index;
}

v1::MeetingSeries GoodSeries() {
  v1::MeetingSeries series;
  series.set_name("meeting-series/economy-meeting");
  series.set_display_name("Economy Meeting");
  series.set_started("2022-08");
  series.add_policy_categories("economy");
  return series;
}

struct Case {
  std::string name;
  std::function<absl::Status()> check;
  std::string field;  // the path the message must start with
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

template <typename T>
std::function<absl::Status()> With(T (*good)(),
                                   absl::Status (*validate)(const T&),
                                   std::function<void(T&)> mutate) {
  return [=] {
    T record = good();
    mutate(record);
    return validate(record);
  };
}

std::function<absl::Status()> Ranking(std::function<void(v1::Ranking&)> m) {
  return With<v1::Ranking>(&GoodRanking, &ValidateRanking, std::move(m));
}
std::function<absl::Status()> Meeting(std::function<void(v1::Meeting&)> m) {
  return With<v1::Meeting>(&GoodMeeting, &ValidateMeeting, std::move(m));
}
std::function<absl::Status()> Flow(std::function<void(v1::FundFlow&)> m) {
  return With<v1::FundFlow>(&GoodFlow, &ValidateFundFlow, std::move(m));
}
std::function<absl::Status()> Fund(std::function<void(v1::Fund&)> m) {
  return With<v1::Fund>(&GoodFund, &ValidateFund, std::move(m));
}
std::function<absl::Status()> Index(std::function<void(v1::RankingIndex&)> m) {
  return With<v1::RankingIndex>(&GoodIndex, &ValidateRankingIndex,
                                std::move(m));
}
std::function<absl::Status()> Series(
    std::function<void(v1::MeetingSeries&)> m) {
  return With<v1::MeetingSeries>(&GoodSeries, &ValidateMeetingSeries,
                                 std::move(m));
}

const std::string kInvalidUtf8 = "Busan \xff\xfe";

std::vector<Case> InvalidCases() {
  return {
      // Ranking.
      {"RankingIndexMissing", Ranking([](auto& r) { r.clear_index(); }),
       "ranking.index"},
      {"RankingIndexWrongCollection",
       Ranking([](auto& r) { r.set_index("funds/smart"); }), "ranking.index"},
      {"RankingIndexBadId",
       Ranking([](auto& r) { r.set_index("indices/Smart_Index"); }),
       "ranking.index"},
      {"RankingIndexBareId", Ranking([](auto& r) { r.set_index("smart"); }),
       "ranking.index"},
      {"RankingEditionZero", Ranking([](auto& r) { r.set_edition(0); }),
       "ranking.edition"},
      {"RankingEditionNegative", Ranking([](auto& r) { r.set_edition(-2); }),
       "ranking.edition"},
      {"RankingPublishedBad",
       Ranking([](auto& r) { r.set_published("2025-13"); }),
       "ranking.published"},
      {"RankingPublishedNotADate",
       Ranking([](auto& r) { r.set_published("March 2025"); }),
       "ranking.published"},
      {"RankingCityMissing", Ranking([](auto& r) { r.clear_city(); }),
       "ranking.city"},
      {"RankingCityBadId", Ranking([](auto& r) { r.set_city("Busan"); }),
       "ranking.city"},
      {"RankingRankZero", Ranking([](auto& r) { r.set_rank(0); }),
       "ranking.rank"},
      {"RankingRankNegative", Ranking([](auto& r) { r.set_rank(-1); }),
       "ranking.rank"},
      {"RankingRankAboveTotal", Ranking([](auto& r) { r.set_rank(78); }),
       "ranking.rank"},
      {"RankingTotalRankedZero",
       Ranking([](auto& r) { r.set_total_ranked(0); }), "ranking.total_ranked"},
      {"RankingRegionRankWithoutRegion",
       Ranking([](auto& r) { r.clear_region(); }), "ranking.region"},
      {"RankingRegionRankZero", Ranking([](auto& r) { r.set_region_rank(0); }),
       "ranking.region_rank"},
      {"RankingRegionTooLong",
       Ranking([](auto& r) { r.set_region(std::string(101, 'r')); }),
       "ranking.region"},
      {"RankingCategoryRankZero", Ranking([](auto& r) {
         (*r.mutable_category_ranks())["Technology"] = 0;
       }),
       "ranking.category_ranks[\"Technology\"]"},
      {"RankingCategoryRankAboveTotal", Ranking([](auto& r) {
         (*r.mutable_category_ranks())["Technology"] = 78;
       }),
       "ranking.category_ranks[\"Technology\"]"},
      {"RankingCategoryNameEmpty",
       Ranking([](auto& r) { (*r.mutable_category_ranks())[""] = 3; }),
       "ranking.category_ranks[\"\"]"},
      {"RankingSourceWithoutTitle",
       Ranking([](auto& r) { r.mutable_sources(0)->clear_title(); }),
       "ranking.sources[0].title"},
      {"RankingSourceBadUrl",
       Ranking([](auto& r) { r.mutable_sources(0)->set_url("ftp://x"); }),
       "ranking.sources[0].url"},
      {"RankingSourceBadDate", Ranking([](auto& r) {
         r.mutable_sources(0)->set_published("2025-02-30");
       }),
       "ranking.sources[0].published"},

      // Meeting.
      {"MeetingSeriesMissing", Meeting([](auto& m) { m.clear_series(); }),
       "meeting.series"},
      {"MeetingSeriesWrongCollection",
       Meeting([](auto& m) { m.set_series("indices/economy-meeting"); }),
       "meeting.series"},
      {"MeetingFirstNumberZero", Meeting([](auto& m) {
         m.set_first_number(0);
         m.set_last_number(0);
       }),
       "meeting.first_number"},
      {"MeetingFirstNumberNegative",
       Meeting([](auto& m) { m.set_first_number(-1); }),
       "meeting.first_number"},
      {"MeetingLastBeforeFirst", Meeting([](auto& m) {
         m.set_first_number(10);
         m.set_last_number(9);
       }),
       "meeting.last_number"},
      {"MeetingDateNoSuchDay",
       Meeting([](auto& m) { m.set_date("2025-02-30"); }), "meeting.date"},
      {"MeetingDateSlashes", Meeting([](auto& m) { m.set_date("2025/11/10"); }),
       "meeting.date"},
      {"MeetingDateTwoDigitYear",
       Meeting([](auto& m) { m.set_date("25-11-10"); }), "meeting.date"},
      {"MeetingPeriodStartBad",
       Meeting([](auto& m) { m.set_period_start("2024-00"); }),
       "meeting.period_start"},
      {"MeetingPeriodEndBad",
       Meeting([](auto& m) { m.set_period_end("2024-1"); }),
       "meeting.period_end"},
      {"MeetingPeriodEndBeforeStart", Meeting([](auto& m) {
         m.clear_date();
         m.set_period_start("2024-06-01");
         m.set_period_end("2024-05-31");
       }),
       "meeting.period_end"},
      {"MeetingParticipantsNegative",
       Meeting([](auto& m) { m.set_participants(-1); }),
       "meeting.participants"},
      {"MeetingPoliciesNegative",
       Meeting([](auto& m) { m.set_policies_adopted(-1); }),
       "meeting.policies_adopted"},
      {"MeetingCategoryNegative", Meeting([](auto& m) {
         (*m.mutable_policies_by_category())["economy"] = -1;
       }),
       "meeting.policies_by_category[\"economy\"]"},
      {"MeetingCategoryNameEmpty",
       Meeting([](auto& m) { (*m.mutable_policies_by_category())[" "] = 1; }),
       "meeting.policies_by_category[\" \"]"},
      {"MeetingCategoriesAddUpToMoreThanAdopted", Meeting([](auto& m) {
         (*m.mutable_policies_by_category())["economy"] = 8;
       }),
       "meeting.policies_by_category"},
      {"MeetingBudgetNegative",
       Meeting([](auto& m) { m.set_budget_secured_krw(-5); }),
       "meeting.budget_secured_krw"},
      {"MeetingDuplicateTopics",
       Meeting([](auto& m) { m.add_topics("port logistics"); }),
       "meeting.topics[2]"},
      {"MeetingEmptyTopic", Meeting([](auto& m) { m.set_topics(0, ""); }),
       "meeting.topics[0]"},
      {"MeetingTopicTooLong",
       Meeting([](auto& m) { m.set_topics(1, std::string(501, 't')); }),
       "meeting.topics[1]"},
      {"MeetingTooManyTopics", Meeting([](auto& m) {
         m.clear_topics();
         for (int i = 0; i < 51; ++i)
           m.add_topics("topic " + std::to_string(i));
       }),
       "meeting.topics"},
      {"MeetingDescriptionTooLong",
       Meeting([](auto& m) { m.set_description(std::string(10001, 'd')); }),
       "meeting.description"},
      {"MeetingSourceWithoutTitle", Meeting([](auto& m) {
         m.add_sources()->set_url("https://busan.go.kr");
       }),
       "meeting.sources[0].title"},

      // FundFlow.
      {"FlowFundMissing", Flow([](auto& f) { f.clear_fund(); }), "flow.fund"},
      {"FlowFundWrongCollection",
       Flow([](auto& f) { f.set_fund("indices/future-fund"); }), "flow.fund"},
      {"FlowTypeUnspecified",
       Flow([](auto& f) { f.set_type(v1::FundFlow::TYPE_UNSPECIFIED); }),
       "flow.type"},
      {"FlowTypeUnknownNumber",
       Flow([](auto& f) { f.set_type(static_cast<v1::FundFlow::Type>(9)); }),
       "flow.type"},
      {"FlowAmountZero", Flow([](auto& f) { f.set_amount_krw(0); }),
       "flow.amount_krw"},
      {"FlowAmountNegative", Flow([](auto& f) { f.set_amount_krw(-100); }),
       "flow.amount_krw"},
      {"FlowDateBad", Flow([](auto& f) { f.set_date("2025-02-29"); }),
       "flow.date"},
      {"FlowStrategyWrongCollection",
       Flow([](auto& f) { f.set_strategy("projects/s1"); }), "flow.strategy"},
      {"FlowStrategyBadId",
       Flow([](auto& f) { f.set_strategy("strategies/S 1"); }),
       "flow.strategy"},
      {"FlowStrategyBareId", Flow([](auto& f) { f.set_strategy("s1"); }),
       "flow.strategy"},
      {"FlowProjectWrongCollection",
       Flow([](auto& f) { f.set_project("strategies/p1"); }), "flow.project"},
      {"FlowProjectEmptyId", Flow([](auto& f) { f.set_project("projects/"); }),
       "flow.project"},
      {"FlowNoteTooLong",
       Flow([](auto& f) { f.set_note(std::string(1001, 'n')); }), "flow.note"},
      {"FlowNoteInvalidUtf8", Flow([](auto& f) { f.set_note(kInvalidUtf8); }),
       "flow.note"},
      {"FlowSourceBadUrl", Flow([](auto& f) {
         auto* s = f.add_sources();
         s->set_title("t");
         s->set_url("busan.go.kr");
       }),
       "flow.sources[0].url"},

      // Fund.
      {"FundDisplayNameEmpty", Fund([](auto& f) { f.clear_display_name(); }),
       "fund.display_name"},
      {"FundDisplayNameBlank", Fund([](auto& f) { f.set_display_name("   "); }),
       "fund.display_name"},
      {"FundDisplayNameTooLong",
       Fund([](auto& f) { f.set_display_name(std::string(301, 'x')); }),
       "fund.display_name"},
      {"FundDisplayNameInvalidUtf8",
       Fund([](auto& f) { f.set_display_name(kInvalidUtf8); }),
       "fund.display_name"},
      {"FundDisplayNameKoTooLong", Fund([](auto& f) {
         std::string ko;
         for (int i = 0; i < 301; ++i) ko += "펀";
         f.set_display_name_ko(ko);
       }),
       "fund.display_name_ko"},
      {"FundDescriptionTooLong",
       Fund([](auto& f) { f.set_description(std::string(10001, 'd')); }),
       "fund.description"},
      {"FundManagerTooLong",
       Fund([](auto& f) { f.set_manager(std::string(301, 'm')); }),
       "fund.manager"},
      {"FundTargetNegative", Fund([](auto& f) { f.set_target_krw(-1); }),
       "fund.target_krw"},
      {"FundStartYearOutOfRange", Fund([](auto& f) { f.set_start_year(1800); }),
       "fund.start_year"},
      {"FundEndYearOutOfRange", Fund([](auto& f) { f.set_end_year(2300); }),
       "fund.end_year"},
      {"FundEndBeforeStart", Fund([](auto& f) { f.set_end_year(2023); }),
       "fund.end_year"},
      {"FundMilestoneWithoutDescription",
       Fund([](auto& f) { f.mutable_milestones(0)->clear_description(); }),
       "fund.milestones[0].description"},
      {"FundMilestoneDescriptionTooLong", Fund([](auto& f) {
         f.add_milestones()->set_description(std::string(501, 'x'));
       }),
       "fund.milestones[1].description"},
      {"FundMilestoneAmountNegative",
       Fund([](auto& f) { f.mutable_milestones(0)->set_amount_krw(-1); }),
       "fund.milestones[0].amount_krw"},
      {"FundMilestoneDateBad",
       Fund([](auto& f) { f.mutable_milestones(0)->set_date("2024-5"); }),
       "fund.milestones[0].date"},
      {"FundMilestoneSourceWithoutTitle",
       Fund([](auto& f) { f.mutable_milestones(0)->add_sources(); }),
       "fund.milestones[0].sources[0].title"},
      {"FundTooManyMilestones", Fund([](auto& f) {
         for (int i = 0; i < 50; ++i) f.add_milestones()->set_description("m");
       }),
       "fund.milestones"},
      {"FundSourceWithoutTitle", Fund([](auto& f) { f.add_sources(); }),
       "fund.sources[0].title"},

      // RankingIndex.
      {"IndexDisplayNameEmpty", Index([](auto& i) { i.clear_display_name(); }),
       "index.display_name"},
      {"IndexDisplayNameTooLong",
       Index([](auto& i) { i.set_display_name(std::string(301, 'i')); }),
       "index.display_name"},
      {"IndexDisplayNameInvalidUtf8",
       Index([](auto& i) { i.set_display_name(kInvalidUtf8); }),
       "index.display_name"},
      {"IndexPublisherTooLong",
       Index([](auto& i) { i.set_publisher(std::string(301, 'p')); }),
       "index.publisher"},
      {"IndexDuplicateCategories",
       Index([](auto& i) { i.add_categories("Technology"); }),
       "index.categories[2]"},
      {"IndexEmptyCategory", Index([](auto& i) { i.set_categories(1, ""); }),
       "index.categories[1]"},
      {"IndexCategoryInvalidUtf8",
       Index([](auto& i) { i.set_categories(0, kInvalidUtf8); }),
       "index.categories[0]"},
      {"IndexTooManyCategories", Index([](auto& i) {
         for (int k = 0; k < 49; ++k) i.add_categories("c" + std::to_string(k));
       }),
       "index.categories"},

      // MeetingSeries.
      {"SeriesDisplayNameEmpty",
       Series([](auto& s) { s.clear_display_name(); }), "series.display_name"},
      {"SeriesDisplayNameTooLong",
       Series([](auto& s) { s.set_display_name(std::string(301, 's')); }),
       "series.display_name"},
      {"SeriesDisplayNameInvalidUtf8",
       Series([](auto& s) { s.set_display_name(kInvalidUtf8); }),
       "series.display_name"},
      {"SeriesStartedBad", Series([](auto& s) { s.set_started("2022-8"); }),
       "series.started"},
      {"SeriesDuplicatePolicyCategories",
       Series([](auto& s) { s.add_policy_categories("economy"); }),
       "series.policy_categories[1]"},
      {"SeriesSourceBadUrl", Series([](auto& s) {
         auto* source = s.add_sources();
         source->set_title("t");
         source->set_url("mailto:x@busan.go.kr");
       }),
       "series.sources[0].url"},
      {"SeriesDuplicateKeyIssues", Series([](auto& s) {
         s.add_key_issues("startups");
         s.add_key_issues("startups");
       }),
       "series.key_issues[1]"},
      {"SeriesKeyIssueWithNul",
       Series([](auto& s) { s.add_key_issues(std::string("a\0b", 3)); }),
       "series.key_issues[0]"},
      {"SeriesMeasureWithoutDescription", Series([](auto& s) {
         s.add_measures()->set_policy_category("economy");
       }),
       "series.measures[0].description"},
      {"SeriesMeasureInAnUnknownCategory", Series([](auto& s) {
         auto* measure = s.add_measures();
         measure->set_description("Three No Special Fund");
         measure->set_policy_category("tourism");
       }),
       "series.measures[0].policy_category"},
      {"SeriesMeasureSourceWithoutTitle", Series([](auto& s) {
         auto* measure = s.add_measures();
         measure->set_description("Three No Special Fund");
         measure->add_sources()->set_url("https://www.busan.go.kr/");
       }),
       "series.measures[0].sources[0].title"},
      {"SeriesTooManyMeasures", Series([](auto& s) {
         for (int i = 0; i < 51; ++i) s.add_measures()->set_description("m");
       }),
       "series.measures"},
  };
}

class InvalidRecordTest : public ::testing::TestWithParam<Case> {};

TEST_P(InvalidRecordTest, IsInvalidArgumentNamingTheField) {
  const Case& c = GetParam();
  EXPECT_THAT(c.check(), StatusIs(absl::StatusCode::kInvalidArgument,
                                  StartsWith(c.field + ": ")));
}

INSTANTIATE_TEST_SUITE_P(Fields, InvalidRecordTest,
                         ::testing::ValuesIn(InvalidCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

std::vector<Case> ValidCases() {
  return {
      {"GoodRanking", Ranking([](auto&) {}), ""},
      {"RankingEqualToTotal", Ranking([](auto& r) { r.set_rank(77); }), ""},
      {"RankingWithoutTotalAnyRank", Ranking([](auto& r) {
         r.clear_total_ranked();
         r.set_rank(500);
         (*r.mutable_category_ranks())["Technology"] = 400;
       }),
       ""},
      {"RankingMinimal", Ranking([](auto& r) {
         r.clear_published();
         r.clear_total_ranked();
         r.clear_region();
         r.clear_region_rank();
         r.clear_category_ranks();
         r.clear_sources();
       }),
       ""},
      {"RankingRegionWithoutRegionRank",
       Ranking([](auto& r) { r.clear_region_rank(); }), ""},
      {"GoodMeeting", Meeting([](auto&) {}), ""},
      {"MeetingTally", Meeting([](auto& m) {
         m.set_first_number(1);
         m.set_last_number(49);
         m.clear_date();
         m.set_period_start("2019-06");
         m.set_period_end("2024-12");
       }),
       ""},
      {"MeetingNoFigures", Meeting([](auto& m) {
         m.clear_participants();
         m.clear_policies_adopted();
         m.clear_budget_secured_krw();
         m.clear_date();
       }),
       ""},
      {"MeetingCategoriesWithoutAdoptedTotal",
       Meeting([](auto& m) { m.clear_policies_adopted(); }), ""},
      {"MeetingCategoriesEqualToAdopted", Meeting([](auto& m) {
         (*m.mutable_policies_by_category())["other"] = 3;
       }),
       ""},
      {"MeetingZeroFigures", Meeting([](auto& m) {
         m.set_participants(0);
         m.set_policies_adopted(0);
         m.clear_policies_by_category();
         m.set_budget_secured_krw(0);
       }),
       ""},
      {"MeetingPeriodEndSameDay", Meeting([](auto& m) {
         m.set_period_start("2024-06-01");
         m.set_period_end("2024-06-01");
       }),
       ""},
      // Partial dates of different precision: the period ending "2025"
      // (the whole year) does not end before one starting in June 2025.
      {"MeetingPeriodEndCoarserThanStart", Meeting([](auto& m) {
         m.clear_date();
         m.set_period_start("2025-06-15");
         m.set_period_end("2025-06");
       }),
       ""},
      {"GoodFlow", Flow([](auto&) {}), ""},
      {"FlowMinimal", Flow([](auto& f) {
         f.clear_date();
         f.clear_strategy();
         f.clear_project();
         f.clear_note();
         f.set_amount_krw(1);
       }),
       ""},
      {"FlowNoteOfThousandKoreanChars", Flow([](auto& f) {
         std::string note;
         for (int i = 0; i < 1000; ++i) note += "한";
         f.set_note(note);
       }),
       ""},
      {"FlowMaxAmount", Flow([](auto& f) { f.set_amount_krw(INT64_MAX); }), ""},
      {"GoodFund", Fund([](auto&) {}), ""},
      {"FundZeroTargetSameYears", Fund([](auto& f) {
         f.set_target_krw(0);
         f.set_end_year(2024);
       }),
       ""},
      {"FundMinimal", Fund([](auto& f) {
         f.clear_target_krw();
         f.clear_start_year();
         f.clear_end_year();
         f.clear_milestones();
         f.clear_display_name_ko();
         f.clear_manager();
       }),
       ""},
      {"GoodIndex", Index([](auto&) {}), ""},
      {"GoodSeries", Series([](auto&) {}), ""},
      {"GoodSeriesWithIssuesAndMeasures", Series([](auto& s) {
         s.add_key_issues("small business owners");
         s.add_key_issues("startups");
         auto* filed = s.add_measures();
         filed->set_description("the \"Three No Special Fund\"");
         filed->set_policy_category("economy");
         s.add_measures()->set_description("supporting policy funds");
       }),
       ""},
  };
}

class ValidRecordTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidRecordTest, IsAccepted) { EXPECT_THAT(GetParam().check(), IsOk()); }

INSTANTIATE_TEST_SUITE_P(Records, ValidRecordTest,
                         ::testing::ValuesIn(ValidCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace busan::metrics
