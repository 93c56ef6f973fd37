// Initiative operations. An initiative lives under one strategy; projects
// may refer to it. Deleting one that projects still use needs force, which
// detaches those projects (their totals move off the initiative).
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

// Adjusts initiative_count on the strategy and its plan.
absl::Status AdjustInitiativeCounts(WriteTxn& txn, const ResourceRef& strategy,
                                    int delta) {
  absl::StatusOr<v1::Strategy*> loaded = txn.Load<v1::Strategy>(strategy);
  if (!loaded.ok()) return AsPrecondition("parent", loaded.status());
  (*loaded)->set_initiative_count((*loaded)->initiative_count() + delta);
  txn.Touch(strategy);
  return AdjustPlanCounts(txn, (*loaded)->plan(), 0, delta);
}

}  // namespace

void Catalog::CreateInitiative(absl::string_view parent,
                               absl::string_view initiative_id,
                               v1::Initiative initiative,
                               WriteCall<v1::Initiative> call) {
  ResourceRef strategy;
  absl::StatusOr<ResourceRef> ref = [&]() -> absl::StatusOr<ResourceRef> {
    ASSIGN_OR_RETURN(strategy,
                     ParseName("parent", parent, ResourceKind::kStrategy));
    RETURN_IF_ERROR(validation::CheckId("initiative_id", initiative_id));
    resource::ClearOutputOnlyFields(&initiative);
    initiative.set_name(InitiativeName(strategy.id, initiative_id));
    RETURN_IF_ERROR(ValidateInitiative(initiative));
    return ParseName("initiative_id", initiative.name(),
                     ResourceKind::kInitiative);
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<v1::Initiative>(
      std::move(call),
      [ref = *std::move(ref), strategy = std::move(strategy),
       initiative = std::move(initiative)](
          WriteTxn& txn, v1::Initiative* out) mutable -> absl::Status {
        RETURN_IF_ERROR(CheckAbsent(txn, ref));
        RETURN_IF_ERROR(AdjustInitiativeCounts(txn, strategy, 1));
        *out = *txn.Put(ref, std::move(initiative), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Catalog::ListInitiatives(
    const ListQuery& query, v1::ListInitiativesResponse* response) const {
  // "strategies/-" lists the initiatives of every strategy.
  listing::Collection initiatives =
      RecordsCollection(ResourceKind::kInitiative);
  if (query.parent != "strategies/-") {
    ASSIGN_OR_RETURN(ResourceRef strategy, ParseName("parent", query.parent,
                                                     ResourceKind::kStrategy));
    v1::Strategy ignored;
    RETURN_IF_ERROR(GetStrategy(strategy.name, &ignored));
    initiatives = InitiativesCollection(strategy.id);
  }
  return store_->List(initiatives, query, response,
                      response->mutable_initiatives());
}

void Catalog::DeleteInitiative(absl::string_view name, absl::string_view etag,
                               bool force,
                               WriteCall<google::protobuf::Empty> call) {
  absl::StatusOr<ResourceRef> parsed =
      ParseName("name", name, ResourceKind::kInitiative);
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<google::protobuf::Empty>(
      std::move(call),
      [this, ref = *std::move(parsed), etag = std::string(etag), force](
          WriteTxn& txn, google::protobuf::Empty*) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Initiative * stored,
                         txn.Load<v1::Initiative>(ref));
        RETURN_IF_ERROR(CheckEtag("etag", etag, stored->etag(), ref.name));
        ASSIGN_OR_RETURN(
            const std::vector<std::string> projects,
            store_->ProjectIdsOfInitiative(ref.strategy_id, ref.id));
        if (!projects.empty() && !force) {
          return absl::FailedPreconditionError(
              absl::StrCat(ref.name, " is used by ", projects.size(),
                           " projects; move them first or set force"));
        }
        for (const std::string& id : projects) {
          ASSIGN_OR_RETURN(
              ResourceRef project_ref,
              ParseName("name", ProjectName(id), ResourceKind::kProject));
          ASSIGN_OR_RETURN(v1::Project * project,
                           txn.Load<v1::Project>(project_ref));
          v1::Project detached = *project;
          RETURN_IF_ERROR(ApplyProjectTotals(txn, detached, -1));
          detached.clear_initiative();
          RETURN_IF_ERROR(ApplyProjectTotals(txn, detached, 1));
          txn.Put(project_ref, std::move(detached), store::Change::kUpdated);
        }
        ASSIGN_OR_RETURN(ResourceRef strategy,
                         ParseName("name", StrategyName(ref.strategy_id),
                                   ResourceKind::kStrategy));
        RETURN_IF_ERROR(AdjustInitiativeCounts(txn, strategy, -1));
        txn.Remove(ref);
        return absl::OkStatus();
      });
}

}  // namespace busan::catalog
