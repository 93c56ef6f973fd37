#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"

namespace busan::catalog {

using server::Into;
using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

CatalogApi::Reactor* CatalogApi::CreateProject(
    Context* context, const v1::CreateProjectRequest* request,
    v1::Project* response) {
  return ServeWrite(context, auth_, catalog_->writer(), *request,
                    [this, request, response](const WriteContext& write) {
                      return Into(
                          catalog_->CreateProject(request->project_id(),
                                                  request->project(), write),
                          response);
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
  return ServeWrite(
      context, auth_, catalog_->writer(), *request,
      [this, request, response](const WriteContext& write) {
        return Into(catalog_->UpdateProject(request->project(),
                                            request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeleteProject(
    Context* context, const v1::DeleteProjectRequest* request, Empty*) {
  return ServeWrite(context, auth_, catalog_->writer(), *request,
                    [this, request](const WriteContext& write) {
                      return catalog_->DeleteProject(request->name(),
                                                     request->etag(), write);
                    });
}

CatalogApi::Reactor* CatalogApi::RecordProjectStatus(
    Context* context, const v1::RecordProjectStatusRequest* request,
    v1::Project* response) {
  return ServeWrite(context, auth_, catalog_->writer(), *request,
                    [this, request, response](const WriteContext& write) {
                      return Into(catalog_->RecordProjectStatus(
                                      request->name(), request->status(),
                                      request->etag(), write),
                                  response);
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
