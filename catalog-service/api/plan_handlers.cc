#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::Access;
using server::CommitThenReply;
using server::Deny;
using server::Into;
using server::ListQueryOf;
using server::Reply;
using server::WriteContextOf;

CatalogApi::Reactor* CatalogApi::CreatePlan(
    Context* context, const v1::CreatePlanRequest* request,
    v1::Plan* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(
            catalog_->CreatePlan(request->plan_id(), request->plan(), write),
            response);
      });
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
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->UpdatePlan(request->plan(),
                                         request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeletePlan(
    Context* context, const v1::DeletePlanRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, catalog_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return catalog_->DeletePlan(request->name(),
                                                       request->etag(),
                                                       request->force(), write);
                         });
}

}  // namespace busan::catalog
