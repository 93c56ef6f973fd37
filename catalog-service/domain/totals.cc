#include "catalog-service/domain/totals.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::catalog {
namespace {

using v1::Project;

void AddOrigin(v1::OriginCounts* counts, Project::Origin origin, int sign) {
  switch (origin) {
    case Project::NEW:
      counts->set_new_count(counts->new_count() + sign);
      break;
    case Project::UPGRADED:
      counts->set_upgraded_count(counts->upgraded_count() + sign);
      break;
    case Project::EXPANDED:
      counts->set_expanded_count(counts->expanded_count() + sign);
      break;
    default:
      counts->set_unspecified_count(counts->unspecified_count() + sign);
      break;
  }
}

// Moves `project`'s share of a progress roll-up and derives the figure
// again (the rule is documented with ProgressRollup in catalog.proto).
absl::Status ApplyProgress(const std::string& owner, v1::ProgressRollup* rollup,
                           const Project& project, int sign) {
  if (!project.has_progress_basis_points()) return absl::OkStatus();
  const int64_t progress = project.progress_basis_points();
  rollup->set_reporting_project_count(rollup->reporting_project_count() + sign);
  rollup->set_basis_points_sum(rollup->basis_points_sum() + sign * progress);
  if (project.has_budget_krw()) {
    const std::string field = absl::StrCat(owner, ".progress");
    int64_t weighted = 0, budget = 0, weighted_sum = 0;
    if (__builtin_mul_overflow(project.budget_krw(), progress, &weighted)) {
      return absl::OutOfRangeError(
          absl::StrCat(field, ": budget_krw * progress_basis_points of ",
                       project.name(), " exceeds int64"));
    }
    RETURN_IF_ERROR(
        validation::CheckedAdd(field, rollup->reporting_budget_krw(),
                               sign * project.budget_krw(), &budget));
    RETURN_IF_ERROR(validation::CheckedAdd(field, rollup->budget_weighted_sum(),
                                           sign * weighted, &weighted_sum));
    rollup->set_budgeted_reporting_count(rollup->budgeted_reporting_count() +
                                         sign);
    rollup->set_reporting_budget_krw(budget);
    rollup->set_budget_weighted_sum(weighted_sum);
  }
  const int64_t reporting = rollup->reporting_project_count();
  if (reporting == 0) {
    rollup->clear_progress_basis_points();
    rollup->set_weighting(v1::ProgressRollup::WEIGHTING_UNSPECIFIED);
  } else if (rollup->budgeted_reporting_count() == reporting &&
             rollup->reporting_budget_krw() > 0) {
    rollup->set_progress_basis_points(static_cast<int32_t>(
        rollup->budget_weighted_sum() / rollup->reporting_budget_krw()));
    rollup->set_weighting(v1::ProgressRollup::BUDGET);
  } else {
    rollup->set_progress_basis_points(
        static_cast<int32_t>(rollup->basis_points_sum() / reporting));
    rollup->set_weighting(v1::ProgressRollup::COUNT);
  }
  return absl::OkStatus();
}

// Plan, Strategy and Initiative share these generated accessors.
template <typename T>
absl::Status Apply(T* totals, const Project& project, int sign) {
  RETURN_IF_ERROR(
      ApplyProgress(totals->name(), totals->mutable_progress(), project, sign));
  if (project.has_budget_krw()) {
    int64_t sum = 0;
    RETURN_IF_ERROR(validation::CheckedAdd(
        absl::StrCat(totals->name(), ".total_budget_krw"),
        totals->total_budget_krw(), sign * project.budget_krw(), &sum));
    totals->set_total_budget_krw(sum);
  } else {
    totals->set_unbudgeted_project_count(totals->unbudgeted_project_count() +
                                         sign);
  }
  totals->set_project_count(totals->project_count() + sign);
  AddOrigin(totals->mutable_origin_counts(), project.origin(), sign);
  return absl::OkStatus();
}

absl::Status MissingParent(absl::string_view field,
                           const absl::Status& status) {
  if (!absl::IsNotFound(status)) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": ", status.message()));
}

}  // namespace

absl::Status ApplyProjectTotals(WriteTxn& txn, const Project& project,
                                int sign) {
  // Not filed under a strategy (CheckReferenceShapes: nor an initiative).
  if (project.strategy().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(ResourceRef strategy_ref,
                   ParseName("project.strategy", project.strategy(),
                             ResourceKind::kStrategy));
  absl::StatusOr<v1::Strategy*> strategy = txn.Load<v1::Strategy>(strategy_ref);
  if (!strategy.ok()) {
    return MissingParent("project.strategy", strategy.status());
  }
  RETURN_IF_ERROR(Apply(*strategy, project, sign));
  txn.Touch(strategy_ref);

  if (!project.initiative().empty()) {
    ASSIGN_OR_RETURN(ResourceRef initiative_ref,
                     ParseName("project.initiative", project.initiative(),
                               ResourceKind::kInitiative));
    absl::StatusOr<v1::Initiative*> initiative =
        txn.Load<v1::Initiative>(initiative_ref);
    if (!initiative.ok()) {
      return MissingParent("project.initiative", initiative.status());
    }
    RETURN_IF_ERROR(Apply(*initiative, project, sign));
    txn.Touch(initiative_ref);
  }

  ASSIGN_OR_RETURN(
      ResourceRef plan_ref,
      ParseName("strategy.plan", (*strategy)->plan(), ResourceKind::kPlan));
  absl::StatusOr<v1::Plan*> plan = txn.Load<v1::Plan>(plan_ref);
  if (!plan.ok()) return MissingParent("strategy.plan", plan.status());
  RETURN_IF_ERROR(Apply(*plan, project, sign));
  txn.Touch(plan_ref);
  return absl::OkStatus();
}

absl::Status AdjustPlanCounts(WriteTxn& txn, const std::string& plan_name,
                              int64_t strategy_delta,
                              int64_t initiative_delta) {
  ASSIGN_OR_RETURN(ResourceRef ref,
                   ParseName("strategy.plan", plan_name, ResourceKind::kPlan));
  absl::StatusOr<v1::Plan*> plan = txn.Load<v1::Plan>(ref);
  if (!plan.ok()) return MissingParent("strategy.plan", plan.status());
  (*plan)->set_strategy_count((*plan)->strategy_count() + strategy_delta);
  (*plan)->set_initiative_count((*plan)->initiative_count() + initiative_delta);
  txn.Touch(ref);
  return absl::OkStatus();
}

}  // namespace busan::catalog
