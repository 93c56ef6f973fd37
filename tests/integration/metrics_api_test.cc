// MetricsService over gRPC against an in-process server: standard methods of
// the three parents, List filters / ordering / paging, and the canonical
// error codes with field-path messages as clients see them on the wire.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

using metrics::v1::Fund;
using metrics::v1::FundFlow;
using metrics::v1::MetricsService;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

class MetricsApiTest : public ::testing::Test {
 protected:
  using Stub = MetricsService::Stub;

  MetricsApiTest() : stub_(server_.NewStub()) {}

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    return (stub_.get()->*method)(&context, request, response);
  }

  Fund CreateFund(const std::string& id, std::optional<int64_t> target = {},
                  const std::string& display_name = "") {
    metrics::v1::CreateFundRequest request;
    request.set_fund_id(id);
    request.set_request_id(NewRequestId());
    request.mutable_fund()->set_display_name(
        display_name.empty() ? "Fund " + id : display_name);
    if (target) request.mutable_fund()->set_target_krw(*target);
    Fund fund;
    EXPECT_OK(Call(&Stub::CreateFund, request, &fund));
    return fund;
  }

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

  void CreateIndex(const std::string& id) {
    metrics::v1::CreateRankingIndexRequest request;
    request.set_index_id(id);
    request.mutable_index()->set_display_name("Index " + id);
    metrics::v1::RankingIndex index;
    ASSERT_OK(Call(&Stub::CreateRankingIndex, request, &index));
  }

  MetricsServer server_;
  std::unique_ptr<Stub> stub_;
};

// --- Standard methods ------------------------------------------------------

