// The Metrics domain on a real RocksDB: counters stay exact under
// concurrent writers, retries and refused writes; meeting ranges never
// overlap; stats and trends are computed exactly; parents guard their
// events; etags and update masks behave as AIP-134/154 describe.
#include "metrics-service/domain/metrics.h"

#include <atomic>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/store/request_log.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace busan::metrics {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::busan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
using v1::FundFlow;
using v1::SummarizeFundsRequest;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

std::string NewUuid() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  const uint64_t high = random(), low = random();
  return absl::StrFormat(
      "%08x-%04x-4%03x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
      high & 0xfff, 0x8000 | ((low >> 48) & 0x3fff), low & 0xffffffffffffULL);
}

// The write context a handler derives from a request (AIP-155 identity).
template <typename Request>
WriteContext ContextOf(const Request& request) {
  WriteContext context;
  context.request_id = request.request_id();
  context.method = Request::descriptor()->full_name();
  if (!context.request_id.empty()) {
    context.digest = store::RequestDigest(request);
  }
  return context;
}

// Totals by flow type, as FundTotals and SummarizeFunds groups carry them.
struct Sums {
  int64_t committed = 0, raised = 0, allocated = 0, executed = 0, count = 0;

  void Add(FundFlow::Type type, int64_t amount) {
    switch (type) {
      case FundFlow::COMMITTED:
        committed += amount;
        break;
      case FundFlow::RAISED:
        raised += amount;
        break;
      case FundFlow::ALLOCATED:
        allocated += amount;
        break;
      case FundFlow::EXECUTED:
        executed += amount;
        break;
      default:
        ADD_FAILURE() << "bad type " << type;
    }
    ++count;
  }
  void Merge(const Sums& other) {
    committed += other.committed;
    raised += other.raised;
    allocated += other.allocated;
    executed += other.executed;
    count += other.count;
  }
  template <typename T>
  static Sums Of(const T& totals) {
    Sums sums;
    sums.committed = totals.committed_krw();
    sums.raised = totals.raised_krw();
    sums.allocated = totals.allocated_krw();
    sums.executed = totals.executed_krw();
    sums.count = totals.flow_count();
    return sums;
  }
  bool operator==(const Sums&) const = default;
};

void PrintTo(const Sums& s, std::ostream* os) {
  *os << "{committed=" << s.committed << " raised=" << s.raised
      << " allocated=" << s.allocated << " executed=" << s.executed
      << " count=" << s.count << "}";
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Open()); }

  void Open() {
    MetricsOptions options;
    options.data_dir = dir_.Sub("metrics");
    ASSERT_OK_AND_ASSIGN(metrics_, Metrics::Open(options));
  }
  void Reopen() {
    metrics_.reset();
    Open();
  }

  v1::Fund CreateFund(const std::string& id,
                      std::optional<int64_t> target = std::nullopt) {
    v1::Fund fund;
    fund.set_display_name("Fund " + id);
    if (target) fund.set_target_krw(*target);
    absl::StatusOr<v1::Fund> created = metrics_->Create(id, fund, {});
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::Fund();
  }

  v1::MeetingSeries CreateSeries(const std::string& id,
                                 std::vector<std::string> categories = {}) {
    v1::MeetingSeries series;
    series.set_display_name("Series " + id);
    for (const std::string& c : categories) series.add_policy_categories(c);
    absl::StatusOr<v1::MeetingSeries> created =
        metrics_->Create(id, series, {});
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::MeetingSeries();
  }

  v1::RankingIndex CreateIndex(const std::string& id,
                               std::vector<std::string> categories = {}) {
    v1::RankingIndex index;
    index.set_display_name("Index " + id);
    for (const std::string& c : categories) index.add_categories(c);
    absl::StatusOr<v1::RankingIndex> created = metrics_->Create(id, index, {});
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::RankingIndex();
  }

  absl::StatusOr<FundFlow> Flow(const std::string& fund, FundFlow::Type type,
                                int64_t amount, const std::string& date = "",
                                const std::string& strategy = "",
                                const std::string& project = "",
                                const std::string& request_id = "") {
    v1::RecordFundFlowRequest request;
    request.set_request_id(request_id);
    FundFlow* flow = request.mutable_flow();
    flow->set_fund(fund);
    flow->set_type(type);
    flow->set_amount_krw(amount);
    flow->set_date(date);
    flow->set_strategy(strategy);
    flow->set_project(project);
    return metrics_->RecordFundFlow(request.flow(), ContextOf(request));
  }

  absl::StatusOr<v1::Meeting> Meet(v1::Meeting meeting,
                                   const std::string& request_id = "") {
    v1::RecordMeetingRequest request;
    request.set_request_id(request_id);
    *request.mutable_meeting() = std::move(meeting);
    return metrics_->RecordMeeting(request.meeting(), ContextOf(request));
  }

  absl::StatusOr<v1::Meeting> MeetRange(const std::string& series, int first,
                                        int last) {
    v1::Meeting meeting;
    meeting.set_series(series);
    meeting.set_first_number(first);
    meeting.set_last_number(last);
    return Meet(meeting);
  }

  absl::StatusOr<v1::Ranking> Rank(
      const std::string& index, const std::string& city, int edition, int rank,
      std::optional<int> total = std::nullopt,
      std::optional<int> region_rank = std::nullopt) {
    v1::Ranking ranking;
    ranking.set_index(index);
    ranking.set_city(city);
    ranking.set_edition(edition);
    ranking.set_rank(rank);
    ranking.set_published(absl::StrCat(2015 + edition));
    if (total) ranking.set_total_ranked(*total);
    if (region_rank) {
      ranking.set_region("Asia-Pacific");
      ranking.set_region_rank(*region_rank);
    }
    return metrics_->RecordRanking(ranking, {});
  }

  Sums Totals(const std::string& fund) {
    v1::FundTotals totals;
    EXPECT_OK(metrics_->GetFundTotals(fund, &totals));
    return Sums::Of(totals);
  }

  // key -> sums, in the order the response gives them.
  std::vector<std::pair<std::string, Sums>> Summary(
      SummarizeFundsRequest::GroupBy group_by) {
    v1::SummarizeFundsResponse response;
    EXPECT_OK(metrics_->SummarizeFunds(group_by, &response));
    std::vector<std::pair<std::string, Sums>> groups;
    for (const auto& group : response.groups()) {
      groups.emplace_back(group.key(), Sums::Of(group));
    }
    return groups;
  }
  std::map<std::string, Sums> SummaryMap(
      SummarizeFundsRequest::GroupBy group_by) {
    std::map<std::string, Sums> map;
    for (auto& [key, sums] : Summary(group_by)) {
      EXPECT_TRUE(map.emplace(key, sums).second) << "duplicate group " << key;
    }
    return map;
  }

  std::vector<FundFlow> AllFlows(const std::string& fund,
                                 const std::string& filter = "",
                                 const std::string& order_by = "",
                                 int page_size = 1000) {
    std::vector<FundFlow> flows;
    ListQuery query;
    query.parent = fund;
    query.filter = filter;
    query.order_by = order_by;
    query.page_size = page_size;
    for (int pages = 0; pages < 10000; ++pages) {
      v1::ListFundFlowsResponse page;
      absl::Status status = metrics_->ListFundFlows(query, &page);
      EXPECT_OK(status);
      if (!status.ok()) break;
      flows.insert(flows.end(), page.flows().begin(), page.flows().end());
      if (page.next_page_token().empty()) break;
      query.page_token = page.next_page_token();
    }
    return flows;
  }

  v1::MeetingStats Stats(const std::string& series,
                         const std::string& start = "",
                         const std::string& end = "") {
    v1::GetMeetingStatsRequest request;
    request.set_series(series);
    request.set_start_date(start);
    request.set_end_date(end);
    v1::MeetingStats stats;
    EXPECT_OK(metrics_->GetMeetingStats(request, &stats));
    return stats;
  }

  TempDir dir_;
  std::unique_ptr<Metrics> metrics_;
};

