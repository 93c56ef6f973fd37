#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::Into;
using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreateInitiative(
    Context* context, const v1::CreateInitiativeRequest* request,
    v1::Initiative* response) {
  return ServeWrite(
      context, auth_, catalog_->writer(), *request,
      [this, request, response](const WriteContext& write) {
        return Into(catalog_->CreateInitiative(request->parent(),
                                               request->initiative_id(),
                                               request->initiative(), write),
                    response);
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
  return ServeWrite(
      context, auth_, catalog_->writer(), *request,
      [this, request, response](const WriteContext& write) {
        return Into(catalog_->UpdateInitiative(request->initiative(),
                                               request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeleteInitiative(
    Context* context, const v1::DeleteInitiativeRequest* request, Empty*) {
  return ServeWrite(context, auth_, catalog_->writer(), *request,
                    [this, request](const WriteContext& write) {
                      return catalog_->DeleteInitiative(
                          request->name(), request->etag(), request->force(),
                          write);
                    });
}

}  // namespace busan::catalog
