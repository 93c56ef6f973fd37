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

CatalogApi::Reactor* CatalogApi::CreateInitiative(
    Context* context, const v1::CreateInitiativeRequest* request,
    v1::Initiative* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->CreateInitiative(request->parent(),
                                               request->initiative_id(),
                                               request->initiative(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::GetInitiative(
    Context* context, const v1::GetInitiativeRequest* request,
    v1::Initiative* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->GetInitiative(request->name(), response));
}

CatalogApi::Reactor* CatalogApi::ListInitiatives(
    Context* context, const v1::ListInitiativesRequest* request,
    v1::ListInitiativesResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               catalog_->ListInitiatives(
                   ListQueryOf(*request, request->parent()), response));
}

CatalogApi::Reactor* CatalogApi::UpdateInitiative(
    Context* context, const v1::UpdateInitiativeRequest* request,
    v1::Initiative* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->UpdateInitiative(request->initiative(),
                                               request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeleteInitiative(
    Context* context, const v1::DeleteInitiativeRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, catalog_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return catalog_->DeleteInitiative(
                               request->name(), request->etag(),
                               request->force(), write);
                         });
}

}  // namespace busan::catalog
