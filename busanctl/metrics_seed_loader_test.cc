// LoadMetricsSeed against an in-process fake MetricsService: what it
// creates, records, re-records and leaves alone, and what it sends.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <set>
#include <string>
#include <vector>

#include "busanctl/fake_metrics_service.h"
#include "busanctl/request_id.h"
#include "busanctl/resource_fields.h"
#include "busanctl/seed.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kIndex[] = "indices/smart-centres-index";
constexpr char kSeries[] = "meeting-series/emergency-economy";
constexpr char kFund[] = "funds/busan-future";

seed::v1::Seed SampleSeed() {
  seed::v1::Seed seed;
  v1::RankingIndex* index = seed.add_ranking_indices();
  index->set_name(kIndex);
  index->set_display_name("Smart Centres Index");
  index->set_publisher("Z/Yen");
  v1::MeetingSeries* series = seed.add_meeting_series();
  series->set_name(kSeries);
  series->set_display_name("Emergency economic countermeasures meeting");
  series->set_display_name_ko("비상경제대책회의");
  v1::Fund* fund = seed.add_funds();
  fund->set_name(kFund);
  fund->set_display_name("Busan future fund");
  fund->set_target_krw(200000000000);

  for (int edition : {18, 19}) {
    v1::Ranking* ranking = seed.add_rankings();
    ranking->set_index(kIndex);
    ranking->set_edition(edition);
    ranking->set_city("busan");
    ranking->set_rank(edition == 18 ? 9 : 8);
    ranking->set_total_ranked(100);
    (*ranking->mutable_category_ranks())["Technology Factors"] = 5;
    ranking->add_sources()->set_title("Busan Ranks 8th Globally");
  }
  v1::Meeting* tally = seed.add_meetings();
  tally->set_series(kSeries);
  tally->set_first_number(1);
  tally->set_last_number(49);
  tally->set_policies_adopted(300);
  v1::Meeting* meeting = seed.add_meetings();
  meeting->set_series(kSeries);
  meeting->set_first_number(50);
  meeting->set_last_number(50);
  meeting->set_participants(30);
  meeting->add_topics("tariffs");

  // Two identical flows: both must be stored.
  for (int i = 0; i < 2; ++i) {
    v1::FundFlow* flow = seed.add_fund_flows();
    flow->set_fund(kFund);
    flow->set_type(v1::FundFlow::RAISED);
    flow->set_amount_krw(25000000000);
    flow->set_date("2025");
  }
  v1::FundFlow* committed = seed.add_fund_flows();
  committed->set_fund(kFund);
  committed->set_type(v1::FundFlow::COMMITTED);
  committed->set_amount_krw(100000000000);
  return seed;
}

class MetricsSeedLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<SeedSummary> Load(const seed::v1::Seed& seed) {
    SeedSummary summary;
    absl::Status status = LoadMetricsSeed(seed, *stub_, call_, &summary);
    if (!status.ok()) return status;
    return summary;
  }

  FakeMetricsService fake_;
  std::unique_ptr<MetricsStub> stub_ = metrics::v1::MetricsService::NewStub(
      grpc::CreateChannel(fake_.address(), grpc::InsecureChannelCredentials()));
  CallOptions call_{std::chrono::seconds(10), "seed-token"};
};

TEST_F(MetricsSeedLoaderTest, FirstRunCreatesParentsThenRecordsEvents) {
  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 10, updated 0, unchanged 0");

  std::vector<std::string> methods;
  std::set<std::string> ids;
  for (const auto& write : fake_.writes()) {
    methods.push_back(write.method + " " + write.name);
    EXPECT_TRUE(IsCanonicalUuid(write.request_id)) << write.request_id;
    EXPECT_EQ(write.authorization, "Bearer seed-token");
    ids.insert(write.request_id);
  }
  EXPECT_EQ(ids.size(), methods.size()) << "request ids must be fresh";
  EXPECT_THAT(
      methods,
      ElementsAre(
          "CreateRankingIndex indices/smart-centres-index",
          "CreateMeetingSeries meeting-series/emergency-economy",
          "CreateFund funds/busan-future",
          "RecordRanking indices/smart-centres-index/editions/18/cities/busan",
          "RecordRanking indices/smart-centres-index/editions/19/cities/busan",
          "RecordMeeting meeting-series/emergency-economy/meetings/1",
          "RecordMeeting meeting-series/emergency-economy/meetings/50",
          "RecordFundFlow funds/busan-future/flows/1",
          "RecordFundFlow funds/busan-future/flows/2",
          "RecordFundFlow funds/busan-future/flows/3"));
  EXPECT_THAT(summary->changes,
              Contains("recorded funds/busan-future/flows/3"));

  // The loader looked events up by their natural keys.
  EXPECT_THAT(fake_.list_filters(),
              ElementsAre("city = \"busan\" AND edition = 18",
                          "city = \"busan\" AND edition = 19",
                          "first_number = 1", "first_number = 50", ""));
  ASSERT_EQ(fake_.rankings().size(), 2u);
  EXPECT_FALSE(
      InputFieldsDiffer(fake_.rankings()[1], SampleSeed().rankings(1)));
}