// --- Fund counters -------------------------------------------------------

TEST_F(MetricsTest, ConcurrentFlowsKeepEveryCounterExact) {
  CreateFund("future");
  CreateFund("other");
  ASSERT_THAT(Flow("funds/other", FundFlow::COMMITTED, 77, "2030-01-01",
                   "strategies/s1"),
              IsOk());
  constexpr int kThreads = 8, kPerThread = 200;

  std::mutex mutex;
  Sums fund_total;
  std::map<std::string, Sums> by_strategy, by_project, by_year;
  std::map<std::string, int64_t> amount_of;  // flow name -> amount
  std::atomic<int> failures{0};
  by_strategy["strategies/s1"].Add(FundFlow::COMMITTED, 77);
  by_project[""].Add(FundFlow::COMMITTED, 77);
  by_year["2030"].Add(FundFlow::COMMITTED, 77);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Sums total;
      std::map<std::string, Sums> strategies, projects, years;
      std::vector<std::pair<std::string, int64_t>> recorded;
      for (int j = 0; j < kPerThread; ++j) {
        const auto type = static_cast<FundFlow::Type>(1 + (t + j) % 4);
        const int64_t amount =
            1 + int64_t{t} * 1'000'000'007 + int64_t{j} * 7'919;
        const std::string year = absl::StrCat(2022 + (t + j) % 4);
        std::string date;
        if (j % 5 == 1) date = year;
        if (j % 5 == 2) date = absl::StrFormat("%s-%02d", year, 1 + j % 12);
        if (j % 5 >= 3) {
          date = absl::StrFormat("%s-%02d-%02d", year, 1 + j % 12, 1 + j % 28);
        }
        const std::string strategy =
            j % 3 == 0 ? "" : absl::StrCat("strategies/s", j % 3);
        const std::string project =
            (t + j) % 4 == 0 ? "" : absl::StrCat("projects/p", t % 3);
        absl::StatusOr<FundFlow> flow =
            Flow("funds/future", type, amount, date, strategy, project,
                 j % 2 == 0 ? NewUuid() : "");
        if (!flow.ok()) {
          ADD_FAILURE() << flow.status();
          ++failures;
          continue;
        }
        total.Add(type, amount);
        strategies[strategy].Add(type, amount);
        projects[project].Add(type, amount);
        years[date.empty() ? "" : year].Add(type, amount);
        recorded.emplace_back(flow->name(), amount);
      }
      std::lock_guard<std::mutex> lock(mutex);
      fund_total.Merge(total);
      for (auto& [k, s] : strategies) by_strategy[k].Merge(s);
      for (auto& [k, s] : projects) by_project[k].Merge(s);
      for (auto& [k, s] : years) by_year[k].Merge(s);
      for (auto& [name, amount] : recorded) {
        EXPECT_TRUE(amount_of.emplace(name, amount).second)
            << "flow name " << name << " assigned twice";
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_EQ(amount_of.size(), size_t{kThreads * kPerThread});
  ASSERT_EQ(fund_total.count, kThreads * kPerThread);

  auto check = [&](const std::string& when) {
    SCOPED_TRACE(when);
    EXPECT_EQ(Totals("funds/future"), fund_total);
    const std::map<std::string, Sums> by_fund = {
        {"funds/future", fund_total}, {"funds/other", Sums{77, 0, 0, 0, 1}}};
    EXPECT_EQ(SummaryMap(SummarizeFundsRequest::FUND), by_fund);
    EXPECT_EQ(SummaryMap(SummarizeFundsRequest::STRATEGY), by_strategy);
    EXPECT_EQ(SummaryMap(SummarizeFundsRequest::PROJECT), by_project);
    EXPECT_EQ(SummaryMap(SummarizeFundsRequest::YEAR), by_year);

    // The stored flows are exactly the acknowledged ones.
    std::vector<FundFlow> flows = AllFlows("funds/future", "", "", 700);
    ASSERT_EQ(flows.size(), amount_of.size());
    Sums listed;
    for (const FundFlow& flow : flows) {
      auto it = amount_of.find(flow.name());
      ASSERT_NE(it, amount_of.end()) << flow.name();
      EXPECT_EQ(flow.amount_krw(), it->second);
      listed.Add(flow.type(), flow.amount_krw());
    }
    EXPECT_EQ(listed, fund_total);
  };
  check("live");
  ASSERT_NO_FATAL_FAILURE(Reopen());
  check("after reopen");
}

TEST_F(MetricsTest, RetryWithSameRequestIdCountsOnce) {
  CreateFund("f");
  const std::string id = NewUuid();
  ASSERT_OK_AND_ASSIGN(FundFlow first,
                       Flow("funds/f", FundFlow::RAISED, 500, "2025-01-02",
                            "strategies/s", "", id));
  ASSERT_OK_AND_ASSIGN(FundFlow again,
                       Flow("funds/f", FundFlow::RAISED, 500, "2025-01-02",
                            "strategies/s", "", id));
  EXPECT_EQ(again.name(), first.name());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(again, first))
      << again.DebugString() << " vs " << first.DebugString();
  EXPECT_EQ(Totals("funds/f"), (Sums{0, 500, 0, 0, 1}));
  EXPECT_EQ(AllFlows("funds/f").size(), 1u);

  // Same id, different payload: refused, nothing changes.
  EXPECT_THAT(
      Flow("funds/f", FundFlow::RAISED, 501, "2025-01-02", "strategies/s", "",
           id),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));
  EXPECT_THAT(
      Flow("funds/f", FundFlow::EXECUTED, 500, "2025-01-02", "strategies/s", "",
           id),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")));
  EXPECT_EQ(Totals("funds/f"), (Sums{0, 500, 0, 0, 1}));
  EXPECT_THAT(SummaryMap(SummarizeFundsRequest::STRATEGY),
              ElementsAre(Pair("strategies/s", Sums{0, 500, 0, 0, 1})));

  // A retry still replays after a restart.
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_OK_AND_ASSIGN(FundFlow after_restart,
                       Flow("funds/f", FundFlow::RAISED, 500, "2025-01-02",
                            "strategies/s", "", id));
  EXPECT_EQ(after_restart.name(), first.name());
  EXPECT_EQ(Totals("funds/f"), (Sums{0, 500, 0, 0, 1}));

  // Without a request id the same payload is a second flow.
  ASSERT_OK_AND_ASSIGN(FundFlow second, Flow("funds/f", FundFlow::RAISED, 500,
                                             "2025-01-02", "strategies/s"));
  EXPECT_NE(second.name(), first.name());
  EXPECT_EQ(Totals("funds/f"), (Sums{0, 1000, 0, 0, 2}));
}

