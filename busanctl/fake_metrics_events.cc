// FakeMetricsService's handlers of events: rankings, meetings, fund flows.
#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "busanctl/fake_metrics_state.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using fake_metrics::BeginRecord;
using fake_metrics::Error;
using fake_metrics::Lock;
using fake_metrics::Page;
using fake_metrics::RankingName;
using fake_metrics::StoreFlow;
using fake_metrics::StoreMeeting;
using fake_metrics::StoreRanking;

// Whether `meeting` lies within [start, end] (either may be empty).
bool InDateRange(const v1::Meeting& m, const std::string& start,
                 const std::string& end) {
  if (start.empty() && end.empty()) return true;
  const std::string first = m.date().empty() ? m.period_start() : m.date();
  const std::string last = m.date().empty() ? m.period_end() : m.date();
  if (first.empty() || last.empty()) return false;
  return (start.empty() || first >= start) && (end.empty() || last <= end);
}

void AddFlow(const v1::FundFlow& flow, int64_t* committed, int64_t* raised,
             int64_t* allocated, int64_t* executed, int64_t* count) {
  switch (flow.type()) {
    case v1::FundFlow::COMMITTED:
      *committed += flow.amount_krw();
      break;
    case v1::FundFlow::RAISED:
      *raised += flow.amount_krw();
      break;
    case v1::FundFlow::ALLOCATED:
      *allocated += flow.amount_krw();
      break;
    case v1::FundFlow::EXECUTED:
      *executed += flow.amount_krw();
      break;
    default:
      break;
  }
  ++*count;
}

}  // namespace

// Rankings.

grpc::Status FakeMetricsService::RecordRanking(
    grpc::ServerContext* context, const v1::RecordRankingRequest* request,
    v1::Ranking* out) {
  Lock lock(state_->mu);
  const v1::Ranking& ranking = request->ranking();
  if (grpc::Status s =
          BeginRecord<v1::RankingIndex>(*state_, context, "RecordRanking",
                                        ranking.index(), request->request_id());
      !s.ok()) {
    return s;
  }
  if (ranking.edition() < 1 || ranking.rank() < 1 ||
      (ranking.has_total_ranked() && ranking.rank() > ranking.total_ranked())) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT,
                 "ranking.rank: must be in 1..total_ranked");
  }
  StoreRanking(*state_, ranking);
  state_->writes.back().name = RankingName(ranking);
  for (const v1::Ranking& r : state_->rankings) {
    if (r.name() == RankingName(ranking)) *out = r;
  }
  return grpc::Status::OK;
}

grpc::Status FakeMetricsService::ListRankings(
    grpc::ServerContext*, const v1::ListRankingsRequest* request,
    v1::ListRankingsResponse* response) {
  Lock lock(state_->mu);
  ++state_->calls;
  state_->list_filters.push_back(request->filter());
  if (!state_->Has<v1::RankingIndex>(request->parent())) {
    return Error(grpc::StatusCode::NOT_FOUND, request->parent());
  }
  return Page(
      state_->rankings, *request,
      [](const v1::Ranking& r) { return r.index(); }, response,
      response->mutable_rankings());
}

grpc::Status FakeMetricsService::GetRankingTrend(
    grpc::ServerContext*, const v1::GetRankingTrendRequest* request,
    v1::RankingTrend* trend) {
  Lock lock(state_->mu);
  ++state_->calls;
  if (!state_->Has<v1::RankingIndex>(request->index())) {
    return Error(grpc::StatusCode::NOT_FOUND,
                 absl::StrCat(request->index(), " not found"));
  }
  trend->set_index(request->index());
  trend->set_city(request->city());
  for (const v1::Ranking& r : state_->rankings) {  // In edition order.
    if (r.index() != request->index() || r.city() != request->city()) continue;
    v1::RankingTrend::Point* point = trend->add_points();
    point->set_edition(r.edition());
    point->set_published(r.published());
    point->set_rank(r.rank());
    if (r.has_total_ranked()) point->set_total_ranked(r.total_ranked());
    if (r.has_region_rank()) point->set_region_rank(r.region_rank());
    if (trend->points_size() > 1) {
      point->set_change(trend->points(trend->points_size() - 2).rank() -
                        r.rank());
    }
    if (!trend->has_best_rank() || r.rank() < trend->best_rank()) {
      trend->set_best_rank(r.rank());
      trend->set_best_edition(r.edition());
    }
  }
  if (trend->points_size() > 0) {
    trend->set_change_first_to_latest(
        trend->points(0).rank() -
        trend->points(trend->points_size() - 1).rank());
  }
  return grpc::Status::OK;
}

