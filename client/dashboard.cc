#include "client/dashboard.h"

#include <algorithm>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/pages.h"

namespace busan::client {
namespace {

namespace dv1 = dashboard::v1;
namespace cv1 = catalog::v1;
namespace mv1 = metrics::v1;

constexpr int kPageSize = 1000;

// Calls `list` on `stub` page by page, from an empty request, handing each
// page to `each`. The first failure ends the walk.
template <typename Stub, typename Request, typename Response, typename Each>
grpc::Status ListAll(const BusanClient& client, Stub& stub,
                     grpc::Status (Stub::*list)(grpc::ClientContext*,
                                                const Request&, Response*),
                     Each each, const std::string& filter = "") {
  Request request;
  request.set_page_size(kPageSize);
  if constexpr (requires { request.set_filter(filter); }) {
    request.set_filter(filter);
  }
  return WalkPages<Response>(
      "",
      [&](const std::string& page_token, Response* page) {
        request.set_page_token(page_token);
        return (stub.*list)(client.UnaryContext().get(), request, page);
      },
      [&](const Response& page) {
        each(page);
        return true;
      });
}

// One section's result: what was read, or why it could not be.
template <typename T>
struct Section {
  T value;
  grpc::Status status;
};

void CopyTotals(const auto& from, dv1::FlowTotals* to) {
  to->set_committed_krw(from.committed_krw());
  to->set_raised_krw(from.raised_krw());
  to->set_allocated_krw(from.allocated_krw());
  to->set_executed_krw(from.executed_krw());
  to->set_flow_count(from.flow_count());
}

// The project's own fields of a timeline.
void CopyTimeline(const cv1::Project& project, dv1::ProjectTimeline* timeline) {
  timeline->set_name(project.name());
  timeline->set_display_name(project.display_name());
  timeline->set_stage(project.stage());
  if (project.has_progress_basis_points()) {
    timeline->set_progress_basis_points(project.progress_basis_points());
  }
  if (project.has_start_year()) timeline->set_start_year(project.start_year());
  if (project.has_end_year()) timeline->set_end_year(project.end_year());
  *timeline->mutable_status_updates() = project.status_updates();
}

// The catalog section: plans with their strategies, and the projects filed
// under no strategy.
// A plan's figures as the dashboard shows them: declared ones only where
// published, progress only where there is some.
void CopyPlan(const cv1::Plan& plan, dv1::PlanSummary* summary) {
  summary->set_name(plan.name());
  summary->set_display_name(plan.display_name());
  summary->set_published(plan.published());
  if (plan.has_declared_project_count()) {
    summary->set_declared_project_count(plan.declared_project_count());
  }
  if (plan.has_declared_budget_krw()) {
    summary->set_declared_budget_krw(plan.declared_budget_krw());
  }
  if (plan.has_declared_origin_counts()) {
    *summary->mutable_declared_origin_counts() = plan.declared_origin_counts();
  }
  summary->set_project_count(plan.project_count());
  summary->set_total_budget_krw(plan.total_budget_krw());
  summary->set_unbudgeted_project_count(plan.unbudgeted_project_count());
  if (plan.progress().has_progress_basis_points()) {
    *summary->mutable_progress() = plan.progress();
  }
}

void CopyStrategy(const cv1::Strategy& strategy,
                  dv1::StrategySummary* summary) {
  summary->set_name(strategy.name());
  summary->set_display_name(strategy.display_name());
  summary->set_ordinal(strategy.ordinal());
  if (strategy.has_declared_project_count()) {
    summary->set_declared_project_count(strategy.declared_project_count());
  }
  if (strategy.has_declared_budget_krw()) {
    summary->set_declared_budget_krw(strategy.declared_budget_krw());
  }
  summary->set_project_count(strategy.project_count());
  summary->set_total_budget_krw(strategy.total_budget_krw());
  summary->set_unbudgeted_project_count(strategy.unbudgeted_project_count());
  if (strategy.progress().has_progress_basis_points()) {
    *summary->mutable_progress() = strategy.progress();
  }
}

// A plan's strategies in the plan's order (ordinal), then by name.
void SortStrategies(dv1::PlanSummary* plan) {
  std::sort(plan->mutable_strategies()->pointer_begin(),
            plan->mutable_strategies()->pointer_end(),
            [](const dv1::StrategySummary* a, const dv1::StrategySummary* b) {
              if (a->ordinal() != b->ordinal()) {
                return a->ordinal() < b->ordinal();
              }
              return a->name() < b->name();
            });
}

struct CatalogRead {
  google::protobuf::RepeatedPtrField<dv1::PlanSummary> plans;
  google::protobuf::RepeatedPtrField<dv1::ProjectTimeline> unfiled;
};

Section<CatalogRead> ReadCatalog(BusanClient& client) {
  Section<CatalogRead> section;
  std::map<std::string, dv1::PlanSummary*> plans;
  section.status = ListAll(client, client.catalog(), &CatalogStub::ListPlans,
                           [&](const cv1::ListPlansResponse& page) {
                             for (const cv1::Plan& plan : page.plans()) {
                               CopyPlan(plan, section.value.plans.Add());
                             }
                           });
  if (!section.status.ok()) return section;
  for (dv1::PlanSummary& plan : section.value.plans) plans[plan.name()] = &plan;

  section.status =
      ListAll(client, client.catalog(), &CatalogStub::ListStrategies,
              [&](const cv1::ListStrategiesResponse& page) {
                for (const cv1::Strategy& strategy : page.strategies()) {
                  auto plan = plans.find(strategy.plan());
                  if (plan == plans.end()) continue;  // created after the plans
                  CopyStrategy(strategy, plan->second->add_strategies());
                }
              });
  if (!section.status.ok()) return section;
  std::map<std::string, dv1::StrategySummary*> strategies;
  for (dv1::PlanSummary& plan : section.value.plans) {
    for (dv1::StrategySummary& strategy : *plan.mutable_strategies()) {
      strategies[strategy.name()] = &strategy;
    }
  }
  // Only the projects with a timeline: the catalog filters, in name order.
  section.status = ListAll(
      client, client.catalog(), &CatalogStub::ListProjects,
      [&](const cv1::ListProjectsResponse& page) {
        for (const cv1::Project& project : page.projects()) {
          auto strategy = strategies.find(project.strategy());
          // Unfiled (read below) or filed after the strategies were read.
          if (strategy == strategies.end()) continue;
          CopyTimeline(project, strategy->second->add_timelines());
        }
      },
      "status_updates:*");
  if (!section.status.ok()) return section;
  section.status = ListAll(
      client, client.catalog(), &CatalogStub::ListProjects,
      [&](const cv1::ListProjectsResponse& page) {
        for (const cv1::Project& project : page.projects()) {
          CopyTimeline(project, section.value.unfiled.Add());
        }
      },
      "strategy = \"\"");
  for (dv1::PlanSummary& plan : section.value.plans) SortStrategies(&plan);
  return section;
}

Section<google::protobuf::RepeatedPtrField<dv1::RankingSummary>> ReadRankings(
    BusanClient& client, const std::string& city) {
  Section<google::protobuf::RepeatedPtrField<dv1::RankingSummary>> section;
  std::vector<mv1::RankingIndex> indices;
  section.status =
      ListAll(client, client.metrics(), &MetricsStub::ListRankingIndices,
              [&](const mv1::ListRankingIndicesResponse& page) {
                indices.insert(indices.end(), page.indices().begin(),
                               page.indices().end());
              });
  for (const mv1::RankingIndex& index : indices) {
    if (!section.status.ok()) break;
    mv1::GetRankingTrendRequest trend_request;
    trend_request.set_index(index.name());
    trend_request.set_city(city);
    mv1::RankingTrend trend;
    section.status = client.metrics().GetRankingTrend(
        client.UnaryContext().get(), trend_request, &trend);
    if (!section.status.ok()) break;
    if (trend.points_size() == 0) continue;  // the city is not ranked here

    // The latest edition's record carries the category ranks.
    mv1::ListRankingsRequest latest_request;
    latest_request.set_parent(index.name());
    latest_request.set_filter(absl::StrCat("city = \"", city, "\""));
    latest_request.set_order_by("edition desc");
    latest_request.set_page_size(1);
    mv1::ListRankingsResponse latest;
    section.status = client.metrics().ListRankings(client.UnaryContext().get(),
                                                   latest_request, &latest);
    if (!section.status.ok()) break;

    dv1::RankingSummary* summary = section.value.Add();
    summary->set_index(index.name());
    summary->set_display_name(index.display_name());
    summary->set_city(city);
    for (const auto& point : trend.points()) {
      dv1::RankingSummary::Point* out = summary->add_points();
      out->set_edition(point.edition());
      out->set_published(point.published());
      out->set_rank(point.rank());
      if (point.has_total_ranked()) out->set_total_ranked(point.total_ranked());
      if (point.has_change()) out->set_change(point.change());
    }
    if (trend.has_best_rank()) summary->set_best_rank(trend.best_rank());
    if (trend.has_best_edition()) {
      summary->set_best_edition(trend.best_edition());
    }
    if (trend.has_change_first_to_latest()) {
      summary->set_change_first_to_latest(trend.change_first_to_latest());
    }
    if (latest.rankings_size() > 0) {
      *summary->mutable_latest_statements() = latest.rankings(0).statements();
      const auto& ranks = latest.rankings(0).category_ranks();
      // The index's category order first, then any others by name.
      std::vector<std::pair<std::string, int32_t>> ordered;
      for (const std::string& category : index.categories()) {
        auto it = ranks.find(category);
        if (it != ranks.end()) ordered.emplace_back(category, it->second);
      }
      std::map<std::string, int32_t> others;
      for (const auto& [category, rank] : ranks) {
        if (std::find(index.categories().begin(), index.categories().end(),
                      category) == index.categories().end()) {
          others.emplace(category, rank);
        }
      }
      ordered.insert(ordered.end(), others.begin(), others.end());
      for (const auto& [category, rank] : ordered) {
        auto* out = summary->add_latest_category_ranks();
        out->set_category(category);
        out->set_rank(rank);
      }
    }
  }
  return section;
}

Section<google::protobuf::RepeatedPtrField<dv1::MeetingSeriesSummary>>
ReadMeetings(BusanClient& client) {
  Section<google::protobuf::RepeatedPtrField<dv1::MeetingSeriesSummary>>
      section;
  std::vector<mv1::MeetingSeries> all_series;
  section.status = ListAll(
      client, client.metrics(), &MetricsStub::ListMeetingSeries,
      [&](const mv1::ListMeetingSeriesResponse& page) {
        all_series.insert(all_series.end(), page.meeting_series().begin(),
                          page.meeting_series().end());
      });
  for (const mv1::MeetingSeries& series : all_series) {
    if (!section.status.ok()) break;
    mv1::GetMeetingStatsRequest request;
    request.set_series(series.name());
    mv1::MeetingStats stats;
    section.status = client.metrics().GetMeetingStats(
        client.UnaryContext().get(), request, &stats);
    if (!section.status.ok()) break;
    dv1::MeetingSeriesSummary* summary = section.value.Add();
    summary->set_series(series.name());
    summary->set_display_name(series.display_name());
    summary->set_started(series.started());
    summary->set_meeting_count(stats.meeting_count());
    summary->set_total_participants(stats.total_participants());
    summary->set_meetings_with_participants(stats.meetings_with_participants());
    summary->set_total_policies(stats.total_policies());
    summary->set_meetings_with_policies(stats.meetings_with_policies());
    summary->set_budget_secured_krw(stats.budget_secured_krw());
    summary->set_meetings_with_budget(stats.meetings_with_budget());
    *summary->mutable_statements() = series.statements();
    const std::map<std::string, int64_t> by_category(
        stats.policies_by_category().begin(),
        stats.policies_by_category().end());
    for (const auto& [category, policies] : by_category) {
      auto* out = summary->add_policies_by_category();
      out->set_category(category);
      out->set_policies(policies);
    }
  }
  return section;
}

struct FundsRead {
  google::protobuf::RepeatedPtrField<dv1::FundSummary> funds;
  // Strategy name -> flows that name it.
  std::map<std::string, dv1::FlowTotals> by_strategy;
};

Section<FundsRead> ReadFunds(BusanClient& client) {
  Section<FundsRead> section;
  std::vector<mv1::Fund> funds;
  section.status = ListAll(client, client.metrics(), &MetricsStub::ListFunds,
                           [&](const mv1::ListFundsResponse& page) {
                             funds.insert(funds.end(), page.funds().begin(),
                                          page.funds().end());
                           });
  for (const mv1::Fund& fund : funds) {
    if (!section.status.ok()) return section;
    mv1::GetFundTotalsRequest request;
    request.set_fund(fund.name());
    mv1::FundTotals totals;
    section.status = client.metrics().GetFundTotals(client.UnaryContext().get(),
                                                    request, &totals);
    if (!section.status.ok()) return section;
    dv1::FundSummary* summary = section.value.funds.Add();
    summary->set_fund(fund.name());
    summary->set_display_name(fund.display_name());
    if (totals.has_target_krw()) summary->set_target_krw(totals.target_krw());
    CopyTotals(totals, summary->mutable_totals());
    if (totals.has_raised_basis_points_of_target()) {
      summary->set_raised_basis_points_of_target(
          totals.raised_basis_points_of_target());
    }
    *summary->mutable_milestones() = fund.milestones();
  }
  if (!section.status.ok()) return section;
  mv1::SummarizeFundsRequest request;
  request.set_group_by(mv1::SummarizeFundsRequest::STRATEGY);
  mv1::SummarizeFundsResponse summary;
  section.status = client.metrics().SummarizeFunds(client.UnaryContext().get(),
                                                   request, &summary);
  for (const auto& group : summary.groups()) {
    CopyTotals(group, &section.value.by_strategy[group.key()]);
  }
  return section;
}

void NoteUnavailable(const grpc::Status& status, const char* section,
                     const char* service, dv1::Dashboard* dashboard) {
  if (status.ok()) return;
  dv1::Unavailable* missing = dashboard->add_unavailable();
  missing->set_section(section);
  missing->set_service(service);
  missing->set_error(status.error_message());
}

}  // namespace

dashboard::v1::Dashboard CollectDashboard(BusanClient& client,
                                          const DashboardQuery& query) {
  // The four reads share nothing but the (thread-safe) stubs.
  Section<CatalogRead> catalog;
  Section<google::protobuf::RepeatedPtrField<dv1::RankingSummary>> rankings;
  Section<google::protobuf::RepeatedPtrField<dv1::MeetingSeriesSummary>>
      meetings;
  Section<FundsRead> funds;
  {
    std::jthread catalog_reader([&] { catalog = ReadCatalog(client); });
    std::jthread rankings_reader(
        [&] { rankings = ReadRankings(client, query.city); });
    std::jthread meetings_reader([&] { meetings = ReadMeetings(client); });
    funds = ReadFunds(client);
  }

  dv1::Dashboard dashboard;
  NoteUnavailable(catalog.status, "catalog", "catalog-service", &dashboard);
  NoteUnavailable(rankings.status, "rankings", "metrics-service", &dashboard);
  NoteUnavailable(meetings.status, "meetings", "metrics-service", &dashboard);
  NoteUnavailable(funds.status, "funds", "metrics-service", &dashboard);
  // A section that failed part-way is dropped whole, so nothing shown is a
  // silently partial list.
  if (catalog.status.ok()) {
    dashboard.mutable_plans()->Swap(&catalog.value.plans);
    dashboard.mutable_unfiled_projects()->Swap(&catalog.value.unfiled);
  }
  if (rankings.status.ok()) {
    dashboard.mutable_rankings()->Swap(&rankings.value);
  }
  if (meetings.status.ok()) {
    dashboard.mutable_meeting_series()->Swap(&meetings.value);
  }
  if (funds.status.ok()) {
    dashboard.mutable_funds()->Swap(&funds.value.funds);
    for (dv1::PlanSummary& plan : *dashboard.mutable_plans()) {
      for (dv1::StrategySummary& strategy : *plan.mutable_strategies()) {
        auto flows = funds.value.by_strategy.find(strategy.name());
        *strategy.mutable_fund_flows() = flows == funds.value.by_strategy.end()
                                             ? dv1::FlowTotals()
                                             : flows->second;
      }
    }
  }
  return dashboard;
}

}  // namespace busan::client