TEST_F(MetricsTest, MalformedRequestIdIsRefused) {
  CreateFund("f");
  for (const std::string& id :
       {std::string("1234"), std::string("not-a-uuid-at-all-not-a-uuid-at-all"),
        std::string("123e4567e89b12d3a456426614174000")}) {
    EXPECT_THAT(
        Flow("funds/f", FundFlow::RAISED, 5, "", "", "", id),
        StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id")))
        << id;
  }
  EXPECT_EQ(Totals("funds/f"), Sums{});
}

TEST_F(MetricsTest, RecordMeetingRetryReplays) {
  CreateSeries("s");
  v1::Meeting meeting;
  meeting.set_series("meeting-series/s");
  meeting.set_first_number(1);
  meeting.set_last_number(1);
  meeting.set_participants(10);
  const std::string id = NewUuid();
  ASSERT_OK_AND_ASSIGN(v1::Meeting first, Meet(meeting, id));
  // Without idempotency the same numbers would be ALREADY_EXISTS.
  ASSERT_OK_AND_ASSIGN(v1::Meeting again, Meet(meeting, id));
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(Stats("meeting-series/s").total_participants(), 10);
  meeting.set_participants(11);
  EXPECT_THAT(Meet(meeting, id), StatusIs(absl::StatusCode::kInvalidArgument,
                                          StartsWith("request_id")));
  EXPECT_EQ(Stats("meeting-series/s").total_participants(), 10);
}

TEST_F(MetricsTest, OverflowIsRefusedAndChangesNothing) {
  CreateFund("a");
  CreateFund("b");
  ASSERT_THAT(Flow("funds/a", FundFlow::RAISED, kMax - 10, "2025-01-01",
                   "strategies/s", "projects/p"),
              IsOk());
  const Sums a_before{0, kMax - 10, 0, 0, 1};

  // Fund total would overflow.
  EXPECT_THAT(Flow("funds/a", FundFlow::RAISED, 11),
              StatusIs(absl::StatusCode::kOutOfRange, StartsWith("flow")));
  EXPECT_EQ(Totals("funds/a"), a_before);
  EXPECT_EQ(AllFlows("funds/a").size(), 1u);

  // Another type of the same fund is a separate total.
  EXPECT_THAT(Flow("funds/a", FundFlow::EXECUTED, kMax), IsOk());
  EXPECT_EQ(Totals("funds/a"), (Sums{0, kMax - 10, 0, kMax, 2}));

  // Fund b is empty, but the strategy / project / year totals it would
  // join are full: refused, and b stays empty everywhere.
  for (auto [strategy, project, date] :
       {std::tuple<std::string, std::string, std::string>{"strategies/s", "",
                                                          ""},
        {"", "projects/p", ""},
        {"", "", "2025-06"}}) {
    EXPECT_THAT(Flow("funds/b", FundFlow::RAISED, 11, date, strategy, project),
                StatusIs(absl::StatusCode::kOutOfRange, StartsWith("flow")))
        << strategy << project << date;
  }
  EXPECT_EQ(Totals("funds/b"), Sums{});
  EXPECT_THAT(AllFlows("funds/b"), IsEmpty());
  EXPECT_EQ(SummaryMap(SummarizeFundsRequest::FUND).count("funds/b"), 0u);
  EXPECT_EQ(SummaryMap(SummarizeFundsRequest::STRATEGY)["strategies/s"],
            a_before);
  EXPECT_EQ(SummaryMap(SummarizeFundsRequest::YEAR)["2025"], a_before);

  // Exactly reaching the maximum is fine.
  EXPECT_THAT(Flow("funds/a", FundFlow::RAISED, 10), IsOk());
  EXPECT_EQ(Totals("funds/a").raised, kMax);

  // Meeting counters refuse the same way.
  CreateSeries("s");
  v1::Meeting big;
  big.set_series("meeting-series/s");
  big.set_first_number(1);
  big.set_last_number(1);
  big.set_budget_secured_krw(kMax);
  ASSERT_THAT(Meet(big), IsOk());
  big.set_first_number(2);
  big.set_last_number(2);
  big.set_budget_secured_krw(1);
  EXPECT_THAT(Meet(big), StatusIs(absl::StatusCode::kOutOfRange, ::testing::_));
  v1::MeetingStats stats = Stats("meeting-series/s");
  EXPECT_EQ(stats.meeting_count(), 1);
  EXPECT_EQ(stats.budget_secured_krw(), kMax);
  EXPECT_EQ(stats.meetings_with_budget(), 1);
}

TEST_F(MetricsTest, FundTotalsReportProgressAgainstTarget) {
  CreateFund("t", 3);
  CreateFund("none");
  CreateFund("zero", 0);
  ASSERT_THAT(Flow("funds/t", FundFlow::RAISED, 1), IsOk());
  ASSERT_THAT(Flow("funds/t", FundFlow::COMMITTED, 100), IsOk());
  v1::FundTotals totals;
  ASSERT_OK(metrics_->GetFundTotals("funds/t", &totals));
  EXPECT_EQ(totals.fund(), "funds/t");
  ASSERT_TRUE(totals.has_target_krw());
  EXPECT_EQ(totals.target_krw(), 3);
  ASSERT_TRUE(totals.has_raised_basis_points_of_target());
  EXPECT_EQ(totals.raised_basis_points_of_target(), 3333);  // rounded down
  ASSERT_THAT(Flow("funds/t", FundFlow::RAISED, 5), IsOk());
  totals.Clear();
  ASSERT_OK(metrics_->GetFundTotals("funds/t", &totals));
  EXPECT_EQ(totals.raised_basis_points_of_target(), 20000);

  totals.Clear();
  ASSERT_OK(metrics_->GetFundTotals("funds/none", &totals));
  EXPECT_FALSE(totals.has_target_krw());
  EXPECT_FALSE(totals.has_raised_basis_points_of_target());
  EXPECT_EQ(Sums::Of(totals), Sums{});

  totals.Clear();
  EXPECT_THAT(metrics_->GetFundTotals("funds/missing", &totals),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(metrics_->GetFundTotals("fund/x", &totals),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("fund")));
}

TEST_F(MetricsTest, SummarizeFundsRefusesAMissingOrUnknownGroupBy) {
  v1::SummarizeFundsResponse response;
  EXPECT_THAT(
      metrics_->SummarizeFunds(SummarizeFundsRequest::GROUP_BY_UNSPECIFIED,
                               &response),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("group_by")));
  EXPECT_THAT(
      metrics_->SummarizeFunds(static_cast<SummarizeFundsRequest::GroupBy>(9),
                               &response),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("group_by")));
}

