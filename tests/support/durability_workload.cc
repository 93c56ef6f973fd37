#include "tests/support/durability_workload.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/service_server.h"

namespace busan::testing {
namespace {

namespace catalog_v1 = ::busan::catalog::v1;
namespace metrics_v1 = ::busan::metrics::v1;
using google::protobuf::util::MessageDifferencer;

constexpr char kPlan[] = "plans/p";
constexpr char kStrategy[] = "strategies/s";
constexpr const char* kFunds[] = {"funds/future", "funds/seed"};
constexpr absl::Duration kCallTimeout = absl::Seconds(10);

// Codes a call gets when the service went away or cannot write: the call
// may or may not have been applied, and is retried. Any other failure is
// an answer, and a wrong one for this workload.
bool MayHaveBeenApplied(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoSeconds(kCallTimeout));
}

// Sums of fund flows, as FundTotals and summary groups report them.
struct FlowSums {
  int64_t by_type[5] = {0, 0, 0, 0, 0};
  int64_t count = 0;
  void Add(const metrics_v1::FundFlow& flow) {
    by_type[flow.type()] += flow.amount_krw();
    ++count;
  }
  template <typename T>
  static FlowSums Of(const T& totals) {
    FlowSums sums;
    sums.by_type[metrics_v1::FundFlow::COMMITTED] = totals.committed_krw();
    sums.by_type[metrics_v1::FundFlow::RAISED] = totals.raised_krw();
    sums.by_type[metrics_v1::FundFlow::ALLOCATED] = totals.allocated_krw();
    sums.by_type[metrics_v1::FundFlow::EXECUTED] = totals.executed_krw();
    sums.count = totals.flow_count();
    return sums;
  }
  bool operator==(const FlowSums& other) const {
    return count == other.count &&
           std::equal(std::begin(by_type), std::end(by_type),
                      std::begin(other.by_type));
  }
};

std::ostream& operator<<(std::ostream& os, const FlowSums& s) {
  return os << "{C=" << s.by_type[1] << " R=" << s.by_type[2]
            << " A=" << s.by_type[3] << " E=" << s.by_type[4]
            << " n=" << s.count << "}";
}

std::vector<catalog_v1::Project> StoredProjects(
    const catalog::Catalog& catalog, DurabilityWorkload::Findings* findings) {
  std::vector<catalog_v1::Project> projects;
  catalog::ListQuery query;
  query.page_size = 1000;
  do {
    catalog_v1::ListProjectsResponse page;
    absl::Status status = catalog.ListProjects(query, &page);
    if (!status.ok()) {
      findings->problems.push_back("listing projects: " + status.ToString());
      break;
    }
    projects.insert(projects.end(), page.projects().begin(),
                    page.projects().end());
    query.page_token = page.next_page_token();
  } while (!query.page_token.empty());
  return projects;
}

std::vector<metrics_v1::FundFlow> StoredFlows(
    const metrics::Metrics& metrics, const std::string& fund,
    DurabilityWorkload::Findings* findings) {
  std::vector<metrics_v1::FundFlow> flows;
  metrics::ListQuery query;
  query.parent = fund;
  query.page_size = 1000;
  do {
    metrics_v1::ListFundFlowsResponse page;
    absl::Status status = metrics.ListFundFlows(query, &page);
    if (!status.ok()) {
      findings->problems.push_back(
          absl::StrCat("listing flows of ", fund, ": ", status.ToString()));
      break;
    }
    flows.insert(flows.end(), page.flows().begin(), page.flows().end());
    query.page_token = page.next_page_token();
  } while (!query.page_token.empty());
  return flows;
}

}  // namespace

// One writer's calls and what they were answered; touched by its own
// thread only while it runs, read by Verify after Join.
struct DurabilityWorkload::Writer {
  struct Call {
    std::optional<catalog_v1::CreateProjectRequest> create;
    std::optional<catalog_v1::UpdateProjectRequest> update;
    std::optional<metrics_v1::RecordFundFlowRequest> record;
    bool sent_before = false;
  };

