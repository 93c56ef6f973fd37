#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreateProject(
    Context* context, const v1::CreateProjectRequest* request,
    v1::Project* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->CreateProject(request->project_id(), request->project(),
                            std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::GetProject(
    Context* context, const v1::GetProjectRequest* request,
    v1::Project* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->GetProject(request->name(), response);
  });
}

CatalogApi::Reactor* CatalogApi::ListProjects(
    Context* context, const v1::ListProjectsRequest* request,
    v1::ListProjectsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->ListProjects(ListQueryOf(*request), response);
  });
}

CatalogApi::Reactor* CatalogApi::UpdateProject(
    Context* context, const v1::UpdateProjectRequest* request,
    v1::Project* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->UpdateProject(request->project(), request->update_mask(),
                            std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::DeleteProject(
    Context* context, const v1::DeleteProjectRequest* request,
    Empty* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->DeleteProject(request->name(), request->etag(), std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::RecordProjectStatus(
    Context* context, const v1::RecordProjectStatusRequest* request,
    v1::Project* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    catalog_->RecordProjectStatus(request->name(), request->status(),
                                  request->etag(), std::move(call));
  });
}

CatalogApi::Reactor* CatalogApi::BatchGetProjects(
    Context* context, const v1::BatchGetProjectsRequest* request,
    v1::BatchGetProjectsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return catalog_->BatchGetProjects(request->names(), response);
  });
}

}  // namespace busan::catalog