// SummarizeFundsResponse.groups: "In key order."
TEST_F(MetricsTest, SummarizeFundsGroupsAreInKeyOrder) {
  for (const char* id : {"ab", "a", "a-b", "b"}) CreateFund(id);
  for (const char* fund : {"funds/ab", "funds/a", "funds/a-b", "funds/b"}) {
    ASSERT_THAT(Flow(fund, FundFlow::RAISED, 1), IsOk());
  }
  ASSERT_THAT(Flow("funds/a", FundFlow::RAISED, 1, "2024-05-01", "strategies/x",
                   "projects/x"),
              IsOk());
  ASSERT_THAT(Flow("funds/a", FundFlow::RAISED, 1, "2023", "strategies/x-y",
                   "projects/xy"),
              IsOk());
  auto keys = [&](SummarizeFundsRequest::GroupBy group_by) {
    std::vector<std::string> keys;
    for (const auto& [key, sums] : Summary(group_by)) keys.push_back(key);
    return keys;
  };
  EXPECT_THAT(keys(SummarizeFundsRequest::FUND),
              ElementsAre("funds/a", "funds/a-b", "funds/ab", "funds/b"));
  EXPECT_THAT(keys(SummarizeFundsRequest::STRATEGY),
              ElementsAre("", "strategies/x", "strategies/x-y"));
  EXPECT_THAT(keys(SummarizeFundsRequest::PROJECT),
              ElementsAre("", "projects/x", "projects/xy"));
  EXPECT_THAT(keys(SummarizeFundsRequest::YEAR),
              ElementsAre("", "2023", "2024"));
}

// --- Meetings --------------------------------------------------------------