  int index = 0;
  bool catalog = true;
  int64_t next_call = 0;
  std::optional<Call> pending;
  // The last acknowledged response for each resource this writer wrote.
  std::map<std::string, catalog_v1::Project> projects;
  std::vector<std::string> project_names;
  std::map<std::string, metrics_v1::FundFlow> flows;

  // A value no other call of any writer uses, so that a stored row tells
  // which call wrote it.
  int64_t UniqueAmount(int64_t call) const {
    return 1'000 + int64_t{index} * 100'000'000 + call;
  }

  Call NextCall() {
    const int64_t call = next_call++;
    Call next;
    if (catalog && call % 3 == 2 && !project_names.empty()) {
      catalog_v1::UpdateProjectRequest& update = next.update.emplace();
      update.mutable_project()->set_name(
          project_names[(call / 3) % project_names.size()]);
      update.mutable_project()->set_budget_krw(UniqueAmount(call));
      update.mutable_project()->set_progress_basis_points(
          static_cast<int32_t>(call * 7 % 10001));
      update.mutable_update_mask()->add_paths("budget_krw");
      update.mutable_update_mask()->add_paths("progress_basis_points");
      update.set_request_id(NewRequestId());
    } else if (catalog) {
      catalog_v1::CreateProjectRequest& create = next.create.emplace();
      create.set_project_id(absl::StrCat("w", index, "-", call));
      create.mutable_project()->set_display_name(
          absl::StrCat("Project ", index, "-", call));
      create.mutable_project()->set_strategy(kStrategy);
      create.mutable_project()->set_budget_krw(UniqueAmount(call));
      // Some report progress from the start, some only once updated.
      if (call % 4 != 0) {
        create.mutable_project()->set_progress_basis_points(
            static_cast<int32_t>(call % 10001));
      }
      create.set_request_id(NewRequestId());
    } else {
      metrics_v1::RecordFundFlowRequest& record = next.record.emplace();
      metrics_v1::FundFlow* flow = record.mutable_flow();
      flow->set_fund(kFunds[index % 2]);
      flow->set_type(static_cast<metrics_v1::FundFlow::Type>(1 + call % 4));
      flow->set_amount_krw(UniqueAmount(call));
      if (call % 3 != 0)
        flow->set_strategy(absl::StrCat("strategies/s", call % 3));
      if (call % 5 != 0)
        flow->set_project(absl::StrCat("projects/p", call % 7));
      if (call % 4 != 0) flow->set_date(absl::StrCat(2021 + call % 5, "-06"));
      record.set_request_id(NewRequestId());
    }
    return next;
  }

  grpc::Status Send(catalog_v1::CatalogService::Stub& catalog_stub,
                    metrics_v1::MetricsService::Stub& metrics_stub,
                    const Call& call) {
    grpc::ClientContext context;
    SetDeadline(&context);
    if (call.record) {
      metrics_v1::FundFlow flow;
      grpc::Status status =
          metrics_stub.RecordFundFlow(&context, *call.record, &flow);
      if (status.ok()) {
        EXPECT_EQ(flow.amount_krw(), call.record->flow().amount_krw());
        flows[flow.name()] = flow;
      }
      return status;
    }
    catalog_v1::Project project;
    grpc::Status status =
        call.create
            ? catalog_stub.CreateProject(&context, *call.create, &project)
            : catalog_stub.UpdateProject(&context, *call.update, &project);
    if (!status.ok()) return status;
    const int64_t budget = call.create ? call.create->project().budget_krw()
                                       : call.update->project().budget_krw();
    EXPECT_EQ(project.budget_krw(), budget) << project.name();
    if (call.create) project_names.push_back(project.name());
    projects[project.name()] = project;
    return status;
  }
};

DurabilityWorkload::DurabilityWorkload(Options options) {
  for (int i = 0; i < options.catalog_writers + options.metrics_writers; ++i) {
    auto writer = std::make_unique<Writer>();
    writer->index = i;
    writer->catalog = i < options.catalog_writers;
    writers_.push_back(std::move(writer));
  }
}

