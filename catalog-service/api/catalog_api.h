// CatalogApi implements busan.catalog.v1.CatalogService with gRPC's callback
// API. Handlers only map: request -> domain call -> response, and one
// ToGrpcStatus for errors. Reads finish inline (a point read is a few
// microseconds); a write starts the domain's asynchronous write method and
// the call finishes when that completes (server::ServeWrite), so no gRPC
// thread waits on a WAL sync. Every handler
// first checks the caller's bearer token (server::Deny) before any domain
// work.
#ifndef BUSAN_CATALOG_SERVICE_API_CATALOG_API_H_
#define BUSAN_CATALOG_SERVICE_API_CATALOG_API_H_

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/auth.h"

namespace busan::catalog {

class CatalogApi final : public v1::CatalogService::CallbackService {
 public:
  // `auth` (not owned; null allows every call) decides who may call what.
  CatalogApi(Catalog* catalog, const server::Authorizer* auth)
      : catalog_(catalog), auth_(auth) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;
  using Empty = google::protobuf::Empty;

  Reactor* CreatePlan(Context*, const v1::CreatePlanRequest*,
                      v1::Plan*) override;
  Reactor* GetPlan(Context*, const v1::GetPlanRequest*, v1::Plan*) override;
  Reactor* ListPlans(Context*, const v1::ListPlansRequest*,
                     v1::ListPlansResponse*) override;
  Reactor* UpdatePlan(Context*, const v1::UpdatePlanRequest*,
                      v1::Plan*) override;
  Reactor* DeletePlan(Context*, const v1::DeletePlanRequest*, Empty*) override;

  Reactor* CreateStrategy(Context*, const v1::CreateStrategyRequest*,
                          v1::Strategy*) override;
  Reactor* GetStrategy(Context*, const v1::GetStrategyRequest*,
                       v1::Strategy*) override;
  Reactor* ListStrategies(Context*, const v1::ListStrategiesRequest*,
                          v1::ListStrategiesResponse*) override;
  Reactor* UpdateStrategy(Context*, const v1::UpdateStrategyRequest*,
                          v1::Strategy*) override;
  Reactor* DeleteStrategy(Context*, const v1::DeleteStrategyRequest*,
                          Empty*) override;

  Reactor* CreateInitiative(Context*, const v1::CreateInitiativeRequest*,
                            v1::Initiative*) override;
  Reactor* GetInitiative(Context*, const v1::GetInitiativeRequest*,
                         v1::Initiative*) override;
  Reactor* ListInitiatives(Context*, const v1::ListInitiativesRequest*,
                           v1::ListInitiativesResponse*) override;
  Reactor* UpdateInitiative(Context*, const v1::UpdateInitiativeRequest*,
                            v1::Initiative*) override;
  Reactor* DeleteInitiative(Context*, const v1::DeleteInitiativeRequest*,
                            Empty*) override;

  Reactor* CreateProject(Context*, const v1::CreateProjectRequest*,
                         v1::Project*) override;
  Reactor* GetProject(Context*, const v1::GetProjectRequest*,
                      v1::Project*) override;
  Reactor* ListProjects(Context*, const v1::ListProjectsRequest*,
                        v1::ListProjectsResponse*) override;
  Reactor* UpdateProject(Context*, const v1::UpdateProjectRequest*,
                         v1::Project*) override;
  Reactor* DeleteProject(Context*, const v1::DeleteProjectRequest*,
                         Empty*) override;
  Reactor* RecordProjectStatus(Context*, const v1::RecordProjectStatusRequest*,
                               v1::Project*) override;
  Reactor* BatchGetProjects(Context*, const v1::BatchGetProjectsRequest*,
                            v1::BatchGetProjectsResponse*) override;

  grpc::ServerWriteReactor<v1::ChangeEvent>* WatchCatalog(
      Context*, const v1::WatchCatalogRequest*) override;

  Reactor* ListPlanRevisions(Context*, const v1::ListRevisionsRequest*,
                             v1::ListRevisionsResponse*) override;
  Reactor* ListStrategyRevisions(Context*, const v1::ListRevisionsRequest*,
                                 v1::ListRevisionsResponse*) override;
  Reactor* ListInitiativeRevisions(Context*, const v1::ListRevisionsRequest*,
                                   v1::ListRevisionsResponse*) override;
  Reactor* ListProjectRevisions(Context*, const v1::ListRevisionsRequest*,
                                v1::ListRevisionsResponse*) override;

 private:
  Reactor* ListRevisions(Context* context, ResourceKind kind,
                         const v1::ListRevisionsRequest* request,
                         v1::ListRevisionsResponse* response);

  Catalog* catalog_;
  const server::Authorizer* auth_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_API_CATALOG_API_H_