TEST_F(MetricsTest, OverlappingMeetingRangesAreRefusedInEveryShape) {
  CreateSeries("s");
  CreateSeries("s-2");  // sorts next to "s" in the key space
  const std::string s = "meeting-series/s";
  ASSERT_THAT(MeetRange(s, 10, 20), IsOk());
  struct Shape {
    const char* name;
    int first, last;
  };
  for (const Shape& shape :
       {Shape{"inside", 12, 15}, Shape{"single inside", 15, 15},
        Shape{"same range", 10, 20}, Shape{"covering", 5, 25},
        Shape{"left edge", 5, 10}, Shape{"left overlap", 5, 12},
        Shape{"right edge", 20, 25}, Shape{"right overlap", 18, 30},
        Shape{"first number", 10, 10}, Shape{"last number", 20, 20}}) {
    EXPECT_THAT(MeetRange(s, shape.first, shape.last),
                StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_))
        << shape.name;
  }
  EXPECT_EQ(Stats(s).meeting_count(), 11);

  // Adjacent on both sides, and gaps, are fine.
  EXPECT_THAT(MeetRange(s, 21, 30), IsOk());
  EXPECT_THAT(MeetRange(s, 9, 9), IsOk());
  EXPECT_THAT(MeetRange(s, 1, 7), IsOk());
  EXPECT_THAT(MeetRange(s, 8, 8), IsOk());
  EXPECT_EQ(Stats(s).meeting_count(), 30);
  // Now a range spanning two recorded ones, and one reaching past the end.
  EXPECT_THAT(MeetRange(s, 7, 9),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_THAT(MeetRange(s, 30, 31),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_THAT(MeetRange(s, 31, 31), IsOk());

  // Other series are independent, including one whose keys sort next to.
  EXPECT_THAT(MeetRange("meeting-series/s-2", 1, 100), IsOk());
  EXPECT_THAT(MeetRange("meeting-series/s-2", 101, 101), IsOk());
  EXPECT_EQ(Stats(s).meeting_count(), 31);
  EXPECT_EQ(Stats("meeting-series/s-2").meeting_count(), 101);

  v1::ListMeetingsResponse list;
  ListQuery query;
  query.parent = s;
  ASSERT_OK(metrics_->ListMeetings(query, &list));
  std::vector<int> firsts;
  for (const auto& m : list.meetings()) firsts.push_back(m.first_number());
  EXPECT_THAT(firsts, ElementsAre(1, 8, 9, 10, 21, 31));
  EXPECT_EQ(list.total_size(), 6);
  EXPECT_EQ(list.meetings(0).name(), "meeting-series/s/meetings/1");
}

TEST_F(MetricsTest, MeetingStatsAreExact) {
  CreateSeries("econ");
  const std::string s = "meeting-series/econ";
  v1::MeetingStats empty = Stats(s);
  EXPECT_EQ(empty.series(), s);
  EXPECT_EQ(empty.meeting_count(), 0);
  EXPECT_THAT(empty.policies_by_category(), IsEmpty());

  v1::Meeting tally;  // a published tally of meetings 1..49
  tally.set_series(s);
  tally.set_first_number(1);
  tally.set_last_number(49);
  tally.set_period_start("2019-06");
  tally.set_period_end("2024-12");
  tally.set_participants(5000);
  tally.set_policies_adopted(300);
  (*tally.mutable_policies_by_category())["economy"] = 100;
  (*tally.mutable_policies_by_category())["welfare"] = 50;
  tally.set_budget_secured_krw(1'000'000'000'000);
  ASSERT_THAT(Meet(tally), IsOk());

  v1::Meeting m50;
  m50.set_series(s);
  m50.set_first_number(50);
  m50.set_last_number(50);
  m50.set_date("2025-03-10");
  m50.set_participants(120);
  m50.set_policies_adopted(7);
  (*m50.mutable_policies_by_category())["economy"] = 3;
  ASSERT_THAT(Meet(m50), IsOk());

  v1::Meeting m51;  // participants not published
  m51.set_series(s);
  m51.set_first_number(51);
  m51.set_last_number(51);
  m51.set_date("2025-06-02");
  m51.set_policies_adopted(5);
  m51.set_budget_secured_krw(3'000'000'000);
  ASSERT_THAT(Meet(m51), IsOk());

  v1::Meeting m52;  // undated
  m52.set_series(s);
  m52.set_first_number(52);
  m52.set_last_number(52);
  m52.set_participants(80);
  ASSERT_THAT(Meet(m52), IsOk());

  auto check_all = [&](const v1::MeetingStats& stats) {
    EXPECT_EQ(stats.series(), s);
    EXPECT_EQ(stats.meeting_count(), 52);
    EXPECT_EQ(stats.total_participants(), 5200);
    EXPECT_EQ(stats.meetings_with_participants(), 51);
    EXPECT_EQ(stats.total_policies(), 312);
    EXPECT_EQ(stats.meetings_with_policies(), 51);
    EXPECT_THAT(
        stats.policies_by_category(),
        UnorderedElementsAre(Pair("economy", 103), Pair("welfare", 50)));
    EXPECT_EQ(stats.budget_secured_krw(), 1'003'000'000'000);
    EXPECT_EQ(stats.meetings_with_budget(), 50);
  };
  check_all(Stats(s));

  // 2025 only: meetings 50 and 51; the tally and the undated one are out.
  v1::MeetingStats y2025 = Stats(s, "2025-01-01", "2025-12-31");
  EXPECT_EQ(y2025.meeting_count(), 2);
  EXPECT_EQ(y2025.total_participants(), 120);
  EXPECT_EQ(y2025.meetings_with_participants(), 1);
  EXPECT_EQ(y2025.total_policies(), 12);
  EXPECT_EQ(y2025.meetings_with_policies(), 2);
  EXPECT_THAT(y2025.policies_by_category(),
              UnorderedElementsAre(Pair("economy", 3)));
  EXPECT_EQ(y2025.budget_secured_krw(), 3'000'000'000);
  EXPECT_EQ(y2025.meetings_with_budget(), 1);

  // Open-ended ranges; the undated meeting is never inside one.
  v1::MeetingStats since2019 = Stats(s, "2019-01-01", "");
  EXPECT_EQ(since2019.meeting_count(), 51);
  EXPECT_EQ(since2019.total_participants(), 5120);
  EXPECT_EQ(since2019.meetings_with_participants(), 50);
  v1::MeetingStats until2024 = Stats(s, "", "2024-12-31");
  EXPECT_EQ(until2024.meeting_count(), 49);
  EXPECT_EQ(until2024.total_policies(), 300);
  EXPECT_THAT(until2024.policies_by_category(),
              UnorderedElementsAre(Pair("economy", 100), Pair("welfare", 50)));

  // Inclusive on both ends.
  v1::MeetingStats one_day = Stats(s, "2025-03-10", "2025-03-10");
  EXPECT_EQ(one_day.meeting_count(), 1);
  EXPECT_EQ(one_day.total_participants(), 120);

  // A tally only partly inside the range is left out.
  EXPECT_EQ(Stats(s, "2020-01-01", "2025-12-31").meeting_count(), 2);
  EXPECT_EQ(Stats(s, "2019-06-01", "2024-12-31").meeting_count(), 49);
  EXPECT_EQ(Stats(s, "2019-06-02", "2024-12-31").meeting_count(), 0);
  EXPECT_EQ(Stats(s, "2026-01-01", "").meeting_count(), 0);

  // Bad dates name the field.
  v1::GetMeetingStatsRequest bad;
  bad.set_series(s);
  bad.set_start_date("2025-13-01");
  v1::MeetingStats ignored;
  EXPECT_THAT(
      metrics_->GetMeetingStats(bad, &ignored),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("start_date")));
  bad.clear_start_date();
  bad.set_end_date("2025/01/01");
  EXPECT_THAT(
      metrics_->GetMeetingStats(bad, &ignored),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("end_date")));

  ASSERT_NO_FATAL_FAILURE(Reopen());
  check_all(Stats(s));
}

// GetMeetingStatsRequest: with a date range, "only meetings whose date (or
// whole tally period) lies inside count". A month lies inside a range that
// ends on its last day, whatever the month's length.
TEST_F(MetricsTest, MeetingStatsDateRangeHoldsWholeMonths) {
  CreateSeries("s");
  const std::string s = "meeting-series/s";
  v1::Meeting tally;  // September to November 2024
  tally.set_series(s);
  tally.set_first_number(1);
  tally.set_last_number(3);
  tally.set_period_start("2024-09");
  tally.set_period_end("2024-11");
  tally.set_participants(300);
  ASSERT_THAT(Meet(tally), IsOk());
  v1::Meeting february;  // some day in February 2025
  february.set_series(s);
  february.set_first_number(4);
  february.set_last_number(4);
  february.set_date("2025-02");
  february.set_participants(40);
  ASSERT_THAT(Meet(february), IsOk());

  v1::MeetingStats autumn = Stats(s, "2024-09-01", "2024-11-30");
  EXPECT_EQ(autumn.meeting_count(), 3);
  EXPECT_EQ(autumn.total_participants(), 300);
  v1::MeetingStats feb = Stats(s, "2025-02-01", "2025-02-28");
  EXPECT_EQ(feb.meeting_count(), 1);
  EXPECT_EQ(feb.total_participants(), 40);
  // One day short of the month: not certainly inside.
  EXPECT_EQ(Stats(s, "2025-02-01", "2025-02-27").meeting_count(), 0);
  EXPECT_EQ(Stats(s, "2024-09-02", "2024-11-30").meeting_count(), 0);
}

TEST_F(MetricsTest, MeetingCategoriesMustBeTheSeriesCategories) {
  CreateSeries("s", {"economy", "welfare"});
  v1::Meeting meeting;
  meeting.set_series("meeting-series/s");
  meeting.set_first_number(1);
  meeting.set_last_number(1);
  (*meeting.mutable_policies_by_category())["sports"] = 1;
  EXPECT_THAT(Meet(meeting),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("meeting.policies_by_category")));
  EXPECT_EQ(Stats("meeting-series/s").meeting_count(), 0);
  meeting.clear_policies_by_category();
  (*meeting.mutable_policies_by_category())["welfare"] = 1;
  EXPECT_THAT(Meet(meeting), IsOk());
}

