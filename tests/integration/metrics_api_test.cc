// MetricsService as its clients see it over gRPC: the standard methods of
// the three parents, each List's parent, filter, order and paging, the
// queries, and the canonical error codes with field-path messages on the
// wire. The domain's own rules are tested in metrics-service/domain/.
// The bodies run against the in-process server (metrics_api_test) and the
// metrics-service binary (metrics_api_binary_test): see service_target.h.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/metrics_server.h"
#include "tests/support/service_target.h"

namespace busan::testing {
namespace {

using metrics::v1::Fund;
using metrics::v1::FundFlow;
using metrics::v1::MetricsService;
using ::testing::ElementsAre;
using ::testing::StartsWith;

using Stub = MetricsService::Stub;

// The tests share one running service of each target kind
// (SharedTargetTest).
class MetricsApiTest : public SharedTargetTest<MetricsTraits> {
 protected:
  static constexpr char kBinary[] = BUSAN_BIN_DIR "/metrics-service";

  static void SetUpTestSuite() { StartSuite(kBinary); }

  void SetUp() override {
    SharedTargetTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = target_->NewStub<MetricsService>();
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    return (stub_.get()->*method)(&context, request, response);
  }

  // Creates the fund "funds/" + Id(base); its manager is this test's, so
  // that a ListFunds filter can keep to the test's funds.
  Fund CreateFund(const std::string& base, std::optional<int64_t> target = {},
                  const std::string& display_name = "") {
    metrics::v1::CreateFundRequest request;
    request.set_fund_id(Id(base));
    request.set_request_id(NewRequestId());
    request.mutable_fund()->set_display_name(
        display_name.empty() ? "Fund " + base : display_name);
    request.mutable_fund()->set_manager(Manager());
    if (target) request.mutable_fund()->set_target_krw(*target);
    Fund fund;
    EXPECT_OK(Call(&Stub::CreateFund, request, &fund));
    return fund;
  }
  std::string Manager() const { return Id("manager"); }

  grpc::Status RecordFlow(const std::string& fund, FundFlow::Type type,
                          int64_t amount, FundFlow* out = nullptr,
                          const std::string& request_id = "") {
    metrics::v1::RecordFundFlowRequest request;
    request.set_request_id(request_id);
    request.mutable_flow()->set_fund(fund);
    request.mutable_flow()->set_type(type);
    request.mutable_flow()->set_amount_krw(amount);
    FundFlow ignored;
    return Call(&Stub::RecordFundFlow, request, out ? out : &ignored);
  }

  grpc::Status RecordRanking(const std::string& index, const std::string& city,
                             int edition, int rank) {
    metrics::v1::RecordRankingRequest request;
    request.set_request_id(NewRequestId());
    auto* ranking = request.mutable_ranking();
    ranking->set_index(index);
    ranking->set_city(city);
    ranking->set_edition(edition);
    ranking->set_rank(rank);
    ranking->set_total_ranked(100);
    metrics::v1::Ranking ignored;
    return Call(&Stub::RecordRanking, request, &ignored);
  }

  // Creates the ranking index "indices/" + Id(base) and returns its name.
  std::string CreateIndex(const std::string& base) {
    metrics::v1::CreateRankingIndexRequest request;
    request.set_index_id(Id(base));
    request.mutable_index()->set_display_name("Index " + base);
    metrics::v1::RankingIndex index;
    EXPECT_OK(Call(&Stub::CreateRankingIndex, request, &index));
    return "indices/" + Id(base);
  }

