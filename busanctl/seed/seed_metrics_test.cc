// The parts of the metrics seed loader that need no server: matching fund
// flows as a multiset, validating the metrics half of a seed, and telling
// which input fields of two records differ.
#include <string>
#include <vector>

#include "busanctl/seed/seed.h"
#include "client/input_fields.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

v1::FundFlow Flow(v1::FundFlow::Type type, int64_t amount_krw,
                  const std::string& date = "2025") {
  v1::FundFlow flow;
  flow.set_fund("funds/busan-future");
  flow.set_type(type);
  flow.set_amount_krw(amount_krw);
  flow.set_date(date);
  flow.add_sources()->set_title("Busan press release");
  return flow;
}

// `flow` as the server returns it: named and timestamped.
v1::FundFlow Stored(v1::FundFlow flow, int number) {
  flow.set_name("funds/busan-future/flows/" + std::to_string(number));
  flow.mutable_create_time()->set_seconds(1700000000 + number);
  return flow;
}

TEST(UnmatchedFundFlowsTest, NothingStoredMeansEverythingIsMissing) {
  const std::vector<v1::FundFlow> wanted = {Flow(v1::FundFlow::RAISED, 5),
                                            Flow(v1::FundFlow::RAISED, 5)};
  EXPECT_THAT(UnmatchedFundFlows(wanted, {}), ElementsAre(0, 1));
  EXPECT_THAT(UnmatchedFundFlows({}, {Stored(wanted[0], 1)}), IsEmpty());
}

TEST(UnmatchedFundFlowsTest, IgnoresNameAndCreateTime) {
  const v1::FundFlow flow = Flow(v1::FundFlow::COMMITTED, 100);
  EXPECT_THAT(UnmatchedFundFlows({flow}, {Stored(flow, 7)}), IsEmpty());
}

TEST(UnmatchedFundFlowsTest, IdenticalFlowsAreCountedNotJustSeen) {
  const v1::FundFlow raised = Flow(v1::FundFlow::RAISED, 5);
  const v1::FundFlow executed = Flow(v1::FundFlow::EXECUTED, 5);
  // Two identical RAISED flows wanted, one stored: the second is missing.
  EXPECT_THAT(UnmatchedFundFlows({raised, executed, raised},
                                 {Stored(executed, 1), Stored(raised, 2)}),
              ElementsAre(2));
  // Both stored: nothing is missing; an extra stored flow is left alone.
  EXPECT_THAT(UnmatchedFundFlows(
                  {raised, raised},
                  {Stored(raised, 1), Stored(raised, 2), Stored(raised, 3)}),
              IsEmpty());
}

TEST(UnmatchedFundFlowsTest, EveryInputFieldTakesPart) {
  const v1::FundFlow base = Flow(v1::FundFlow::RAISED, 5);
  std::vector<v1::FundFlow> variants(7, base);
  variants[0].set_type(v1::FundFlow::ALLOCATED);
  variants[1].set_amount_krw(6);
  variants[2].set_date("2025-01");
  variants[3].set_strategy("strategies/marine");
  variants[4].set_project("projects/port-ax");
  variants[5].set_note("second round");
  variants[6].mutable_sources(0)->set_url("https://www.busan.go.kr/");
  for (const v1::FundFlow& variant : variants) {
    EXPECT_THAT(UnmatchedFundFlows({variant}, {Stored(base, 1)}),
                ElementsAre(0))
        << variant.ShortDebugString();
  }
  v1::FundFlow other_fund = base;
  other_fund.set_fund("funds/other");
  EXPECT_THAT(UnmatchedFundFlows({other_fund}, {Stored(base, 1)}),
              ElementsAre(0));
}

TEST(DifferingInputFieldsTest, NamesTheFieldsThatDifferInFieldOrder) {
  v1::Meeting wanted;
  wanted.set_series("meeting-series/s");
  wanted.set_first_number(50);
  wanted.set_last_number(50);
  wanted.set_participants(30);
  (*wanted.mutable_policies_by_category())["jobs"] = 3;
  v1::Meeting stored = wanted;
  stored.set_name("meeting-series/s/meetings/50");
  stored.mutable_create_time()->set_seconds(1);
  EXPECT_THAT(DifferingInputFields(stored, wanted), IsEmpty());
  EXPECT_FALSE(InputFieldsDiffer(stored, wanted));

  stored.clear_participants();  // Unpublished is not the same as 30.
  (*stored.mutable_policies_by_category())["jobs"] = 4;
  stored.add_topics("tariffs");
  EXPECT_THAT(DifferingInputFields(stored, wanted),
              ElementsAre("participants", "policies_by_category", "topics"));
  EXPECT_TRUE(InputFieldsDiffer(stored, wanted));
}