// --- Rankings --------------------------------------------------------------

TEST_F(MetricsTest, TrendIsInEditionOrderWithExactChanges) {
  CreateIndex("sci");
  const std::string sci = "indices/sci";
  // Recorded out of order; editions 5 and 7 tie for the best rank.
  ASSERT_THAT(Rank(sci, "busan", 7, 25, 77), IsOk());
  ASSERT_THAT(Rank(sci, "busan", 3, 30, 70), IsOk());
  ASSERT_THAT(Rank(sci, "busan", 9, 28, std::nullopt, 6), IsOk());
  ASSERT_THAT(Rank(sci, "busan", 1, 40, 60), IsOk());
  ASSERT_THAT(Rank(sci, "busan", 5, 25, 75, 4), IsOk());
  ASSERT_THAT(Rank(sci, "busan", 10, 26), IsOk());
  ASSERT_THAT(Rank(sci, "seoul", 2, 1, 70), IsOk());
  ASSERT_THAT(Rank(sci, "busan-jung", 4, 2), IsOk());

  v1::RankingTrend trend;
  ASSERT_OK(metrics_->GetRankingTrend(sci, "busan", &trend));
  EXPECT_EQ(trend.index(), sci);
  EXPECT_EQ(trend.city(), "busan");
  ASSERT_EQ(trend.points_size(), 6);
  const int editions[] = {1, 3, 5, 7, 9, 10};
  const int ranks[] = {40, 30, 25, 25, 28, 26};
  const std::optional<int> changes[] = {std::nullopt, 10, 5, 0, -3, 2};
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    const auto& point = trend.points(i);
    EXPECT_EQ(point.edition(), editions[i]);
    EXPECT_EQ(point.rank(), ranks[i]);
    EXPECT_EQ(point.published(), absl::StrCat(2015 + editions[i]));
    EXPECT_EQ(point.has_change(), changes[i].has_value());
    if (changes[i]) {
      EXPECT_EQ(point.change(), *changes[i]);
    }
  }
  EXPECT_EQ(trend.points(0).total_ranked(), 60);
  EXPECT_FALSE(trend.points(4).has_total_ranked());
  EXPECT_FALSE(trend.points(0).has_region_rank());
  EXPECT_EQ(trend.points(2).region_rank(), 4);
  EXPECT_EQ(trend.points(4).region_rank(), 6);
  ASSERT_TRUE(trend.has_best_rank());
  EXPECT_EQ(trend.best_rank(), 25);
  EXPECT_EQ(trend.best_edition(), 5);  // first edition reaching it
  ASSERT_TRUE(trend.has_change_first_to_latest());
  EXPECT_EQ(trend.change_first_to_latest(), 14);

  // A single point: change 0 first-to-latest, no per-step change.
  v1::RankingTrend seoul;
  ASSERT_OK(metrics_->GetRankingTrend(sci, "seoul", &seoul));
  ASSERT_EQ(seoul.points_size(), 1);
  EXPECT_FALSE(seoul.points(0).has_change());
  EXPECT_EQ(seoul.best_rank(), 1);
  EXPECT_EQ(seoul.best_edition(), 2);
  EXPECT_EQ(seoul.change_first_to_latest(), 0);

  // No points: the optional figures are absent.
  v1::RankingTrend none;
  ASSERT_OK(metrics_->GetRankingTrend(sci, "tokyo", &none));
  EXPECT_EQ(none.points_size(), 0);
  EXPECT_FALSE(none.has_best_rank());
  EXPECT_FALSE(none.has_best_edition());
  EXPECT_FALSE(none.has_change_first_to_latest());

  v1::RankingTrend ignored;
  EXPECT_THAT(metrics_->GetRankingTrend("indices/missing", "busan", &ignored),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(metrics_->GetRankingTrend(sci, "Busan!", &ignored),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("city")));
  EXPECT_THAT(
      metrics_->GetRankingTrend("sci", "busan", &ignored),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("index")));
}

TEST_F(MetricsTest, ReRecordingAnEditionReplacesItAndKeepsCreateTime) {
  CreateIndex("sci");
  ASSERT_OK_AND_ASSIGN(v1::Ranking first,
                       Rank("indices/sci", "busan", 5, 30, 77));
  EXPECT_EQ(first.name(), "indices/sci/editions/5/cities/busan");
  ASSERT_TRUE(first.has_create_time());
  ASSERT_THAT(Rank("indices/sci", "busan", 6, 29, 77), IsOk());
  ASSERT_OK_AND_ASSIGN(v1::Ranking second,
                       Rank("indices/sci", "busan", 5, 22, 80, 3));
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.rank(), 22);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      second.create_time(), first.create_time()));

  v1::ListRankingsResponse list;
  ListQuery query;
  query.parent = "indices/sci";
  ASSERT_OK(metrics_->ListRankings(query, &list));
  ASSERT_EQ(list.rankings_size(), 2);
  EXPECT_EQ(list.total_size(), 2);
  const v1::Ranking& stored = list.rankings(0);
  EXPECT_EQ(stored.edition(), 5);
  EXPECT_EQ(stored.rank(), 22);
  EXPECT_EQ(stored.total_ranked(), 80);
  EXPECT_EQ(stored.region_rank(), 3);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      stored.create_time(), first.create_time()));

  v1::RankingTrend trend;
  ASSERT_OK(metrics_->GetRankingTrend("indices/sci", "busan", &trend));
  ASSERT_EQ(trend.points_size(), 2);
  EXPECT_EQ(trend.points(0).rank(), 22);
  EXPECT_EQ(trend.best_rank(), 22);
  EXPECT_EQ(trend.best_edition(), 5);
  EXPECT_EQ(trend.points(1).change(), -7);
}

TEST_F(MetricsTest, RankingRulesAgainstTheIndex) {
  CreateIndex("sci", {"Technology", "Business"});
  EXPECT_THAT(
      Rank("indices/sci", "busan", 5, 78, 77),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("ranking.rank")));
  v1::Ranking ranking;
  ranking.set_index("indices/sci");
  ranking.set_city("busan");
  ranking.set_edition(5);
  ranking.set_rank(10);
  (*ranking.mutable_category_ranks())["Culture"] = 3;
  EXPECT_THAT(metrics_->RecordRanking(ranking, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("ranking.category_ranks")));
  ranking.clear_category_ranks();
  (*ranking.mutable_category_ranks())["Technology"] = 3;
  EXPECT_THAT(metrics_->RecordRanking(ranking, {}), IsOk());

  // An index without categories accepts any.
  CreateIndex("open");
  ranking.set_index("indices/open");
  (*ranking.mutable_category_ranks())["Anything"] = 4;
  EXPECT_THAT(metrics_->RecordRanking(ranking, {}), IsOk());

  v1::RankingTrend trend;
  ASSERT_OK(metrics_->GetRankingTrend("indices/sci", "busan", &trend));
  EXPECT_EQ(trend.points_size(), 1);
}