DurabilityWorkload::~DurabilityWorkload() { Join(); }

absl::Status DurabilityWorkload::CreateParents(
    const std::string& catalog_address, const std::string& metrics_address) {
  auto catalog_stub =
      catalog_v1::CatalogService::NewStub(ChannelTo(catalog_address));
  auto metrics_stub =
      metrics_v1::MetricsService::NewStub(ChannelTo(metrics_address));
  auto failed = [](const char* what, const grpc::Status& status) {
    return absl::InternalError(
        absl::StrCat("creating ", what, ": ", status.error_message()));
  };
  {
    catalog_v1::CreatePlanRequest request;
    request.set_plan_id("p");
    request.mutable_plan()->set_display_name("Plan");
    grpc::ClientContext context;
    SetDeadline(&context);
    catalog_v1::Plan plan;
    grpc::Status status = catalog_stub->CreatePlan(&context, request, &plan);
    if (!status.ok()) return failed("the plan", status);
  }
  {
    catalog_v1::CreateStrategyRequest request;
    request.set_strategy_id("s");
    request.mutable_strategy()->set_display_name("Strategy");
    request.mutable_strategy()->set_plan(kPlan);
    grpc::ClientContext context;
    SetDeadline(&context);
    catalog_v1::Strategy strategy;
    grpc::Status status =
        catalog_stub->CreateStrategy(&context, request, &strategy);
    if (!status.ok()) return failed("the strategy", status);
  }
  for (const char* name : kFunds) {
    metrics_v1::CreateFundRequest request;
    request.set_fund_id(std::string(name).substr(sizeof("funds/") - 1));
    request.mutable_fund()->set_display_name("Fund");
    request.mutable_fund()->set_target_krw(1'000'000'000);
    grpc::ClientContext context;
    SetDeadline(&context);
    metrics_v1::Fund fund;
    grpc::Status status = metrics_stub->CreateFund(&context, request, &fund);
    if (!status.ok()) return failed(name, status);
  }
  return absl::OkStatus();
}

void DurabilityWorkload::Run(Writer* writer, const std::string& catalog_address,
                             const std::string& metrics_address,
                             bool only_pending, absl::Time deadline) {
  auto catalog_stub =
      catalog_v1::CatalogService::NewStub(ChannelTo(catalog_address));
  auto metrics_stub =
      metrics_v1::MetricsService::NewStub(ChannelTo(metrics_address));
  while (true) {
    if (!writer->pending) {
      if (only_pending) break;
      writer->pending = writer->NextCall();
    }
    Writer::Call& call = *writer->pending;
    if (call.sent_before) ++retried_;
    call.sent_before = true;
    const grpc::Status status =
        writer->Send(*catalog_stub, *metrics_stub, call);
    if (status.ok()) {
      writer->pending.reset();
      ++acknowledged_;
      continue;
    }
    const size_t code = static_cast<size_t>(status.error_code());
    if (code < failures_by_code_.size()) ++failures_by_code_[code];
    if (!MayHaveBeenApplied(status)) {
      ADD_FAILURE() << "writer " << writer->index << ": " << status.error_code()
                    << " " << status.error_message();
      writer->pending.reset();
    }
    if (!only_pending || absl::Now() > deadline) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  --running_;
}

void DurabilityWorkload::Start(const std::string& catalog_address,
                               const std::string& metrics_address) {
  Join();
  acknowledged_at_start_ = acknowledged_.load();
  running_ = static_cast<int>(writers_.size());
  for (auto& writer : writers_) {
    threads_.emplace_back([this, w = writer.get(), catalog_address,
                           metrics_address] {
      Run(w, catalog_address, metrics_address, false, absl::InfiniteFuture());
    });
  }
}

bool DurabilityWorkload::WaitForAcknowledged(int64_t count,
                                             absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (acknowledged_ - acknowledged_at_start_ < count) {
    if (absl::Now() > deadline || running_ == 0) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

void DurabilityWorkload::Join() {
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void DurabilityWorkload::Drain(const std::string& catalog_address,
                               const std::string& metrics_address,
                               absl::Duration timeout) {
  Join();
  const absl::Time deadline = absl::Now() + timeout;
  running_ = static_cast<int>(writers_.size());
  for (auto& writer : writers_) {
    threads_.emplace_back(
        [this, w = writer.get(), catalog_address, metrics_address, deadline] {
          Run(w, catalog_address, metrics_address, true, deadline);
        });
  }
  Join();
}

int64_t DurabilityWorkload::failures_other_than(
    std::initializer_list<grpc::StatusCode> codes) const {
  int64_t count = 0;
  for (size_t i = 1; i < failures_by_code_.size(); ++i) {
    if (std::find(codes.begin(), codes.end(),
                  static_cast<grpc::StatusCode>(i)) == codes.end()) {
      count += failures_by_code_[i].load();
    }
  }
  return count;
}

int DurabilityWorkload::pending() const {
  int count = 0;
  for (const auto& writer : writers_) count += writer->pending.has_value();
  return count;
}

DurabilityWorkload::Findings DurabilityWorkload::VerifyDirectories(
    const std::string& catalog_dir, const std::string& metrics_dir) const {
  auto catalog = catalog::Catalog::Open({{.data_dir = catalog_dir}});
  auto metrics = metrics::Metrics::Open({.data_dir = metrics_dir});
  for (const absl::Status& status : {catalog.status(), metrics.status()}) {
    if (!status.ok()) {
      return {.lost = 1, .problems = {"opening: " + status.ToString()}};
    }
  }
  return Verify(**catalog, **metrics);
}

DurabilityWorkload::Findings DurabilityWorkload::ExpectExactlyAcknowledged(
    const std::string& catalog_dir, const std::string& metrics_dir) const {
  EXPECT_EQ(pending(), 0) << "calls still unanswered";
  Findings findings = VerifyDirectories(catalog_dir, metrics_dir);
  EXPECT_EQ(findings.lost, 0);
  EXPECT_TRUE(findings.problems.empty())
      << absl::StrJoin(findings.problems, "\n");
  return findings;
}

DurabilityWorkload::Findings DurabilityWorkload::Verify(
    const catalog::Catalog& catalog, const metrics::Metrics& metrics) const {
  Findings findings;
  auto lost = [&findings](const std::string& what) {
    ++findings.lost;
    findings.problems.push_back(what);
  };
  auto wrong = [&findings](const std::string& what) {
    findings.problems.push_back(what);
  };
  // What unanswered calls may have left behind: at most once each.
  std::set<std::string> maybe_created;
  std::map<std::string, int64_t> maybe_budget;
  std::map<int64_t, int> maybe_recorded;  // by unique amount
  for (const auto& writer : writers_) {
    if (!writer->pending) continue;
    const Writer::Call& call = *writer->pending;
    if (call.create) {
      maybe_created.insert("projects/" + call.create->project_id());
    }
    if (call.update) {
      maybe_budget[call.update->project().name()] =
          call.update->project().budget_krw();
    }
    if (call.record) maybe_recorded[call.record->flow().amount_krw()] = 1;
  }

  // Projects: each as its last acknowledged response; the totals of the
  // strategy and the plan are the sums of what is stored.
  std::map<std::string, catalog_v1::Project> stored_projects;
  int64_t stored_budget = 0;
  // The progress roll-up as the stored projects make it (all have budgets).
  catalog_v1::ProgressRollup stored_progress;
  for (const catalog_v1::Project& project :
       StoredProjects(catalog, &findings)) {
    stored_projects[project.name()] = project;
    stored_budget += project.budget_krw();
    if (project.has_progress_basis_points()) {
      const int64_t progress = project.progress_basis_points();
      auto& p = stored_progress;
      p.set_reporting_project_count(p.reporting_project_count() + 1);
      p.set_budgeted_reporting_count(p.budgeted_reporting_count() + 1);
      p.set_reporting_budget_krw(p.reporting_budget_krw() +
                                 project.budget_krw());
      p.set_budget_weighted_sum(p.budget_weighted_sum() +
                                project.budget_krw() * progress);
      p.set_basis_points_sum(p.basis_points_sum() + progress);
    }
  }
  if (stored_progress.reporting_project_count() > 0) {
    stored_progress.set_weighting(catalog_v1::ProgressRollup::BUDGET);
    stored_progress.set_progress_basis_points(
        static_cast<int32_t>(stored_progress.budget_weighted_sum() /
                             stored_progress.reporting_budget_krw()));
  }
  std::map<std::string, const catalog_v1::Project*> acknowledged_projects;
  for (const auto& writer : writers_) {
    for (const auto& [name, project] : writer->projects) {
      acknowledged_projects[name] = &project;
    }
  }
  for (const auto& [name, acknowledged] : acknowledged_projects) {
    auto it = stored_projects.find(name);
    if (it == stored_projects.end()) {
      lost(name + " was acknowledged but is not stored");
      continue;
    }
    auto maybe = maybe_budget.find(name);
    if (maybe != maybe_budget.end() &&
        it->second.budget_krw() == maybe->second) {
      continue;  // the unanswered update landed
    }
    if (!MessageDifferencer::Equals(it->second, *acknowledged)) {
      lost(absl::StrCat(name, " is stored as {", it->second.ShortDebugString(),
                        "} but was acknowledged as {",
                        acknowledged->ShortDebugString(), "}"));
    }
  }
  for (const auto& [name, project] : stored_projects) {
    if (acknowledged_projects.count(name) == 0 &&
        maybe_created.count(name) == 0) {
      wrong(name + " is stored but was never acknowledged");
    }
  }
  catalog_v1::Strategy strategy;
  catalog_v1::Plan plan;
  if (!catalog.GetStrategy(kStrategy, &strategy).ok() ||
      !catalog.GetPlan(kPlan, &plan).ok()) {
    lost("the plan or the strategy is gone");
  } else {
    // Revisions commit in the records' batch: each resource's newest
    // revision is the resource as stored, derived totals included.
    const auto newest_revision_is =
        [&](catalog::ResourceKind kind,
            const google::protobuf::Message& stored) {
          const std::string name = stored.GetReflection()->GetString(
              stored, stored.GetDescriptor()->FindFieldByName("name"));
          catalog_v1::ListRevisionsRequest request;
          request.set_name(name);
          request.set_page_size(1);
          catalog_v1::ListRevisionsResponse response;
          const absl::Status status =
              catalog.ListRevisions(kind, request, &response);
          const google::protobuf::Message* revision = nullptr;
          if (status.ok() && response.revisions_size() == 1) {
            const catalog_v1::Revision& newest = response.revisions(0);
            using google::protobuf::Message;
            revision = newest.has_project()
                           ? static_cast<const Message*>(&newest.project())
                       : newest.has_strategy()
                           ? static_cast<const Message*>(&newest.strategy())
                           : &newest.plan();
          }
          if (revision == nullptr ||
              !MessageDifferencer::Equals(*revision, stored)) {
            wrong(absl::StrCat(name, ": newest revision is not the stored ",
                               "resource (", status.ToString(), ")"));
          }
        };
    for (const auto& [name, project] : stored_projects) {
      newest_revision_is(catalog::ResourceKind::kProject, project);
    }
    newest_revision_is(catalog::ResourceKind::kStrategy, strategy);
    newest_revision_is(catalog::ResourceKind::kPlan, plan);
    const auto stored_count = static_cast<int64_t>(stored_projects.size());
    for (const auto& [what, count, budget] :
         {std::tuple{kStrategy, strategy.project_count(),
                     strategy.total_budget_krw()},
          std::tuple{kPlan, plan.project_count(), plan.total_budget_krw()}}) {
      if (count != stored_count || budget != stored_budget) {
        wrong(absl::StrCat(what, " counts ", count, " projects and ", budget,
                           " KRW; stored are ", stored_count, " and ",
                           stored_budget));
      }
    }
    for (const auto& [what, progress] :
         {std::pair{kStrategy, &strategy.progress()},
          std::pair{kPlan, &plan.progress()}}) {
      if (!MessageDifferencer::Equals(*progress, stored_progress)) {
        wrong(absl::StrCat(what, " progress is {", progress->ShortDebugString(),
                           "}; the stored projects make {",
                           stored_progress.ShortDebugString(), "}"));
      }
    }
  }

  // Flows: each as acknowledged, none twice; every total and summary is
  // the sum of the stored flows.
  std::map<std::string, metrics_v1::FundFlow> stored_flows;
  std::map<std::string, FlowSums> by_fund, by_strategy, by_year;
  for (const char* fund : kFunds) {
    for (const metrics_v1::FundFlow& flow :
         StoredFlows(metrics, fund, &findings)) {
      stored_flows[flow.name()] = flow;
      by_fund[fund].Add(flow);
      by_strategy[flow.strategy()].Add(flow);
      by_year[flow.date().substr(0, 4)].Add(flow);
    }
  }
  std::map<std::string, const metrics_v1::FundFlow*> acknowledged_flows;
  for (const auto& writer : writers_) {
    for (const auto& [name, flow] : writer->flows) {
      acknowledged_flows[name] = &flow;
    }
  }
  for (const auto& [name, acknowledged] : acknowledged_flows) {
    auto it = stored_flows.find(name);
    if (it == stored_flows.end()) {
      lost(name + " was acknowledged but is not stored");
    } else if (!MessageDifferencer::Equals(it->second, *acknowledged)) {
      lost(absl::StrCat(name, " is stored as {", it->second.ShortDebugString(),
                        "} but was acknowledged as {",
                        acknowledged->ShortDebugString(), "}"));
    }
  }
  for (const auto& [name, flow] : stored_flows) {
    if (acknowledged_flows.count(name) > 0) continue;
    auto maybe = maybe_recorded.find(flow.amount_krw());
    if (maybe != maybe_recorded.end() && maybe->second-- > 0) continue;
    wrong(absl::StrCat(name, " (", flow.amount_krw(),
                       " KRW) is stored but was never acknowledged, or twice"));
  }
  auto check = [&wrong](const std::string& what, const FlowSums& reported,
                        const FlowSums& stored) {
    if (reported == stored) return;
    std::ostringstream message;
    message << what << " reports " << reported << "; stored flows sum to "
            << stored;
    wrong(message.str());
  };
  for (const char* fund : kFunds) {
    metrics_v1::FundTotals totals;
    absl::Status status = metrics.GetFundTotals(fund, &totals);
    if (!status.ok()) {
      lost(absl::StrCat(fund, ": ", status.ToString()));
      continue;
    }
    check(fund, FlowSums::Of(totals), by_fund[fund]);
  }
  for (const auto& [group_by, sums] :
       {std::pair{metrics_v1::SummarizeFundsRequest::FUND, &by_fund},
        std::pair{metrics_v1::SummarizeFundsRequest::STRATEGY, &by_strategy},
        std::pair{metrics_v1::SummarizeFundsRequest::YEAR, &by_year}}) {
    metrics_v1::SummarizeFundsResponse response;
    absl::Status status = metrics.SummarizeFunds(group_by, &response);
    if (!status.ok()) {
      wrong("SummarizeFunds: " + status.ToString());
      continue;
    }
    std::map<std::string, FlowSums> groups;
    for (const auto& group : response.groups()) {
      groups[group.key()] = FlowSums::Of(group);
    }
    for (const auto& [key, stored] : *sums) {
      check(absl::StrCat("summary group ", key), groups[key], stored);
    }
    if (groups.size() != sums->size()) {
      wrong(absl::StrCat("summary by ", group_by, " has ", groups.size(),
                         " groups; stored flows make ", sums->size()));
    }
  }
  return findings;
}

}  // namespace busan::testing
