// Plan operations. A plan is a root resource; deleting one that still has
// strategies needs force, which removes everything under it atomically.
#include "absl/strings/string_view.h"
#include "catalog-service/domain/catalog.h"
#include "catalog-service/domain/catalog_common.h"
#include "catalog-service/domain/validation.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::catalog {
void Catalog::CreatePlan(absl::string_view plan_id, v1::Plan plan,
                         WriteCall<v1::Plan> call) {
  absl::StatusOr<ResourceRef> ref = [&]() -> absl::StatusOr<ResourceRef> {
    RETURN_IF_ERROR(validation::CheckId("plan_id", plan_id));
    resource::ClearOutputOnlyFields(&plan);
    plan.set_name(PlanName(plan_id));
    RETURN_IF_ERROR(ValidatePlan(plan));
    return ParseName("plan_id", plan.name(), ResourceKind::kPlan);
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<v1::Plan>(
      std::move(call),
      [ref = *std::move(ref), plan = std::move(plan)](
          WriteTxn& txn, v1::Plan* out) mutable -> absl::Status {
        RETURN_IF_ERROR(CheckAbsent(txn, ref));
        *out = *txn.Put(ref, std::move(plan), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Catalog::ListPlans(const ListQuery& query,
                                v1::ListPlansResponse* response) const {
  // Plans have no secondary index; filters scan the family.
  return store_->List(RecordsCollection(ResourceKind::kPlan), query, response,
                      response->mutable_plans());
}

void Catalog::DeletePlan(absl::string_view name, absl::string_view etag,
                         bool force, WriteCall<google::protobuf::Empty> call) {
  absl::StatusOr<ResourceRef> parsed =
      ParseName("name", name, ResourceKind::kPlan);
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<google::protobuf::Empty>(
      std::move(call),
      [this, ref = *std::move(parsed), etag = std::string(etag), force](
          WriteTxn& txn, google::protobuf::Empty*) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Plan * stored, txn.Load<v1::Plan>(ref));
        RETURN_IF_ERROR(CheckEtag("etag", etag, stored->etag(), ref.name));
        // Read the strategy ids first: deleting edits the index.
        ASSIGN_OR_RETURN(const std::vector<std::string> strategy_ids,
                         store_->StrategyIdsOfPlan(ref.id));
        if (!strategy_ids.empty() && !force) {
          return absl::FailedPreconditionError(
              absl::StrCat(ref.name, " still has ", strategy_ids.size(),
                           " strategies; delete them first or set force"));
        }
        for (const std::string& id : strategy_ids) {
          ASSIGN_OR_RETURN(
              ResourceRef strategy,
              ParseName("name", StrategyName(id), ResourceKind::kStrategy));
          RETURN_IF_ERROR(DeleteStrategyIn(txn, strategy, "", true));
        }
        txn.Remove(ref);
        return absl::OkStatus();
      });
}

}  // namespace busan::catalog