// ListRankingsRequest.order_by: "Default: city, then edition";
// "edition, city" gives one league table per edition.
TEST_F(MetricsTest, ListRankingsDefaultOrderIsCityThenEdition) {
  CreateIndex("sci");
  for (int edition : {2, 1}) {
    for (const char* city : {"seoul", "busan", "incheon"}) {
      ASSERT_THAT(Rank("indices/sci", city, edition, 5), IsOk());
    }
  }
  auto listed = [&](const std::string& order_by) {
    v1::ListRankingsResponse list;
    ListQuery query;
    query.parent = "indices/sci";
    query.order_by = order_by;
    EXPECT_OK(metrics_->ListRankings(query, &list));
    std::vector<std::string> order;
    for (const auto& r : list.rankings()) {
      order.push_back(absl::StrCat(r.edition(), "/", r.city()));
    }
    return order;
  };
  EXPECT_THAT(listed(""), ElementsAre("1/busan", "2/busan", "1/incheon",
                                      "2/incheon", "1/seoul", "2/seoul"));
  EXPECT_THAT(listed("edition, city"),
              ElementsAre("1/busan", "1/incheon", "1/seoul", "2/busan",
                          "2/incheon", "2/seoul"));
}

// --- Parents ---------------------------------------------------------------

TEST_F(MetricsTest, RecordingIntoAMissingParentIsFailedPrecondition) {
  EXPECT_THAT(Rank("indices/nope", "busan", 1, 1),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("ranking.index")));
  EXPECT_THAT(MeetRange("meeting-series/nope", 1, 1),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("meeting.series")));
  EXPECT_THAT(
      Flow("funds/nope", FundFlow::RAISED, 1),
      StatusIs(absl::StatusCode::kFailedPrecondition, StartsWith("flow.fund")));
  // Nothing leaked into the counters.
  EXPECT_THAT(Summary(SummarizeFundsRequest::FUND), IsEmpty());
  EXPECT_THAT(Summary(SummarizeFundsRequest::YEAR), IsEmpty());
  // A fund created afterwards under the same id starts empty.
  CreateFund("nope");
  EXPECT_EQ(Totals("funds/nope"), Sums{});
}

