// LoadMetricsSeed against a real in-process metrics-service: what it
// creates, records, re-records and leaves alone, and what it sends
// (recorded by a server interceptor).
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "busanctl/seed/seed.h"
#include "client/input_fields.h"
#include "common/uuid/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/call_recorder.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::metrics::v1;
using ::busan::client::InputFieldsDiffer;
using ::busan::ctl::SeedSummary;
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
  // What the service stores, read through its domain.
  std::vector<v1::Ranking> Rankings() {
    listing::ListQuery query;
    query.parent = kIndex;
    query.page_size = 1000;
    v1::ListRankingsResponse response;
    EXPECT_TRUE(server_.metrics().ListRankings(query, &response).ok());
    return {response.rankings().begin(), response.rankings().end()};
  }
  std::vector<v1::Meeting> Meetings() {
    listing::ListQuery query;
    query.parent = kSeries;
    query.page_size = 1000;
    v1::ListMeetingsResponse response;
    EXPECT_TRUE(server_.metrics().ListMeetings(query, &response).ok());
    return {response.meetings().begin(), response.meetings().end()};
  }
  size_t FlowCount() {
    v1::FundTotals totals;
    EXPECT_TRUE(server_.metrics().GetFundTotals(kFund, &totals).ok());
    return static_cast<size_t>(totals.flow_count());
  }
  // The filters of the List calls the loader made, in order.
  std::vector<std::string> ListFilters() {
    std::vector<std::string> filters;
    for (const CallRecorder::Call& call : recorder_.Calls()) {
      if (call.method.rfind("List", 0) == 0) {
        filters.push_back(call.StringField("filter"));
      }
    }
    return filters;
  }

  CallRecorder recorder_;
  MetricsServer server_{{}, nullptr, &recorder_};
  std::unique_ptr<v1::MetricsService::Stub> stub_ = server_.NewStub();
  client::CallOptions call_{std::chrono::seconds(10), "seed-token"};
};

TEST_F(MetricsSeedLoaderTest, FirstRunCreatesParentsThenRecordsEvents) {
  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->ToString(), "seed: created 10, updated 0, unchanged 0");

  std::vector<std::string> methods;
  std::set<std::string> ids;
  for (const CallRecorder::Call& write : recorder_.Writes()) {
    methods.push_back(write.method);
    const std::string id = write.StringField("request_id");
    EXPECT_TRUE(uuid::IsCanonical(id)) << id;
    EXPECT_EQ(write.authorization, "Bearer seed-token");
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), methods.size()) << "request ids must be fresh";
  EXPECT_THAT(methods,
              ElementsAre("CreateRankingIndex", "CreateMeetingSeries",
                          "CreateFund", "RecordRanking", "RecordRanking",
                          "RecordMeeting", "RecordMeeting", "RecordFundFlow",
                          "RecordFundFlow", "RecordFundFlow"));
  EXPECT_THAT(
      summary->changes,
      ElementsAre(
          "created indices/smart-centres-index",
          "created meeting-series/emergency-economy",
          "created funds/busan-future",
          "recorded indices/smart-centres-index/editions/18/cities/busan",
          "recorded indices/smart-centres-index/editions/19/cities/busan",
          "recorded meeting-series/emergency-economy/meetings/1",
          "recorded meeting-series/emergency-economy/meetings/50",
          "recorded funds/busan-future/flows/1",
          "recorded funds/busan-future/flows/2",
          "recorded funds/busan-future/flows/3"));

  // The loader looked events up by their natural keys.
  EXPECT_THAT(ListFilters(),
              ElementsAre("city = \"busan\" AND edition = 18",
                          "city = \"busan\" AND edition = 19",
                          "first_number = 1", "first_number = 50", ""));
  const std::vector<v1::Ranking> rankings = Rankings();
  ASSERT_EQ(rankings.size(), 2u);
  EXPECT_FALSE(InputFieldsDiffer(rankings[1], SampleSeed().rankings(1)));
}

TEST_F(MetricsSeedLoaderTest, SecondRunChangesNothing) {
  ASSERT_TRUE(Load(SampleSeed()).ok());
  const size_t writes = recorder_.Writes().size();

  auto again = Load(SampleSeed());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), "seed: created 0, updated 0, unchanged 10");
  EXPECT_THAT(again->changes, IsEmpty());
  EXPECT_EQ(recorder_.Writes().size(), writes);
  EXPECT_EQ(FlowCount(), 3u);
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
  const CallRecorder::Call write = recorder_.Writes().back();
  EXPECT_EQ(write.method, "RecordRanking");
  EXPECT_TRUE(uuid::IsCanonical(write.StringField("request_id")));
  const std::vector<v1::Ranking> rankings = Rankings();
  ASSERT_EQ(rankings.size(), 2u);
  EXPECT_EQ(rankings[1].rank(), 7);
  EXPECT_FALSE(rankings[1].has_total_ranked());

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
  const auto* update = recorder_.Writes().back().As<v1::UpdateFundRequest>();
  ASSERT_NE(update, nullptr);
  EXPECT_FALSE(update->fund().etag().empty());
  EXPECT_THAT(update->update_mask().paths(), Contains("target_krw"));
  v1::Fund stored;
  ASSERT_TRUE(server_.metrics().Get(kFund, &stored).ok());
  EXPECT_FALSE(stored.has_target_krw());
}

TEST_F(MetricsSeedLoaderTest, OnlyMissingFlowsAreRecorded) {
  // Another client stored one of the two identical RAISED flows already.
  seed::v1::Seed parents = SampleSeed();
  parents.clear_rankings();
  parents.clear_meetings();
  parents.clear_fund_flows();
  ASSERT_TRUE(Load(parents).ok());
  ASSERT_TRUE(
      server_.metrics().RecordFundFlow(SampleSeed().fund_flows(0), {}).ok());

  auto summary = Load(SampleSeed());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(FlowCount(), 3u);
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
  const std::vector<v1::Meeting> meetings = Meetings();
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[1].participants(), 30);
  EXPECT_EQ(FlowCount(), 4u);
  EXPECT_EQ(recorder_.Writes().back().method, "RecordFundFlow");
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
  // Looking it up first finds no such index. The ranking has no name yet
  // (the server gives it one when recorded), so its key names it.
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("indices/missing edition 1 for busan: "));

  // A flow the server refuses: the committed total would overflow.
  seed::v1::Seed flows = SampleSeed();
  v1::FundFlow* huge = flows.add_fund_flows();
  huge->set_fund(kFund);
  huge->set_type(v1::FundFlow::COMMITTED);
  huge->set_amount_krw(INT64_MAX);
  summary = Load(flows);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("funds/busan-future (flow 4 of 4 in the seed): "));
  EXPECT_THAT(std::string(summary.status().message()), HasSubstr("overflow"));
}

}  // namespace
}  // namespace busan::testing
