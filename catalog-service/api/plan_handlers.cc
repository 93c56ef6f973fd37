#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::Access;
using server::Deny;
using server::ListQueryOf;
using server::Reply;
using server::WriteContextOf;

CatalogApi::Reactor* CatalogApi::CreatePlan(
    Context* context, const v1::CreatePlanRequest* request,
    v1::Plan* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return Reply(context,
               catalog_->CreatePlan(request->plan_id(), request->plan(),
                                    WriteContextOf(*request)),
               response);
}

CatalogApi::Reactor* CatalogApi::GetPlan(Context* context,
                                         const v1::GetPlanRequest* request,
                                         v1::Plan* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->GetPlan(request->name(), response));
}

CatalogApi::Reactor* CatalogApi::ListPlans(Context* context,
                                           const v1::ListPlansRequest* request,
                                           v1::ListPlansResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->ListPlans(ListQueryOf(*request), response));
}

CatalogApi::Reactor* CatalogApi::UpdatePlan(
    Context* context, const v1::UpdatePlanRequest* request,
    v1::Plan* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return Reply(context,
               catalog_->UpdatePlan(request->plan(), request->update_mask(),
                                    WriteContextOf(*request)),
               response);
}

CatalogApi::Reactor* CatalogApi::DeletePlan(
    Context* context, const v1::DeletePlanRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return Reply(context, catalog_->DeletePlan(request->name(), request->etag(),
                                             request->force(),
                                             WriteContextOf(*request)));
}

}  // namespace busan::catalog