TEST_F(MetricsTest, DeleteFundWithFlowsNeedsForceAndForceUndoesCounters) {
  v1::Fund fund = CreateFund("f", 1000);
  CreateFund("keep");
  ASSERT_THAT(Flow("funds/f", FundFlow::RAISED, 400, "2025-01-01",
                   "strategies/s", "projects/p"),
              IsOk());
  ASSERT_THAT(Flow("funds/f", FundFlow::EXECUTED, 100, "2024", "strategies/s"),
              IsOk());
  ASSERT_THAT(
      Flow("funds/keep", FundFlow::COMMITTED, 7, "2025-02-02", "strategies/s"),
      IsOk());

  EXPECT_THAT(metrics_->Delete<v1::Fund>("funds/f", "", false, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  v1::Fund still;
  EXPECT_OK(metrics_->Get("funds/f", &still));
  EXPECT_EQ(Totals("funds/f"), (Sums{0, 400, 0, 100, 2}));

  ASSERT_OK(metrics_->Delete<v1::Fund>("funds/f", "", true, {}));
  EXPECT_THAT(metrics_->Get("funds/f", &still),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  v1::FundTotals totals;
  EXPECT_THAT(metrics_->GetFundTotals("funds/f", &totals),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));

  const Sums keep{7, 0, 0, 0, 1};
  EXPECT_THAT(Summary(SummarizeFundsRequest::FUND),
              ElementsAre(Pair("funds/keep", keep)));
  EXPECT_THAT(Summary(SummarizeFundsRequest::STRATEGY),
              ElementsAre(Pair("strategies/s", keep)));
  EXPECT_THAT(Summary(SummarizeFundsRequest::PROJECT),
              ElementsAre(Pair("", keep)));
  EXPECT_THAT(Summary(SummarizeFundsRequest::YEAR),
              ElementsAre(Pair("2025", keep)));

  // Recreated under the same id: empty, no flows, zero totals.
  CreateFund("f", 1000);
  EXPECT_EQ(Totals("funds/f"), Sums{});
  ASSERT_OK(metrics_->GetFundTotals("funds/f", &totals));
  EXPECT_EQ(totals.raised_basis_points_of_target(), 0);
  EXPECT_THAT(AllFlows("funds/f"), IsEmpty());
  EXPECT_EQ(SummaryMap(SummarizeFundsRequest::FUND).count("funds/f"), 0u);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(Totals("funds/f"), Sums{});
  EXPECT_EQ(Totals("funds/keep"), keep);

  // Deleting a fund without flows needs no force.
  EXPECT_OK(metrics_->Delete<v1::Fund>("funds/f", "", false, {}));
}

TEST_F(MetricsTest, DeleteSeriesWithMeetingsNeedsForceAndForceZeroesStats) {
  CreateSeries("s");
  CreateSeries("s-2");
  v1::Meeting meeting;
  meeting.set_series("meeting-series/s");
  meeting.set_first_number(1);
  meeting.set_last_number(3);
  meeting.set_participants(30);
  meeting.set_policies_adopted(5);
  (*meeting.mutable_policies_by_category())["economy"] = 5;
  meeting.set_budget_secured_krw(900);
  ASSERT_THAT(Meet(meeting), IsOk());
  meeting.set_series("meeting-series/s-2");
  ASSERT_THAT(Meet(meeting), IsOk());

  EXPECT_THAT(
      metrics_->Delete<v1::MeetingSeries>("meeting-series/s", "", false, {}),
      StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_EQ(Stats("meeting-series/s").meeting_count(), 3);
  ASSERT_OK(
      metrics_->Delete<v1::MeetingSeries>("meeting-series/s", "", true, {}));
  CreateSeries("s");
  v1::MeetingStats stats = Stats("meeting-series/s");
  EXPECT_EQ(stats.meeting_count(), 0);
  EXPECT_EQ(stats.total_participants(), 0);
  EXPECT_EQ(stats.meetings_with_participants(), 0);
  EXPECT_EQ(stats.total_policies(), 0);
  EXPECT_EQ(stats.meetings_with_policies(), 0);
  EXPECT_EQ(stats.budget_secured_krw(), 0);
  EXPECT_EQ(stats.meetings_with_budget(), 0);
  EXPECT_THAT(stats.policies_by_category(), IsEmpty());
  // The same numbers can be recorded again.
  EXPECT_THAT(MeetRange("meeting-series/s", 1, 3), IsOk());
  // The neighbouring series is untouched.
  v1::MeetingStats other = Stats("meeting-series/s-2");
  EXPECT_EQ(other.meeting_count(), 3);
  EXPECT_EQ(other.total_participants(), 30);
  EXPECT_THAT(other.policies_by_category(),
              UnorderedElementsAre(Pair("economy", 5)));
}

TEST_F(MetricsTest, DeleteIndexWithRankingsNeedsForce) {
  CreateIndex("sci");
  ASSERT_THAT(Rank("indices/sci", "busan", 1, 3), IsOk());
  EXPECT_THAT(metrics_->Delete<v1::RankingIndex>("indices/sci", "", false, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  ASSERT_OK(metrics_->Delete<v1::RankingIndex>("indices/sci", "", true, {}));
  CreateIndex("sci");
  v1::RankingTrend trend;
  ASSERT_OK(metrics_->GetRankingTrend("indices/sci", "busan", &trend));
  EXPECT_EQ(trend.points_size(), 0);
}

TEST_F(MetricsTest, CreateRefusesBadOrTakenIds) {
  v1::Fund fund;
  fund.set_display_name("F");
  EXPECT_THAT(
      metrics_->Create<v1::Fund>("Bad_Id", fund, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("fund_id")));
  EXPECT_THAT(
      metrics_->Create<v1::Fund>("", fund, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("fund_id")));
  ASSERT_THAT(metrics_->Create<v1::Fund>("f", fund, {}), IsOk());
  EXPECT_THAT(metrics_->Create<v1::Fund>("f", fund, {}),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  v1::Fund no_name;
  EXPECT_THAT(metrics_->Create<v1::Fund>("g", no_name, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("fund.display_name")));
  v1::MeetingSeries series;
  series.set_display_name("S");
  EXPECT_THAT(
      metrics_->Create<v1::MeetingSeries>("1s", series, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("series_id")));
  v1::RankingIndex index;
  index.set_display_name("I");
  EXPECT_THAT(
      metrics_->Create<v1::RankingIndex>(std::string(64, 'a'), index, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("index_id")));
}

TEST_F(MetricsTest, StaleEtagIsAbortedAndChangesNothing) {
  v1::Fund created = CreateFund("f", 100);
  ASSERT_FALSE(created.etag().empty());

  v1::Fund patch;
  patch.set_name("funds/f");
  patch.set_display_name("Renamed");
  patch.set_etag(created.etag());
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  ASSERT_OK_AND_ASSIGN(v1::Fund renamed, metrics_->Update(patch, mask, {}));
  EXPECT_EQ(renamed.display_name(), "Renamed");
  EXPECT_NE(renamed.etag(), created.etag());

  patch.set_display_name("Stale");  // still carries the first etag
  EXPECT_THAT(metrics_->Update(patch, mask, {}),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));
  EXPECT_THAT(metrics_->Delete<v1::Fund>("funds/f", created.etag(), false, {}),
              StatusIs(absl::StatusCode::kAborted, ::testing::_));
  v1::Fund stored;
  ASSERT_OK(metrics_->Get("funds/f", &stored));
  EXPECT_EQ(stored.display_name(), "Renamed");
  EXPECT_EQ(stored.etag(), renamed.etag());

  // The current etag is accepted.
  EXPECT_OK(metrics_->Delete<v1::Fund>("funds/f", renamed.etag(), false, {}));
  EXPECT_THAT(metrics_->Get("funds/f", &stored),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(MetricsTest, UpdateMaskClearsAndKeepsFields) {
  CreateFund("f", 1'000'000);
  ASSERT_THAT(Flow("funds/f", FundFlow::RAISED, 250'000), IsOk());
  v1::FundTotals totals;
  ASSERT_OK(metrics_->GetFundTotals("funds/f", &totals));
  EXPECT_EQ(totals.raised_basis_points_of_target(), 2500);

  // Only display_name in the mask: target untouched although absent in the
  // patch.
  v1::Fund patch;
  patch.set_name("funds/f");
  patch.set_display_name("Busan Future Fund");
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  ASSERT_OK_AND_ASSIGN(v1::Fund updated, metrics_->Update(patch, mask, {}));
  EXPECT_EQ(updated.display_name(), "Busan Future Fund");
  ASSERT_TRUE(updated.has_target_krw());
  EXPECT_EQ(updated.target_krw(), 1'000'000);

  // target_krw in the mask and unset in the patch: cleared.
  mask.Clear();
  mask.add_paths("target_krw");
  patch.clear_display_name();
  ASSERT_OK_AND_ASSIGN(updated, metrics_->Update(patch, mask, {}));
  EXPECT_FALSE(updated.has_target_krw());
  EXPECT_EQ(updated.display_name(), "Busan Future Fund");
  totals.Clear();
  ASSERT_OK(metrics_->GetFundTotals("funds/f", &totals));
  EXPECT_FALSE(totals.has_target_krw());
  EXPECT_FALSE(totals.has_raised_basis_points_of_target());
  EXPECT_EQ(totals.raised_krw(), 250'000);

  // Output-only and unknown paths are refused.
  for (const char* path : {"create_time", "etag", "name", "no_such_field"}) {
    mask.Clear();
    mask.add_paths(path);
    EXPECT_THAT(
        metrics_->Update(patch, mask, {}),
        StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("update_mask")))
        << path;
  }
  // A masked change that breaks validation is refused.
  mask.Clear();
  mask.add_paths("display_name");
  EXPECT_THAT(metrics_->Update(patch, mask, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("fund.display_name")));
  patch.set_start_year(2030);
  patch.set_end_year(2020);
  mask.Clear();
  mask.add_paths("start_year");
  mask.add_paths("end_year");
  EXPECT_THAT(metrics_->Update(patch, mask, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("fund.end_year")));
  v1::Fund stored;
  ASSERT_OK(metrics_->Get("funds/f", &stored));
  EXPECT_FALSE(stored.has_start_year());
  EXPECT_EQ(stored.display_name(), "Busan Future Fund");

  patch.set_name("funds/missing");
  EXPECT_THAT(metrics_->Update(patch, mask, {}),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace busan::metrics