// Meetings.

grpc::Status FakeMetricsService::RecordMeeting(
    grpc::ServerContext* context, const v1::RecordMeetingRequest* request,
    v1::Meeting* out) {
  Lock lock(state_->mu);
  const v1::Meeting& meeting = request->meeting();
  if (grpc::Status s = BeginRecord<v1::MeetingSeries>(
          *state_, context, "RecordMeeting", meeting.series(),
          request->request_id());
      !s.ok()) {
    return s;
  }
  if (meeting.first_number() < 1 ||
      meeting.last_number() < meeting.first_number()) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT,
                 "meeting.last_number: must be >= first_number >= 1");
  }
  for (const v1::Meeting& m : state_->meetings) {
    if (m.series() == meeting.series() &&
        m.first_number() <= meeting.last_number() &&
        meeting.first_number() <= m.last_number()) {
      return Error(grpc::StatusCode::ALREADY_EXISTS,
                   absl::StrCat("meeting: overlaps ", m.name()));
    }
  }
  StoreMeeting(*state_, meeting);
  const std::string name =
      absl::StrCat(meeting.series(), "/meetings/", meeting.first_number());
  state_->writes.back().name = name;
  for (const v1::Meeting& m : state_->meetings) {
    if (m.name() == name) *out = m;
  }
  return grpc::Status::OK;
}

grpc::Status FakeMetricsService::ListMeetings(
    grpc::ServerContext*, const v1::ListMeetingsRequest* request,
    v1::ListMeetingsResponse* response) {
  Lock lock(state_->mu);
  ++state_->calls;
  state_->list_filters.push_back(request->filter());
  if (!state_->Has<v1::MeetingSeries>(request->parent())) {
    return Error(grpc::StatusCode::NOT_FOUND, request->parent());
  }
  return Page(
      state_->meetings, *request,
      [](const v1::Meeting& m) { return m.series(); }, response,
      response->mutable_meetings());
}

grpc::Status FakeMetricsService::GetMeetingStats(
    grpc::ServerContext*, const v1::GetMeetingStatsRequest* request,
    v1::MeetingStats* stats) {
  Lock lock(state_->mu);
  ++state_->calls;
  state_->last_stats = *request;
  if (!state_->Has<v1::MeetingSeries>(request->series())) {
    return Error(grpc::StatusCode::NOT_FOUND,
                 absl::StrCat(request->series(), " not found"));
  }
  stats->set_series(request->series());
  for (const v1::Meeting& m : state_->meetings) {
    if (m.series() != request->series() ||
        !InDateRange(m, request->start_date(), request->end_date())) {
      continue;
    }
    const int64_t covered = int64_t{m.last_number()} - m.first_number() + 1;
    stats->set_meeting_count(stats->meeting_count() + covered);
    if (m.has_participants()) {
      stats->set_total_participants(stats->total_participants() +
                                    m.participants());
      stats->set_meetings_with_participants(
          stats->meetings_with_participants() + covered);
    }
    if (m.has_policies_adopted()) {
      stats->set_total_policies(stats->total_policies() + m.policies_adopted());
      stats->set_meetings_with_policies(stats->meetings_with_policies() +
                                        covered);
    }
    for (const auto& [category, count] : m.policies_by_category()) {
      (*stats->mutable_policies_by_category())[category] += count;
    }
    if (m.has_budget_secured_krw()) {
      stats->set_budget_secured_krw(stats->budget_secured_krw() +
                                    m.budget_secured_krw());
      stats->set_meetings_with_budget(stats->meetings_with_budget() + covered);
    }
  }
  return grpc::Status::OK;
}

// Funds.