TEST_F(MetricsSeedLoaderTest, SecondRunChangesNothing) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const size_t writes = fake_.writes().size();

  auto again = Load(SampleSeed());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), "seed: created 0, updated 0, unchanged 10");
  EXPECT_THAT(again->changes, IsEmpty());
  EXPECT_EQ(fake_.writes().size(), writes);
  EXPECT_EQ(fake_.flows().size(), 3u);
}

TEST_F(MetricsSeedLoaderTest, ChangedRankingIsReRecorded) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  seed::v1::Seed changed = SampleSeed();
  changed.mutable_rankings(1)->set_rank(7);
  changed.mutable_rankings(1)->clear_total_ranked();  // Now unpublished.

  auto summary = Load(changed);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 0, updated 1, unchanged 9");
  EXPECT_THAT(
      summary->changes,
      ElementsAre(
          "updated indices/smart-centres-index/editions/19/cities/busan"));
  const auto write = fake_.writes().back();
  EXPECT_EQ(write.method, "RecordRanking");
  EXPECT_TRUE(IsCanonicalUuid(write.request_id));
  ASSERT_EQ(fake_.rankings().size(), 2u);
  EXPECT_EQ(fake_.rankings()[1].rank(), 7);
  EXPECT_FALSE(fake_.rankings()[1].has_total_ranked());

  auto settled = Load(changed);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->ToString(), "seed: created 0, updated 0, unchanged 10");
}

TEST_F(MetricsSeedLoaderTest, ChangedParentIsUpdatedWithFullMaskAndEtag) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  seed::v1::Seed changed = SampleSeed();
  changed.mutable_funds(0)->clear_target_krw();
  auto summary = Load(changed);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_THAT(summary->changes, ElementsAre("updated funds/busan-future"));
  const auto update = fake_.writes().back();
  EXPECT_EQ(update.method, "UpdateFund");
  EXPECT_FALSE(update.etag.empty());
  EXPECT_THAT(update.mask, Contains("target_krw"));
}

TEST_F(MetricsSeedLoaderTest, OnlyMissingFlowsAreRecorded) {
  // Another client stored one of the two identical RAISED flows already.
  ASSERT_TRUE(Load(seed::v1::Seed()).ok());
  seed::v1::Seed parents = SampleSeed();
  parents.clear_rankings();
  parents.clear_meetings();
  parents.clear_fund_flows();
  ASSERT_TRUE(Load(parents).ok());
  fake_.Put(SampleSeed().fund_flows(0));

  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(fake_.flows().size(), 3u);
  // 3 parents and 1 flow unchanged; 2 rankings, 2 meetings, 2 flows new.
  EXPECT_EQ(summary->ToString(), "seed: created 6, updated 0, unchanged 4");
}

TEST_F(MetricsSeedLoaderTest, ChangedMeetingIsReportedAndTheRestStillLoads) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  seed::v1::Seed changed = SampleSeed();
  changed.mutable_meetings(1)->set_participants(31);
  changed.mutable_meetings(1)->add_topics("ports");
  v1::FundFlow* extra = changed.add_fund_flows();
  extra->set_fund(kFund);
  extra->set_type(v1::FundFlow::EXECUTED);
  extra->set_amount_krw(1000);

  auto summary = Load(changed);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("meeting-series/emergency-economy/meetings/50 differs "
                        "in participants, topics"));
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("append-only"));
  // The meeting was not touched; the new flow after it was recorded.
  EXPECT_EQ(fake_.meetings()[1].participants(), 30);
  EXPECT_EQ(fake_.flows().size(), 4u);
  EXPECT_EQ(fake_.writes().back().method, "RecordFundFlow");
}

TEST_F(MetricsSeedLoaderTest, FailedCallNamesTheRecordAndKeepsItsCode) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  seed::v1::Seed more = SampleSeed();
  v1::Ranking* ranking = more.add_rankings();
  ranking->set_index("indices/missing");
  ranking->set_edition(1);
  ranking->set_city("busan");
  ranking->set_rank(1);
  auto summary = Load(more);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("indices/missing/editions/1/cities/busan: "));

  fake_.FailWritesTo(kFund,
                     grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                                  "flow.amount_krw: total would overflow"));
  seed::v1::Seed flows = SampleSeed();
  *flows.add_fund_flows() = flows.fund_flows(2);
  summary = Load(flows);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("funds/busan-future (flow 4 of 4 in the seed): "
                        "flow.amount_krw: total would overflow"));
}

}  // namespace
}  // namespace busan::ctl
