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

CatalogApi::Reactor* CatalogApi::CreateStrategy(
    Context* context, const v1::CreateStrategyRequest* request,
    v1::Strategy* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->CreateStrategy(request->strategy_id(),
                                             request->strategy(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::GetStrategy(
    Context* context, const v1::GetStrategyRequest* request,
    v1::Strategy* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->GetStrategy(request->name(), response));
}

CatalogApi::Reactor* CatalogApi::ListStrategies(
    Context* context, const v1::ListStrategiesRequest* request,
    v1::ListStrategiesResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               catalog_->ListStrategies(ListQueryOf(*request), response));
}

CatalogApi::Reactor* CatalogApi::UpdateStrategy(
    Context* context, const v1::UpdateStrategyRequest* request,
    v1::Strategy* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->UpdateStrategy(request->strategy(),
                                             request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeleteStrategy(
    Context* context, const v1::DeleteStrategyRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, catalog_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return catalog_->DeleteStrategy(
                               request->name(), request->etag(),
                               request->force(), write);
                         });
}

}  // namespace busan::catalog
