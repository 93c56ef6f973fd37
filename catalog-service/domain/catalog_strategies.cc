// Strategy operations. A strategy belongs to one plan for life (plan is
// immutable); deleting one with projects or initiatives needs force.
#include "absl/strings/string_view.h"
#include "catalog-service/domain/catalog.h"
#include "catalog-service/domain/catalog_common.h"
#include "catalog-service/domain/totals.h"
#include "catalog-service/domain/validation.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::catalog {
namespace {

// Exact when the filter is only `plan = "plans/{id}"`.
std::optional<listing::IndexScan> StrategyIndex(const query::Filter& filter) {
  std::optional<std::string> plan = filter.RequiredEquality("plan");
  if (!plan) return std::nullopt;
  const absl::string_view id = LastSegment(*plan);
  return listing::IndexScan{StrategiesByPlanPrefix(id),
                            *plan == absl::StrCat("plans/", id) &&
                                filter.SoleEquality("plan").has_value()};
}

}  // namespace

void Catalog::CreateStrategy(absl::string_view strategy_id,
                             v1::Strategy strategy,
                             WriteCall<v1::Strategy> call) {
  absl::StatusOr<ResourceRef> ref = [&]() -> absl::StatusOr<ResourceRef> {
    RETURN_IF_ERROR(validation::CheckId("strategy_id", strategy_id));
    resource::ClearOutputOnlyFields(&strategy);
    strategy.set_name(StrategyName(strategy_id));
    RETURN_IF_ERROR(ValidateStrategy(strategy));
    RETURN_IF_ERROR(
        ParseName("strategy.plan", strategy.plan(), ResourceKind::kPlan)
            .status());
    return ParseName("strategy_id", strategy.name(), ResourceKind::kStrategy);
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<v1::Strategy>(
      std::move(call),
      [ref = *std::move(ref), strategy = std::move(strategy)](
          WriteTxn& txn, v1::Strategy* out) mutable -> absl::Status {
        RETURN_IF_ERROR(CheckAbsent(txn, ref));
        RETURN_IF_ERROR(AdjustPlanCounts(txn, strategy.plan(), 1, 0));
        *out = *txn.Put(ref, std::move(strategy), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Catalog::ListStrategies(
    const ListQuery& query, v1::ListStrategiesResponse* response) const {
  return store_->List(
      RecordsCollection(ResourceKind::kStrategy, &StrategyIndex), query,
      response, response->mutable_strategies());
}

void Catalog::DeleteStrategy(absl::string_view name, absl::string_view etag,
                             bool force,
                             WriteCall<google::protobuf::Empty> call) {
  absl::StatusOr<ResourceRef> ref =
      ParseName("name", name, ResourceKind::kStrategy);
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<google::protobuf::Empty>(
      std::move(call), [this, ref = *std::move(ref), etag = std::string(etag),
                        force](WriteTxn& txn, google::protobuf::Empty*) {
        return DeleteStrategyIn(txn, ref, etag, force);
      });
}

absl::Status Catalog::DeleteStrategyIn(WriteTxn& txn, const ResourceRef& ref,
                                       absl::string_view etag, bool force) {
  ASSIGN_OR_RETURN(v1::Strategy * stored, txn.Load<v1::Strategy>(ref));
  RETURN_IF_ERROR(CheckEtag("etag", etag, stored->etag(), ref.name));
  const std::string plan = stored->plan();
  ASSIGN_OR_RETURN(const std::vector<std::string> projects,
                   store_->ProjectIdsOfStrategy(ref.id));
  ASSIGN_OR_RETURN(const std::vector<std::string> initiatives,
                   store_->InitiativeIdsOfStrategy(ref.id));
  if (!force && (!projects.empty() || !initiatives.empty())) {
    return absl::FailedPreconditionError(absl::StrCat(
        ref.name, " still has ", projects.size(), " projects and ",
        initiatives.size(), " initiatives; delete them first or set force"));
  }
  for (const std::string& id : projects) {
    ASSIGN_OR_RETURN(
        ResourceRef project_ref,
        ParseName("name", ProjectName(id), ResourceKind::kProject));
    ASSIGN_OR_RETURN(v1::Project * project, txn.Load<v1::Project>(project_ref));
    RETURN_IF_ERROR(ApplyProjectTotals(txn, *project, -1));
    txn.Remove(project_ref);
  }
  for (const std::string& id : initiatives) {
    ASSIGN_OR_RETURN(ResourceRef initiative_ref,
                     ParseName("name", InitiativeName(ref.id, id),
                               ResourceKind::kInitiative));
    RETURN_IF_ERROR(txn.Load<v1::Initiative>(initiative_ref).status());
    txn.Remove(initiative_ref);
  }
  RETURN_IF_ERROR(AdjustPlanCounts(txn, plan, -1,
                                   -static_cast<int64_t>(initiatives.size())));
  txn.Remove(ref);
  return absl::OkStatus();
}

}  // namespace busan::catalog
