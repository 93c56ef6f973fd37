#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreateStrategy(
    Context* context, const v1::CreateStrategyRequest* request,
    v1::Strategy* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->CreateStrategy(request->strategy_id(), request->strategy(),
                             std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::GetStrategy(
    Context* context, const v1::GetStrategyRequest* request,
    v1::Strategy* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->GetStrategy(request->name(), response);
  });
}

CatalogApi::Reactor* CatalogApi::ListStrategies(
    Context* context, const v1::ListStrategiesRequest* request,
    v1::ListStrategiesResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->ListStrategies(ListQueryOf(*request), response);
  });
}

CatalogApi::Reactor* CatalogApi::UpdateStrategy(
    Context* context, const v1::UpdateStrategyRequest* request,
    v1::Strategy* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->UpdateStrategy(request->strategy(), request->update_mask(),
                             std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::DeleteStrategy(
    Context* context, const v1::DeleteStrategyRequest* request,
    Empty* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->DeleteStrategy(request->name(), request->etag(), request->force(),
                             std::move(call));
  });
}

}  // namespace busan::catalog