grpc::Status FakeMetricsService::RecordFundFlow(
    grpc::ServerContext* context, const v1::RecordFundFlowRequest* request,
    v1::FundFlow* out) {
  Lock lock(state_->mu);
  const v1::FundFlow& flow = request->flow();
  if (grpc::Status s =
          BeginRecord<v1::Fund>(*state_, context, "RecordFundFlow", flow.fund(),
                                request->request_id());
      !s.ok()) {
    return s;
  }
  if (flow.type() == v1::FundFlow::TYPE_UNSPECIFIED || flow.amount_krw() <= 0) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT,
                 "flow: type is required and amount_krw must be > 0");
  }
  *out = StoreFlow(*state_, flow);
  state_->writes.back().name = out->name();
  return grpc::Status::OK;
}

grpc::Status FakeMetricsService::ListFundFlows(
    grpc::ServerContext*, const v1::ListFundFlowsRequest* request,
    v1::ListFundFlowsResponse* response) {
  Lock lock(state_->mu);
  ++state_->calls;
  state_->list_filters.push_back(request->filter());
  if (!state_->Has<v1::Fund>(request->parent())) {
    return Error(grpc::StatusCode::NOT_FOUND, request->parent());
  }
  return Page(
      state_->flows, *request, [](const v1::FundFlow& f) { return f.fund(); },
      response, response->mutable_flows());
}

grpc::Status FakeMetricsService::GetFundTotals(
    grpc::ServerContext*, const v1::GetFundTotalsRequest* request,
    v1::FundTotals* totals) {
  Lock lock(state_->mu);
  ++state_->calls;
  auto& funds = state_->Parents<v1::Fund>();
  auto fund = funds.find(request->fund());
  if (fund == funds.end()) {
    return Error(grpc::StatusCode::NOT_FOUND,
                 absl::StrCat(request->fund(), " not found"));
  }
  int64_t committed = 0, raised = 0, allocated = 0, executed = 0, count = 0;
  for (const v1::FundFlow& flow : state_->flows) {
    if (flow.fund() != request->fund()) continue;
    AddFlow(flow, &committed, &raised, &allocated, &executed, &count);
  }
  totals->set_fund(request->fund());
  totals->set_committed_krw(committed);
  totals->set_raised_krw(raised);
  totals->set_allocated_krw(allocated);
  totals->set_executed_krw(executed);
  totals->set_flow_count(count);
  if (fund->second.has_target_krw() && fund->second.target_krw() > 0) {
    totals->set_target_krw(fund->second.target_krw());
    totals->set_raised_basis_points_of_target(raised * 10000 /
                                              fund->second.target_krw());
  }
  return grpc::Status::OK;
}

grpc::Status FakeMetricsService::SummarizeFunds(
    grpc::ServerContext*, const v1::SummarizeFundsRequest* request,
    v1::SummarizeFundsResponse* response) {
  Lock lock(state_->mu);
  ++state_->calls;
  using Request = v1::SummarizeFundsRequest;
  std::map<std::string, v1::SummarizeFundsResponse::Group> groups;
  for (const v1::FundFlow& flow : state_->flows) {
    std::string key;
    switch (request->group_by()) {
      case Request::FUND:
        key = flow.fund();
        break;
      case Request::STRATEGY:
        key = flow.strategy();
        break;
      case Request::PROJECT:
        key = flow.project();
        break;
      case Request::YEAR:
        key = flow.date().substr(0, 4);
        break;
      default:
        return Error(grpc::StatusCode::INVALID_ARGUMENT, "group_by: required");
    }
    auto& g = groups[key];
    g.set_key(key);
    int64_t committed = g.committed_krw(), raised = g.raised_krw(),
            allocated = g.allocated_krw(), executed = g.executed_krw(),
            count = g.flow_count();
    AddFlow(flow, &committed, &raised, &allocated, &executed, &count);
    g.set_committed_krw(committed);
    g.set_raised_krw(raised);
    g.set_allocated_krw(allocated);
    g.set_executed_krw(executed);
    g.set_flow_count(count);
  }
  for (auto& [key, group] : groups) *response->add_groups() = group;
  return grpc::Status::OK;
}

}  // namespace busan::ctl