TEST(HasRecordsTest, EachHalfOnItsOwn) {
  seed::v1::Seed seed;
  EXPECT_FALSE(HasCatalogRecords(seed));
  EXPECT_FALSE(HasMetricsRecords(seed));
  seed.add_fund_flows();
  EXPECT_FALSE(HasCatalogRecords(seed));
  EXPECT_TRUE(HasMetricsRecords(seed));
  seed.Clear();
  seed.add_projects();
  EXPECT_TRUE(HasCatalogRecords(seed));
  EXPECT_FALSE(HasMetricsRecords(seed));
}

seed::v1::Seed ValidMetricsSeed() {
  seed::v1::Seed seed;
  seed.add_ranking_indices()->set_name("indices/smart-centres-index");
  seed.add_meeting_series()->set_name("meeting-series/emergency-economy");
  seed.add_funds()->set_name("funds/busan-future");
  v1::Ranking* ranking = seed.add_rankings();
  ranking->set_index("indices/smart-centres-index");
  ranking->set_edition(19);
  ranking->set_city("busan");
  ranking->set_rank(8);
  v1::Meeting* meeting = seed.add_meetings();
  meeting->set_series("meeting-series/emergency-economy");
  meeting->set_first_number(50);
  meeting->set_last_number(50);
  *seed.add_fund_flows() = Flow(v1::FundFlow::RAISED, 5);
  *seed.add_fund_flows() = Flow(v1::FundFlow::RAISED, 5);  // Allowed twice.
  return seed;
}

TEST(ValidateSeedTest, AcceptsAValidMetricsHalf) {
  const absl::Status status = ValidateSeed(ValidMetricsSeed());
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidateSeedTest, ParentsNeedNamesOfTheirCollection) {
  seed::v1::Seed seed = ValidMetricsSeed();
  seed.mutable_ranking_indices(0)->set_name("rankings/smart-centres-index");
  EXPECT_THAT(
      std::string(ValidateSeed(seed).message()),
      StartsWith("ranking_indices[0].name: \"rankings/"
                 "smart-centres-index\" is not of the form indices/ID"));

  seed = ValidMetricsSeed();
  seed.add_funds()->set_name("funds/busan-future");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              HasSubstr("funds[1].name: \"funds/busan-future\" is already "
                        "used by funds[0]"));

  seed = ValidMetricsSeed();
  seed.mutable_meeting_series(0)->set_etag("3");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("meeting_series[0].etag: output only"));
}

TEST(ValidateSeedTest, EventsReferToAParentOfTheRightForm) {
  seed::v1::Seed seed = ValidMetricsSeed();
  seed.mutable_rankings(0)->set_index("smart-centres-index");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("rankings[0].index: \"smart-centres-index\" is not "
                         "of the form indices/ID"));

  seed = ValidMetricsSeed();
  seed.mutable_meetings(0)->set_series("funds/busan-future");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("meetings[0].series: "));

  seed = ValidMetricsSeed();
  seed.mutable_fund_flows(1)->clear_fund();
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("fund_flows[1].fund: \"\" is not of the form "
                         "funds/ID"));

  seed = ValidMetricsSeed();
  seed.mutable_rankings(0)->set_city("Busan City");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("rankings[0].city: \"Busan City\" is not a city id"));
}

TEST(ValidateSeedTest, EventsMustNotSetOutputOnlyFields) {
  seed::v1::Seed seed = ValidMetricsSeed();
  seed.mutable_rankings(0)->set_name(
      "indices/smart-centres-index/editions/19/cities/busan");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("rankings[0].name: output only"));

  seed = ValidMetricsSeed();
  seed.mutable_meetings(0)->mutable_create_time()->set_seconds(1);
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("meetings[0].create_time: output only"));

  seed = ValidMetricsSeed();
  seed.mutable_fund_flows(0)->set_name("funds/busan-future/flows/1");
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("fund_flows[0].name: output only"));
}

TEST(ValidateSeedTest, NaturalKeysOfRankingsAndMeetingsAreUnique) {
  seed::v1::Seed seed = ValidMetricsSeed();
  *seed.add_rankings() = seed.rankings(0);
  seed.mutable_rankings(1)->set_rank(9);
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("rankings[1]: edition 19 of "
                         "indices/smart-centres-index for city busan is "
                         "already given by rankings[0]"));
  seed.mutable_rankings(1)->set_city("seoul");
  EXPECT_TRUE(ValidateSeed(seed).ok());

  *seed.add_meetings() = seed.meetings(0);
  EXPECT_THAT(std::string(ValidateSeed(seed).message()),
              StartsWith("meetings[1]: first_number 50 of "
                         "meeting-series/emergency-economy is already given "
                         "by meetings[0]"));
}

}  // namespace
}  // namespace busan::ctl
