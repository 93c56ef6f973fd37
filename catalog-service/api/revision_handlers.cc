#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::ServeRead;

CatalogApi::Reactor* CatalogApi::ListRevisions(
    Context* context, ResourceKind kind,
    const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->ListRevisions(kind, *request, response);
  });
}

CatalogApi::Reactor* CatalogApi::ListPlanRevisions(
    Context* context, const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return ListRevisions(context, ResourceKind::kPlan, request, response);
}

CatalogApi::Reactor* CatalogApi::ListStrategyRevisions(
    Context* context, const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return ListRevisions(context, ResourceKind::kStrategy, request, response);
}

CatalogApi::Reactor* CatalogApi::ListInitiativeRevisions(
    Context* context, const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return ListRevisions(context, ResourceKind::kInitiative, request, response);
}

CatalogApi::Reactor* CatalogApi::ListProjectRevisions(
    Context* context, const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return ListRevisions(context, ResourceKind::kProject, request, response);
}

}  // namespace busan::catalog
