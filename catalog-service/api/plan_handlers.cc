#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreatePlan(
    Context* context, const v1::CreatePlanRequest* request,
    v1::Plan* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->CreatePlan(request->plan_id(), request->plan(), std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::GetPlan(Context* context,
                                         const v1::GetPlanRequest* request,
                                         v1::Plan* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->GetPlan(request->name(), response);
  });
}

CatalogApi::Reactor* CatalogApi::ListPlans(Context* context,
                                           const v1::ListPlansRequest* request,
                                           v1::ListPlansResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->ListPlans(ListQueryOf(*request), response);
  });
}

CatalogApi::Reactor* CatalogApi::UpdatePlan(
    Context* context, const v1::UpdatePlanRequest* request,
    v1::Plan* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->UpdatePlan(request->plan(), request->update_mask(),
                         std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::DeletePlan(
    Context* context, const v1::DeletePlanRequest* request, Empty* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->DeletePlan(request->name(), request->etag(), request->force(),
                         std::move(call));
  });
}

}  // namespace busan::catalog
