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

CatalogApi::Reactor* CatalogApi::CreateProject(
    Context* context, const v1::CreateProjectRequest* request,
    v1::Project* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->CreateProject(request->project_id(),
                                            request->project(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::GetProject(
    Context* context, const v1::GetProjectRequest* request,
    v1::Project* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->GetProject(request->name(), response));
}

CatalogApi::Reactor* CatalogApi::ListProjects(
    Context* context, const v1::ListProjectsRequest* request,
    v1::ListProjectsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               catalog_->ListProjects(ListQueryOf(*request), response));
}

CatalogApi::Reactor* CatalogApi::UpdateProject(
    Context* context, const v1::UpdateProjectRequest* request,
    v1::Project* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, catalog_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(catalog_->UpdateProject(request->project(),
                                            request->update_mask(), write),
                    response);
      });
}

CatalogApi::Reactor* CatalogApi::DeleteProject(
    Context* context, const v1::DeleteProjectRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, catalog_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return catalog_->DeleteProject(
                               request->name(), request->etag(), write);
                         });
}

CatalogApi::Reactor* CatalogApi::BatchGetProjects(
    Context* context, const v1::BatchGetProjectsRequest* request,
    v1::BatchGetProjectsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, catalog_->BatchGetProjects(request->names(), response));
}

}  // namespace busan::catalog