TEST_F(MetricsApiTest, FundStandardMethods) {
  metrics::v1::CreateFundRequest create;
  create.set_fund_id("future-fund");
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
  EXPECT_EQ(created.name(), "funds/future-fund");
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
  get.set_name("funds/future-fund");
  Fund got;
  ASSERT_OK(Call(&Stub::GetFund, get, &got));
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  metrics::v1::UpdateFundRequest update;
  update.set_request_id(NewRequestId());
  update.mutable_fund()->set_name("funds/future-fund");
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
  del.set_name("funds/future-fund");
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

TEST_F(MetricsApiTest, RankingIndexStandardMethods) {
  metrics::v1::CreateRankingIndexRequest create;
  create.set_index_id("smart-centres-index");
  create.mutable_index()->set_display_name("Smart Centres Index");
  create.mutable_index()->set_publisher("Z/Yen");
  create.mutable_index()->add_categories("Technology Factors");
  metrics::v1::RankingIndex created;
  ASSERT_OK(Call(&Stub::CreateRankingIndex, create, &created));
  EXPECT_EQ(created.name(), "indices/smart-centres-index");

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
  metrics::v1::ListRankingIndicesResponse listed;
  ASSERT_OK(Call(&Stub::ListRankingIndices, list, &listed));
  ASSERT_EQ(listed.indices_size(), 1);
  EXPECT_EQ(listed.indices(0).etag(), updated.etag());
  EXPECT_EQ(listed.total_size(), 1);

  ASSERT_OK(RecordRanking("indices/smart-centres-index", "busan", 1, 20));
  metrics::v1::DeleteRankingIndexRequest del;
  del.set_name("indices/smart-centres-index");
  google::protobuf::Empty empty;
  EXPECT_THAT(Call(&Stub::DeleteRankingIndex, del, &empty),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  del.set_force(true);
  ASSERT_OK(Call(&Stub::DeleteRankingIndex, del, &empty));
  metrics::v1::GetRankingIndexRequest get;
  get.set_name(del.name());
  EXPECT_THAT(Call(&Stub::GetRankingIndex, get, &updated),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(MetricsApiTest, MeetingSeriesStandardMethodsAndStats) {
  metrics::v1::CreateMeetingSeriesRequest create;
  create.set_series_id("economy-meeting");
  create.mutable_series()->set_display_name("Economy Meeting");
  create.mutable_series()->set_started("2022-08");
  metrics::v1::MeetingSeries created;
  ASSERT_OK(Call(&Stub::CreateMeetingSeries, create, &created));
  EXPECT_EQ(created.name(), "meeting-series/economy-meeting");

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
  metrics::v1::ListMeetingSeriesResponse all_series;
  ASSERT_OK(Call(&Stub::ListMeetingSeries, list_series, &all_series));
  ASSERT_EQ(all_series.meeting_series_size(), 1);

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

TEST_F(MetricsApiTest, ListRankingsFilterWalksEveryPageOnce) {
  CreateIndex("sci");
  CreateIndex("other");
  for (int edition = 1; edition <= 12; ++edition) {
    for (const char* city : {"busan", "busan-jung", "seoul"}) {
      ASSERT_OK(RecordRanking("indices/sci", city, edition, edition + 1));
    }
  }
  ASSERT_OK(RecordRanking("indices/other", "busan", 7, 3));

  metrics::v1::ListRankingsRequest request;
  request.set_parent("indices/sci");
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
      EXPECT_EQ(ranking.index(), "indices/sci");
      EXPECT_GE(ranking.edition(), 5);
      editions.push_back(ranking.edition());
    }
    if (!wrote_between_pages) {
      // Writes between pages: a replaced result and new ones elsewhere.
      ASSERT_OK(RecordRanking("indices/sci", "busan", 5, 2));
      ASSERT_OK(RecordRanking("indices/sci", "busan", 2, 2));
      ASSERT_OK(RecordRanking("indices/sci", "busan-a", 9, 2));
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

TEST_F(MetricsApiTest, ListFundFlowsFilterAndOrderWalkEveryPageOnce) {
  CreateFund("f");
  CreateFund("g");
  std::multiset<int64_t, std::greater<>> raised;
  const FundFlow::Type types[] = {FundFlow::RAISED, FundFlow::COMMITTED,
                                  FundFlow::RAISED, FundFlow::EXECUTED};
  for (int i = 0; i < 40; ++i) {
    const FundFlow::Type type = types[i % 4];
    const int64_t amount = 1'000 + (i * 37) % 11 * 100;  // repeats: ties
    ASSERT_OK(RecordFlow("funds/f", type, amount));
    if (type == FundFlow::RAISED) raised.insert(amount);
  }
  ASSERT_OK(RecordFlow("funds/g", FundFlow::RAISED, 999'999));

  metrics::v1::ListFundFlowsRequest request;
  request.set_parent("funds/f");
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
      EXPECT_EQ(flow.fund(), "funds/f");
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
  plain.set_parent("funds/f");
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

TEST_F(MetricsApiTest, ListFundsFilterOrderAndClampedPageSize) {
  CreateFund("a", 300, "Alpha");
  CreateFund("b", 100, "Bravo");
  CreateFund("c", std::nullopt, "Charlie");
  CreateFund("d", 200, "Delta");
  metrics::v1::ListFundsRequest request;
  request.set_filter("target_krw >= 150");
  request.set_order_by("display_name desc");
  request.set_page_size(5000);  // clamped, not refused
  metrics::v1::ListFundsResponse response;
  ASSERT_OK(Call(&Stub::ListFunds, request, &response));
  std::vector<std::string> names;
  for (const Fund& fund : response.funds()) names.push_back(fund.name());
  EXPECT_THAT(names, ElementsAre("funds/d", "funds/a"));
  EXPECT_EQ(response.total_size(), 2);
  EXPECT_TRUE(response.next_page_token().empty());

  request.set_page_size(-1);
  EXPECT_THAT(
      Call(&Stub::ListFunds, request, &response),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_size")));
}

TEST_F(MetricsApiTest, TamperedOrForeignPageTokenIsInvalidArgument) {
  CreateFund("f");
  for (int i = 0; i < 5; ++i)
    ASSERT_OK(RecordFlow("funds/f", FundFlow::RAISED, 10 + i));
  metrics::v1::ListFundFlowsRequest request;
  request.set_parent("funds/f");
  request.set_page_size(2);
  metrics::v1::ListFundFlowsResponse page;
  ASSERT_OK(Call(&Stub::ListFundFlows, request, &page));
  const std::string token = page.next_page_token();
  ASSERT_FALSE(token.empty());

  std::vector<std::string> bad = {"garbage", token.substr(0, token.size() / 2),
                                  token + "A"};
  // Flip the top data bit of a base64url character (the last character's
  // low bits may be padding).
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i : {size_t{0}, token.size() / 2, token.size() - 1}) {
    std::string flipped = token;
    const size_t value = kAlphabet.find(flipped[i]);
    ASSERT_NE(value, std::string::npos) << token;
    flipped[i] = kAlphabet[value ^ 0x20];
    bad.push_back(flipped);
  }
  for (const std::string& tampered : bad) {
    request.set_page_token(tampered);
    EXPECT_THAT(
        Call(&Stub::ListFundFlows, request, &page),
        StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_token")))
        << tampered;
  }

  // A genuine token used with another filter or parent.
  request.set_page_token(token);
  request.set_filter("amount_krw > 0");
  EXPECT_THAT(
      Call(&Stub::ListFundFlows, request, &page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_token")));
  CreateFund("g");
  request.clear_filter();
  request.set_parent("funds/g");
  EXPECT_THAT(
      Call(&Stub::ListFundFlows, request, &page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_token")));
  request.set_parent("funds/f");
  EXPECT_OK(Call(&Stub::ListFundFlows, request, &page));
}

TEST_F(MetricsApiTest, ListsUnderMissingOrMalformedParents) {
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

TEST_F(MetricsApiTest, BadFilterOrOrderByIsInvalidArgument) {
  CreateIndex("sci");
  metrics::v1::ListRankingsRequest request;
  request.set_parent("indices/sci");
  metrics::v1::ListRankingsResponse page;
  for (const char* filter :
       {"cty = \"busan\"", "edition >=", "edition >= \"five\"", "(city = 1"}) {
    request.set_filter(filter);
    EXPECT_THAT(
        Call(&Stub::ListRankings, request, &page),
        StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("filter")))
        << filter;
  }
  request.set_filter(std::string(4097, ' ') + "edition = 1");
  EXPECT_THAT(
      Call(&Stub::ListRankings, request, &page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("filter")));
  request.clear_filter();
  request.set_order_by("no_such_field desc");
  EXPECT_THAT(
      Call(&Stub::ListRankings, request, &page),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("order_by")));
}

// --- Events, queries and errors on the wire --------------------------------

TEST_F(MetricsApiTest, FundTotalsSummaryAndIdempotentRecord) {
  CreateFund("f", 10'000);
  CreateFund("g");
  const std::string id = NewRequestId();
  FundFlow first, again;
  ASSERT_OK(RecordFlow("funds/f", FundFlow::RAISED, 2'500, &first, id));
  ASSERT_OK(RecordFlow("funds/f", FundFlow::RAISED, 2'500, &again, id));
  EXPECT_EQ(again.name(), first.name());
  EXPECT_THAT(
      RecordFlow("funds/f", FundFlow::RAISED, 2'501, &again, id),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));
  ASSERT_OK(RecordFlow("funds/f", FundFlow::COMMITTED, 9'000));
  ASSERT_OK(RecordFlow("funds/g", FundFlow::EXECUTED, 1));

  metrics::v1::GetFundTotalsRequest totals_request;
  totals_request.set_fund("funds/f");
  metrics::v1::FundTotals totals;
  ASSERT_OK(Call(&Stub::GetFundTotals, totals_request, &totals));
  EXPECT_EQ(totals.fund(), "funds/f");
  EXPECT_EQ(totals.raised_krw(), 2'500);
  EXPECT_EQ(totals.committed_krw(), 9'000);
  EXPECT_EQ(totals.flow_count(), 2);
  EXPECT_EQ(totals.target_krw(), 10'000);
  EXPECT_EQ(totals.raised_basis_points_of_target(), 2'500);

  metrics::v1::SummarizeFundsRequest summarize;
  summarize.set_group_by(metrics::v1::SummarizeFundsRequest::FUND);
  metrics::v1::SummarizeFundsResponse summary;
  ASSERT_OK(Call(&Stub::SummarizeFunds, summarize, &summary));
  ASSERT_EQ(summary.groups_size(), 2);
  EXPECT_EQ(summary.groups(0).key(), "funds/f");
  EXPECT_EQ(summary.groups(0).flow_count(), 2);
  EXPECT_EQ(summary.groups(1).key(), "funds/g");
  EXPECT_EQ(summary.groups(1).executed_krw(), 1);

  summarize.set_group_by(
      metrics::v1::SummarizeFundsRequest::GROUP_BY_UNSPECIFIED);
  EXPECT_THAT(
      Call(&Stub::SummarizeFunds, summarize, &summary),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("group_by")));
  summarize.set_group_by(
      static_cast<metrics::v1::SummarizeFundsRequest::GroupBy>(7));
  EXPECT_THAT(
      Call(&Stub::SummarizeFunds, summarize, &summary),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("group_by")));
}

TEST_F(MetricsApiTest, ErrorCodesAndFieldPathsOverTheWire) {
  CreateFund("f");
  CreateIndex("sci");
  auto record_flow = [&](std::function<void(FundFlow*)> mutate) {
    metrics::v1::RecordFundFlowRequest request;
    FundFlow* flow = request.mutable_flow();
    flow->set_fund("funds/f");
    flow->set_type(FundFlow::RAISED);
    flow->set_amount_krw(10);
    mutate(flow);
    FundFlow ignored;
    return Call(&Stub::RecordFundFlow, request, &ignored);
  };
  EXPECT_THAT(record_flow([](FundFlow* f) { f->set_amount_krw(0); }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("flow.amount_krw")));
  EXPECT_THAT(record_flow([](FundFlow* f) { f->set_amount_krw(-10); }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("flow.amount_krw")));
  // proto3 keeps an unknown enum number; the handler must refuse it.
  EXPECT_THAT(
      record_flow(
          [](FundFlow* f) { f->set_type(static_cast<FundFlow::Type>(9)); }),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("flow.type")));
  EXPECT_THAT(
      record_flow([](FundFlow* f) { f->set_type(FundFlow::TYPE_UNSPECIFIED); }),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("flow.type")));
  EXPECT_THAT(record_flow([](FundFlow* f) { f->set_strategy("projects/x"); }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("flow.strategy")));
  EXPECT_THAT(
      record_flow([](FundFlow* f) { f->set_fund("funds/nope"); }),
      StatusIs(absl::StatusCode::kFailedPrecondition, StartsWith("flow.fund")));
  EXPECT_THAT(record_flow([](FundFlow* f) {
                f->set_amount_krw(std::numeric_limits<int64_t>::max());
              }),
              ::busan::testing::IsOk());
  EXPECT_THAT(record_flow([](FundFlow* f) { f->set_amount_krw(1); }),
              StatusIs(absl::StatusCode::kOutOfRange, ::testing::_));

  metrics::v1::RecordFundFlowRequest bad_id;
  bad_id.set_request_id("not-a-uuid");
  bad_id.mutable_flow()->set_fund("funds/f");
  bad_id.mutable_flow()->set_type(FundFlow::EXECUTED);
  bad_id.mutable_flow()->set_amount_krw(1);
  FundFlow ignored;
  EXPECT_THAT(
      Call(&Stub::RecordFundFlow, bad_id, &ignored),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));

  metrics::v1::RecordRankingRequest ranking;
  ranking.mutable_ranking()->set_index("indices/sci");
  ranking.mutable_ranking()->set_city("busan");
  ranking.mutable_ranking()->set_edition(3);
  ranking.mutable_ranking()->set_rank(90);
  ranking.mutable_ranking()->set_total_ranked(77);
  metrics::v1::Ranking ranking_out;
  EXPECT_THAT(
      Call(&Stub::RecordRanking, ranking, &ranking_out),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("ranking.rank")));
  ranking.mutable_ranking()->set_edition(0);
  EXPECT_THAT(Call(&Stub::RecordRanking, ranking, &ranking_out),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("ranking.edition")));
  ranking.mutable_ranking()->set_edition(3);
  ranking.mutable_ranking()->set_rank(5);
  ranking.mutable_ranking()->set_index("indices/nope");
  EXPECT_THAT(Call(&Stub::RecordRanking, ranking, &ranking_out),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("ranking.index")));

  metrics::v1::CreateFundRequest create;
  create.set_fund_id("Bad Id");
  create.mutable_fund()->set_display_name("x");
  Fund fund;
  EXPECT_THAT(
      Call(&Stub::CreateFund, create, &fund),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("fund_id")));
  create.set_fund_id("ok");
  create.mutable_fund()->set_target_krw(-1);
  EXPECT_THAT(Call(&Stub::CreateFund, create, &fund),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("fund.target_krw")));

  metrics::v1::GetFundRequest get;
  get.set_name("indices/sci");
  EXPECT_THAT(Call(&Stub::GetFund, get, &fund),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("name")));

  metrics::v1::GetRankingTrendRequest trend;
  trend.set_index("indices/missing");
  trend.set_city("busan");
  metrics::v1::RankingTrend trend_out;
  EXPECT_THAT(Call(&Stub::GetRankingTrend, trend, &trend_out),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(MetricsApiTest, RankingTrendOverTheWire) {
  CreateIndex("sci");
  ASSERT_OK(RecordRanking("indices/sci", "busan", 3, 20));
  ASSERT_OK(RecordRanking("indices/sci", "busan", 1, 30));
  ASSERT_OK(RecordRanking("indices/sci", "busan", 2, 24));
  metrics::v1::GetRankingTrendRequest request;
  request.set_index("indices/sci");
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

}  // namespace
}  // namespace busan::testing
