#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreateInitiative(
    Context* context, const v1::CreateInitiativeRequest* request,
    v1::Initiative* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->CreateInitiative(request->parent(), request->initiative_id(),
                               request->initiative(), std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::GetInitiative(
    Context* context, const v1::GetInitiativeRequest* request,
    v1::Initiative* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->GetInitiative(request->name(), response);
  });
}

CatalogApi::Reactor* CatalogApi::ListInitiatives(
    Context* context, const v1::ListInitiativesRequest* request,
    v1::ListInitiativesResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->ListInitiatives(ListQueryOf(*request, request->parent()),
                                     response);
  });
}

CatalogApi::Reactor* CatalogApi::UpdateInitiative(
    Context* context, const v1::UpdateInitiativeRequest* request,
    v1::Initiative* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->UpdateInitiative(request->initiative(), request->update_mask(),
                               std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::DeleteInitiative(
    Context* context, const v1::DeleteInitiativeRequest* request,
    Empty* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->DeleteInitiative(request->name(), request->etag(),
                               request->force(), std::move(call));
  });
}

}  // namespace busan::catalog