  std::unique_ptr<Stub> stub_;
};

// --- Standard methods ------------------------------------------------------

TEST_P(MetricsApiTest, FundStandardMethods) {
  const std::string name = "funds/" + Id("future-fund");
  metrics::v1::CreateFundRequest create;
  create.set_fund_id(Id("future-fund"));
  create.set_request_id(NewRequestId());
  Fund* body = create.mutable_fund();
  body->set_display_name("Busan Future Fund");
  body->set_display_name_ko("부산 미래성장 펀드");
  body->set_target_krw(1'000'000'000'000);
  body->set_start_year(2025);
  body->set_etag("ignored");
  body->add_milestones()->set_description("first close");
  auto* source = body->add_sources();
  source->set_title("Busan press release");
  source->set_url("https://www.busan.go.kr/");
  Fund created;
  ASSERT_OK(Call(&Stub::CreateFund, create, &created));
  EXPECT_EQ(created.name(), name);
  EXPECT_EQ(created.display_name_ko(), "부산 미래성장 펀드");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_TRUE(created.has_update_time());
  EXPECT_FALSE(created.etag().empty());
  EXPECT_NE(created.etag(), "ignored");

  // The same request again replays; another id for the same fund_id is
  // ALREADY_EXISTS.
  Fund replayed;
  ASSERT_OK(Call(&Stub::CreateFund, create, &replayed));
  EXPECT_EQ(replayed.etag(), created.etag());
  create.set_request_id(NewRequestId());
  EXPECT_THAT(Call(&Stub::CreateFund, create, &replayed),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));

  metrics::v1::GetFundRequest get;
  get.set_name(name);
  Fund got;
  ASSERT_OK(Call(&Stub::GetFund, get, &got));
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  metrics::v1::UpdateFundRequest update;
  update.set_request_id(NewRequestId());
  update.mutable_fund()->set_name(name);
  update.mutable_fund()->set_manager("BNK Venture Capital");
  update.mutable_fund()->set_etag(created.etag());
  update.mutable_update_mask()->add_paths("manager");
  Fund updated;
  ASSERT_OK(Call(&Stub::UpdateFund, update, &updated));
  EXPECT_EQ(updated.manager(), "BNK Venture Capital");
  EXPECT_EQ(updated.target_krw(), 1'000'000'000'000);
  EXPECT_EQ(updated.milestones_size(), 1);
  EXPECT_NE(updated.etag(), created.etag());

  // Stale etag on update and delete.
  update.set_request_id(NewRequestId());
  EXPECT_THAT(Call(&Stub::UpdateFund, update, &updated),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));
  metrics::v1::DeleteFundRequest del;
  del.set_name(name);
  del.set_etag(created.etag());
  google::protobuf::Empty empty;
  EXPECT_THAT(Call(&Stub::DeleteFund, del, &empty),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));

  // Clearing target_krw through the mask.
  update.set_request_id(NewRequestId());
  update.mutable_fund()->set_etag(updated.etag());
  update.mutable_update_mask()->clear_paths();
  update.mutable_update_mask()->add_paths("target_krw");
  ASSERT_OK(Call(&Stub::UpdateFund, update, &updated));
  EXPECT_FALSE(updated.has_target_krw());
  EXPECT_EQ(updated.manager(), "BNK Venture Capital");

  del.set_etag(updated.etag());
  del.set_request_id(NewRequestId());
  ASSERT_OK(Call(&Stub::DeleteFund, del, &empty));
  EXPECT_THAT(Call(&Stub::GetFund, get, &got),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  // A retried delete replays its success.
  EXPECT_OK(Call(&Stub::DeleteFund, del, &empty));
  del.set_request_id(NewRequestId());
  EXPECT_THAT(Call(&Stub::DeleteFund, del, &empty),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_P(MetricsApiTest, RankingIndexStandardMethods) {
  const std::string name = "indices/" + Id("smart-centres-index");
  metrics::v1::CreateRankingIndexRequest create;
  create.set_index_id(Id("smart-centres-index"));
  create.mutable_index()->set_display_name("Smart Centres Index");
  create.mutable_index()->set_publisher("Z/Yen");
  create.mutable_index()->add_categories("Technology Factors");
  metrics::v1::RankingIndex created;
  ASSERT_OK(Call(&Stub::CreateRankingIndex, create, &created));
  EXPECT_EQ(created.name(), name);

  metrics::v1::UpdateRankingIndexRequest update;
  *update.mutable_index() = created;
  update.mutable_index()->add_categories("Business Factors");
  update.mutable_update_mask()->add_paths("categories");
  metrics::v1::RankingIndex updated;
  ASSERT_OK(Call(&Stub::UpdateRankingIndex, update, &updated));
  EXPECT_THAT(updated.categories(),
              ElementsAre("Technology Factors", "Business Factors"));
  EXPECT_EQ(updated.publisher(), "Z/Yen");

  metrics::v1::ListRankingIndicesRequest list;
  list.set_filter(absl::StrCat("name = \"", name, "\""));
  metrics::v1::ListRankingIndicesResponse listed;
  ASSERT_OK(Call(&Stub::ListRankingIndices, list, &listed));
  ASSERT_EQ(listed.indices_size(), 1);
  EXPECT_EQ(listed.indices(0).etag(), updated.etag());
  EXPECT_EQ(listed.total_size(), 1);

  ASSERT_OK(RecordRanking(name, "busan", 1, 20));
  metrics::v1::DeleteRankingIndexRequest del;
  del.set_name(name);
  google::protobuf::Empty empty;
  EXPECT_THAT(Call(&Stub::DeleteRankingIndex, del, &empty),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  del.set_force(true);
  ASSERT_OK(Call(&Stub::DeleteRankingIndex, del, &empty));
  metrics::v1::GetRankingIndexRequest get;
  get.set_name(name);
  EXPECT_THAT(Call(&Stub::GetRankingIndex, get, &updated),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_P(MetricsApiTest, MeetingSeriesStandardMethodsAndStats) {
  metrics::v1::CreateMeetingSeriesRequest create;
  create.set_series_id(Id("economy-meeting"));
  create.mutable_series()->set_display_name("Economy Meeting");
  create.mutable_series()->set_started("2022-08");
  metrics::v1::MeetingSeries created;
  ASSERT_OK(Call(&Stub::CreateMeetingSeries, create, &created));
  EXPECT_EQ(created.name(), "meeting-series/" + Id("economy-meeting"));

  metrics::v1::GetMeetingSeriesRequest get;
  get.set_name(created.name());
  metrics::v1::MeetingSeries got;
  ASSERT_OK(Call(&Stub::GetMeetingSeries, get, &got));
  EXPECT_EQ(got.started(), "2022-08");

  metrics::v1::UpdateMeetingSeriesRequest update;
  update.mutable_series()->set_name(created.name());
  update.mutable_series()->set_display_name_ko("경제 회의");
  update.mutable_update_mask()->add_paths("display_name_ko");
  metrics::v1::MeetingSeries updated;
  ASSERT_OK(Call(&Stub::UpdateMeetingSeries, update, &updated));
  EXPECT_EQ(updated.display_name_ko(), "경제 회의");
  EXPECT_EQ(updated.display_name(), "Economy Meeting");

  for (int first : {1, 50}) {
    metrics::v1::RecordMeetingRequest record;
    record.set_request_id(NewRequestId());
    auto* meeting = record.mutable_meeting();
    meeting->set_series(created.name());
    meeting->set_first_number(first);
    meeting->set_last_number(first == 1 ? 49 : 50);
    meeting->set_participants(first == 1 ? 4900 : 100);
    metrics::v1::Meeting stored;
    ASSERT_OK(Call(&Stub::RecordMeeting, record, &stored));
    EXPECT_EQ(stored.name(), absl::StrCat(created.name(), "/meetings/", first));
  }
  metrics::v1::RecordMeetingRequest overlap;
  overlap.mutable_meeting()->set_series(created.name());
  overlap.mutable_meeting()->set_first_number(49);
  overlap.mutable_meeting()->set_last_number(51);
  metrics::v1::Meeting ignored;
  EXPECT_THAT(Call(&Stub::RecordMeeting, overlap, &ignored),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));

  metrics::v1::GetMeetingStatsRequest stats_request;
  stats_request.set_series(created.name());
  metrics::v1::MeetingStats stats;
  ASSERT_OK(Call(&Stub::GetMeetingStats, stats_request, &stats));
  EXPECT_EQ(stats.meeting_count(), 50);
  EXPECT_EQ(stats.total_participants(), 5000);
  EXPECT_EQ(stats.meetings_with_participants(), 50);

  metrics::v1::ListMeetingsRequest list;
  list.set_parent(created.name());
  list.set_page_size(1);
  metrics::v1::ListMeetingsResponse page;
  ASSERT_OK(Call(&Stub::ListMeetings, list, &page));
  ASSERT_EQ(page.meetings_size(), 1);
  EXPECT_EQ(page.meetings(0).first_number(), 1);
  EXPECT_EQ(page.total_size(), 2);
  list.set_page_token(page.next_page_token());
  ASSERT_OK(Call(&Stub::ListMeetings, list, &page));
  ASSERT_EQ(page.meetings_size(), 1);
  EXPECT_EQ(page.meetings(0).first_number(), 50);
  EXPECT_TRUE(page.next_page_token().empty());

  metrics::v1::ListMeetingSeriesRequest list_series;
  list_series.set_filter(absl::StrCat("name = \"", created.name(), "\""));
  metrics::v1::ListMeetingSeriesResponse all_series;
  ASSERT_OK(Call(&Stub::ListMeetingSeries, list_series, &all_series));
  ASSERT_EQ(all_series.meeting_series_size(), 1);
  EXPECT_EQ(all_series.meeting_series(0).display_name_ko(), "경제 회의");

  metrics::v1::DeleteMeetingSeriesRequest del;
  del.set_name(created.name());
  google::protobuf::Empty empty;
  EXPECT_THAT(Call(&Stub::DeleteMeetingSeries, del, &empty),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  del.set_force(true);
  ASSERT_OK(Call(&Stub::DeleteMeetingSeries, del, &empty));
  EXPECT_THAT(Call(&Stub::GetMeetingStats, stats_request, &stats),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

// --- Lists -----------------------------------------------------------------

TEST_P(MetricsApiTest, ListRankingsFilterWalksEveryPageOnce) {
  const std::string sci = CreateIndex("sci");
  const std::string other = CreateIndex("other");
  for (int edition = 1; edition <= 12; ++edition) {
    for (const char* city : {"busan", "busan-jung", "seoul"}) {
      ASSERT_OK(RecordRanking(sci, city, edition, edition + 1));
    }
  }
  ASSERT_OK(RecordRanking(other, "busan", 7, 3));

  metrics::v1::ListRankingsRequest request;
  request.set_parent(sci);
  request.set_filter("city = \"busan\" AND edition >= 5");
  request.set_page_size(3);
  std::vector<int> editions;
  int pages = 0;
  bool wrote_between_pages = false;
  while (true) {
    metrics::v1::ListRankingsResponse page;
    ASSERT_OK(Call(&Stub::ListRankings, request, &page));
    ++pages;
    if (pages == 1) {
      EXPECT_EQ(page.total_size(), 8);
    }
    for (const auto& ranking : page.rankings()) {
      EXPECT_EQ(ranking.city(), "busan");
      EXPECT_EQ(ranking.index(), sci);
      EXPECT_GE(ranking.edition(), 5);
      editions.push_back(ranking.edition());
    }
    if (!wrote_between_pages) {
      // Writes between pages: a replaced result and new ones elsewhere.
      ASSERT_OK(RecordRanking(sci, "busan", 5, 2));
      ASSERT_OK(RecordRanking(sci, "busan", 2, 2));
      ASSERT_OK(RecordRanking(sci, "busan-a", 9, 2));
      wrote_between_pages = true;
    }
    if (page.next_page_token().empty()) break;
    ASSERT_LE(page.rankings_size(), 3);
    request.set_page_token(page.next_page_token());
    ASSERT_LT(pages, 20);
  }
  EXPECT_THAT(editions, ElementsAre(5, 6, 7, 8, 9, 10, 11, 12));
  EXPECT_EQ(pages, 3);

  // Without the city: every city's editions >= 5, each once.
  request.set_filter("edition >= 5");
  request.clear_page_token();
  request.set_page_size(5);
  std::multiset<std::string> seen;
  for (int guard = 0; guard < 50; ++guard) {
    metrics::v1::ListRankingsResponse page;
    ASSERT_OK(Call(&Stub::ListRankings, request, &page));
    for (const auto& ranking : page.rankings()) seen.insert(ranking.name());
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(seen.size(), 25u);  // 3 cities x 8 editions + busan-a 9
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(),
            seen.size());
}

TEST_P(MetricsApiTest, ListFundFlowsFilterAndOrderWalkEveryPageOnce) {
  const std::string f = CreateFund("f").name();
  const std::string g = CreateFund("g").name();
  std::multiset<int64_t, std::greater<>> raised;
  const FundFlow::Type types[] = {FundFlow::RAISED, FundFlow::COMMITTED,
                                  FundFlow::RAISED, FundFlow::EXECUTED};
  for (int i = 0; i < 40; ++i) {
    const FundFlow::Type type = types[i % 4];
    const int64_t amount = 1'000 + (i * 37) % 11 * 100;  // repeats: ties
    ASSERT_OK(RecordFlow(f, type, amount));
    if (type == FundFlow::RAISED) raised.insert(amount);
  }
  ASSERT_OK(RecordFlow(g, FundFlow::RAISED, 999'999));

  metrics::v1::ListFundFlowsRequest request;
  request.set_parent(f);
  request.set_filter("type = RAISED");
  request.set_order_by("amount_krw desc");
  request.set_page_size(3);
  std::vector<int64_t> amounts;
  std::set<std::string> names;
  int pages = 0;
  while (true) {
    metrics::v1::ListFundFlowsResponse page;
    ASSERT_OK(Call(&Stub::ListFundFlows, request, &page));
    if (pages++ == 0) {
      EXPECT_EQ(page.total_size(), 20);
    }
    EXPECT_LE(page.flows_size(), 3);
    for (const FundFlow& flow : page.flows()) {
      EXPECT_EQ(flow.type(), FundFlow::RAISED);
      EXPECT_EQ(flow.fund(), f);
      EXPECT_TRUE(names.insert(flow.name()).second)
          << flow.name() << " listed twice";
      amounts.push_back(flow.amount_krw());
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
    ASSERT_LT(pages, 50);
  }
  EXPECT_EQ(pages, 7);
  EXPECT_THAT(amounts,
              ::testing::ElementsAreArray(raised.begin(), raised.end()));

  // Default order is recording order; enum by number; AND of two filters.
  metrics::v1::ListFundFlowsRequest plain;
  plain.set_parent(f);
  plain.set_page_size(1000);
  metrics::v1::ListFundFlowsResponse all;
  ASSERT_OK(Call(&Stub::ListFundFlows, plain, &all));
  ASSERT_EQ(all.flows_size(), 40);
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(all.flows(i).type(), types[i % 4]) << i;
  }
  plain.set_filter("type = 4 AND amount_krw >= 1500");
  ASSERT_OK(Call(&Stub::ListFundFlows, plain, &all));
  for (const FundFlow& flow : all.flows()) {
    EXPECT_EQ(flow.type(), FundFlow::EXECUTED);
    EXPECT_GE(flow.amount_krw(), 1500);
  }
  EXPECT_EQ(all.total_size(), all.flows_size());
}

TEST_P(MetricsApiTest, ListFundsFilterOrderAndClampedPageSize) {
  const std::string a = CreateFund("a", 300, "Alpha").name();
  CreateFund("b", 100, "Bravo");
  CreateFund("c", std::nullopt, "Charlie");
  const std::string d = CreateFund("d", 200, "Delta").name();
  metrics::v1::ListFundsRequest request;
  request.set_filter(
      absl::StrCat("manager = \"", Manager(), "\" AND target_krw >= 150"));
  request.set_order_by("display_name desc");
  request.set_page_size(5000);  // clamped, not refused
  metrics::v1::ListFundsResponse response;
  ASSERT_OK(Call(&Stub::ListFunds, request, &response));
  std::vector<std::string> names;
  for (const Fund& fund : response.funds()) names.push_back(fund.name());
  EXPECT_THAT(names, ElementsAre(d, a));
  EXPECT_EQ(response.total_size(), 2);
  EXPECT_TRUE(response.next_page_token().empty());

  request.set_page_size(-1);
  EXPECT_THAT(
      Call(&Stub::ListFunds, request, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_size")));
}

TEST_P(MetricsApiTest, ListsUnderMissingOrMalformedParents) {
  metrics::v1::ListRankingsRequest rankings;
  rankings.set_parent("indices/missing");
  metrics::v1::ListRankingsResponse ranking_page;
  EXPECT_THAT(Call(&Stub::ListRankings, rankings, &ranking_page),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  metrics::v1::ListFundFlowsRequest flows;
  flows.set_parent("funds/missing");
  metrics::v1::ListFundFlowsResponse flow_page;
  EXPECT_THAT(Call(&Stub::ListFundFlows, flows, &flow_page),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  metrics::v1::ListMeetingsRequest meetings;
  meetings.set_parent("meeting-series/missing");
  metrics::v1::ListMeetingsResponse meeting_page;
  EXPECT_THAT(Call(&Stub::ListMeetings, meetings, &meeting_page),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));

  rankings.set_parent("funds/missing");
  EXPECT_THAT(
      Call(&Stub::ListRankings, rankings, &ranking_page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("parent")));
  rankings.set_parent("");
  EXPECT_THAT(
      Call(&Stub::ListRankings, rankings, &ranking_page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("parent")));
}

// --- Events, queries and errors on the wire --------------------------------

TEST_P(MetricsApiTest, FundTotalsSummaryAndIdempotentRecord) {
  const std::string f = CreateFund("f", 10'000).name();
  const std::string g = CreateFund("g").name();
  const std::string id = NewRequestId();
  FundFlow first, again;
  ASSERT_OK(RecordFlow(f, FundFlow::RAISED, 2'500, &first, id));
  ASSERT_OK(RecordFlow(f, FundFlow::RAISED, 2'500, &again, id));
  EXPECT_EQ(again.name(), first.name());
  EXPECT_THAT(
      RecordFlow(f, FundFlow::RAISED, 2'501, &again, id),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));
  ASSERT_OK(RecordFlow(f, FundFlow::COMMITTED, 9'000));
  ASSERT_OK(RecordFlow(g, FundFlow::EXECUTED, 1));

  metrics::v1::GetFundTotalsRequest totals_request;
  totals_request.set_fund(f);
  metrics::v1::FundTotals totals;
  ASSERT_OK(Call(&Stub::GetFundTotals, totals_request, &totals));
  EXPECT_EQ(totals.fund(), f);
  EXPECT_EQ(totals.raised_krw(), 2'500);
  EXPECT_EQ(totals.committed_krw(), 9'000);
  EXPECT_EQ(totals.flow_count(), 2);
  EXPECT_EQ(totals.target_krw(), 10'000);
  EXPECT_EQ(totals.raised_basis_points_of_target(), 2'500);

  // Every fund in the service has a group; this test's two are among them.
  metrics::v1::SummarizeFundsRequest summarize;
  summarize.set_group_by(metrics::v1::SummarizeFundsRequest::FUND);
  metrics::v1::SummarizeFundsResponse summary;
  ASSERT_OK(Call(&Stub::SummarizeFunds, summarize, &summary));
  std::optional<metrics::v1::SummarizeFundsResponse::Group> f_group, g_group;
  for (const auto& group : summary.groups()) {
    if (group.key() == f) f_group = group;
    if (group.key() == g) g_group = group;
  }
  ASSERT_TRUE(f_group.has_value()) << summary.ShortDebugString();
  ASSERT_TRUE(g_group.has_value()) << summary.ShortDebugString();
  EXPECT_EQ(f_group->flow_count(), 2);
  EXPECT_EQ(f_group->raised_krw(), 2'500);
  EXPECT_EQ(g_group->executed_krw(), 1);
}

TEST_P(MetricsApiTest, ErrorCodesAndFieldPathsOverTheWire) {
  const std::string fund = CreateFund("f").name();
  auto record_flow = [&](std::function<void(FundFlow*)> mutate,
                         const std::string& request_id = "") {
    metrics::v1::RecordFundFlowRequest request;
    request.set_request_id(request_id);
    FundFlow* flow = request.mutable_flow();
    flow->set_fund(fund);
    flow->set_type(FundFlow::RAISED);
    flow->set_amount_krw(10);
    mutate(flow);
    FundFlow ignored;
    return Call(&Stub::RecordFundFlow, request, &ignored);
  };
  EXPECT_THAT(record_flow([](FundFlow* f) { f->set_amount_krw(0); }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("flow.amount_krw")));
  EXPECT_THAT(
      record_flow([](FundFlow*) {}, "not-a-uuid"),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));
  EXPECT_THAT(
      record_flow([](FundFlow* f) { f->set_fund("funds/nope"); }),
      StatusIs(absl::StatusCode::kFailedPrecondition, StartsWith("flow.fund")));

  metrics::v1::GetFundRequest get;
  get.set_name("indices/sci");
  Fund got;
  EXPECT_THAT(Call(&Stub::GetFund, get, &got),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("name")));

  metrics::v1::GetRankingTrendRequest trend;
  trend.set_index("indices/missing");
  trend.set_city("busan");
  metrics::v1::RankingTrend trend_out;
  EXPECT_THAT(Call(&Stub::GetRankingTrend, trend, &trend_out),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

// A total that would pass INT64_MAX is OUT_OF_RANGE. The flow that fills
// it also fills the service-wide totals of flows without a strategy,
// project or date, which would refuse other tests' flows: so this test
// has a service of its own.
TEST_P(MetricsApiTest, TotalPastInt64MaxIsOutOfRange) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ServiceTarget> own,
                       StartTarget<MetricsTraits>(GetParam(), kBinary));
  stub_ = own->NewStub<MetricsService>();
  const std::string fund = CreateFund("f").name();
  ASSERT_OK(
      RecordFlow(fund, FundFlow::RAISED, std::numeric_limits<int64_t>::max()));
  EXPECT_THAT(RecordFlow(fund, FundFlow::RAISED, 1),
              StatusIs(absl::StatusCode::kOutOfRange, ::testing::_));
  metrics::v1::GetFundTotalsRequest request;
  request.set_fund(fund);
  metrics::v1::FundTotals totals;
  ASSERT_OK(Call(&Stub::GetFundTotals, request, &totals));
  EXPECT_EQ(totals.raised_krw(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(totals.flow_count(), 1);
  stub_.reset();
  EXPECT_OK(own->Stop());
}

TEST_P(MetricsApiTest, RankingTrendOverTheWire) {
  const std::string sci = CreateIndex("sci");
  ASSERT_OK(RecordRanking(sci, "busan", 3, 20));
  ASSERT_OK(RecordRanking(sci, "busan", 1, 30));
  ASSERT_OK(RecordRanking(sci, "busan", 2, 24));
  metrics::v1::GetRankingTrendRequest request;
  request.set_index(sci);
  request.set_city("busan");
  metrics::v1::RankingTrend trend;
  ASSERT_OK(Call(&Stub::GetRankingTrend, request, &trend));
  ASSERT_EQ(trend.points_size(), 3);
  EXPECT_EQ(trend.points(0).edition(), 1);
  EXPECT_FALSE(trend.points(0).has_change());
  EXPECT_EQ(trend.points(1).change(), 6);
  EXPECT_EQ(trend.points(2).change(), 4);
  EXPECT_EQ(trend.best_rank(), 20);
  EXPECT_EQ(trend.best_edition(), 3);
  EXPECT_EQ(trend.change_first_to_latest(), 10);
}

INSTANTIATE_TEST_SUITE_P(, MetricsApiTest, ::testing::Values(kBuiltTarget),
                         TargetKindName);

}  // namespace
}  // namespace busan::testing
