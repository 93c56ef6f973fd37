#include "client/catalog_resources.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/validation/validators.h"

namespace busan::client {

namespace v1 = ::busan::catalog::v1;
using ::google::protobuf::FieldMask;

// Plans.

grpc::Status CatalogResource<v1::Plan>::Get(CatalogStub& stub,
                                            grpc::ClientContext* context,
                                            const std::string& name,
                                            v1::Plan* out) {
  v1::GetPlanRequest request;
  request.set_name(name);
  return stub.GetPlan(context, request, out);
}

grpc::Status CatalogResource<v1::Plan>::Create(
    CatalogStub& stub, grpc::ClientContext* context, const NameParts& where,
    const v1::Plan& resource, const std::string& request_id, v1::Plan* out) {
  v1::CreatePlanRequest request;
  request.set_plan_id(where.id);
  *request.mutable_plan() = resource;
  request.set_request_id(request_id);
  return stub.CreatePlan(context, request, out);
}

grpc::Status CatalogResource<v1::Plan>::Update(
    CatalogStub& stub, grpc::ClientContext* context, const v1::Plan& resource,
    const FieldMask& mask, const std::string& request_id, v1::Plan* out) {
  v1::UpdatePlanRequest request;
  *request.mutable_plan() = resource;
  *request.mutable_update_mask() = mask;
  request.set_request_id(request_id);
  return stub.UpdatePlan(context, request, out);
}

grpc::Status CatalogResource<v1::Plan>::Delete(
    CatalogStub& stub, grpc::ClientContext* context, const std::string& name,
    const std::string& etag, bool force, const std::string& request_id) {
  v1::DeletePlanRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_force(force);
  request.set_request_id(request_id);
  google::protobuf::Empty empty;
  return stub.DeletePlan(context, request, &empty);
}

grpc::Status CatalogResource<v1::Plan>::List(CatalogStub& stub,
                                             grpc::ClientContext* context,
                                             const ListParams& params,
                                             v1::ListPlansResponse* out) {
  v1::ListPlansRequest request;
  request.set_page_size(params.page_size);
  request.set_page_token(params.page_token);
  request.set_filter(params.filter);
  request.set_order_by(params.order_by);
  return stub.ListPlans(context, request, out);
}

// Strategies.

grpc::Status CatalogResource<v1::Strategy>::Get(CatalogStub& stub,
                                                grpc::ClientContext* context,
                                                const std::string& name,
                                                v1::Strategy* out) {
  v1::GetStrategyRequest request;
  request.set_name(name);
  return stub.GetStrategy(context, request, out);
}

grpc::Status CatalogResource<v1::Strategy>::Create(
    CatalogStub& stub, grpc::ClientContext* context, const NameParts& where,
    const v1::Strategy& resource, const std::string& request_id,
    v1::Strategy* out) {
  v1::CreateStrategyRequest request;
  request.set_strategy_id(where.id);
  *request.mutable_strategy() = resource;
  request.set_request_id(request_id);
  return stub.CreateStrategy(context, request, out);
}

grpc::Status CatalogResource<v1::Strategy>::Update(
    CatalogStub& stub, grpc::ClientContext* context,
    const v1::Strategy& resource, const FieldMask& mask,
    const std::string& request_id, v1::Strategy* out) {
  v1::UpdateStrategyRequest request;
  *request.mutable_strategy() = resource;
  *request.mutable_update_mask() = mask;
  request.set_request_id(request_id);
  return stub.UpdateStrategy(context, request, out);
}

grpc::Status CatalogResource<v1::Strategy>::Delete(
    CatalogStub& stub, grpc::ClientContext* context, const std::string& name,
    const std::string& etag, bool force, const std::string& request_id) {
  v1::DeleteStrategyRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_force(force);
  request.set_request_id(request_id);
  google::protobuf::Empty empty;
  return stub.DeleteStrategy(context, request, &empty);
}

grpc::Status CatalogResource<v1::Strategy>::List(
    CatalogStub& stub, grpc::ClientContext* context, const ListParams& params,
    v1::ListStrategiesResponse* out) {
  v1::ListStrategiesRequest request;
  request.set_page_size(params.page_size);
  request.set_page_token(params.page_token);
  request.set_filter(params.filter);
  request.set_order_by(params.order_by);
  return stub.ListStrategies(context, request, out);
}

// Initiatives.

grpc::Status CatalogResource<v1::Initiative>::Get(CatalogStub& stub,
                                                  grpc::ClientContext* context,
                                                  const std::string& name,
                                                  v1::Initiative* out) {
  v1::GetInitiativeRequest request;
  request.set_name(name);
  return stub.GetInitiative(context, request, out);
}

grpc::Status CatalogResource<v1::Initiative>::Create(
    CatalogStub& stub, grpc::ClientContext* context, const NameParts& where,
    const v1::Initiative& resource, const std::string& request_id,
    v1::Initiative* out) {
  v1::CreateInitiativeRequest request;
  request.set_parent(where.parent);
  request.set_initiative_id(where.id);
  *request.mutable_initiative() = resource;
  request.set_request_id(request_id);
  return stub.CreateInitiative(context, request, out);
}

grpc::Status CatalogResource<v1::Initiative>::Update(
    CatalogStub& stub, grpc::ClientContext* context,
    const v1::Initiative& resource, const FieldMask& mask,
    const std::string& request_id, v1::Initiative* out) {
  v1::UpdateInitiativeRequest request;
  *request.mutable_initiative() = resource;
  *request.mutable_update_mask() = mask;
  request.set_request_id(request_id);
  return stub.UpdateInitiative(context, request, out);
}

grpc::Status CatalogResource<v1::Initiative>::Delete(
    CatalogStub& stub, grpc::ClientContext* context, const std::string& name,
    const std::string& etag, bool force, const std::string& request_id) {
  v1::DeleteInitiativeRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_force(force);
  request.set_request_id(request_id);
  google::protobuf::Empty empty;
  return stub.DeleteInitiative(context, request, &empty);
}

grpc::Status CatalogResource<v1::Initiative>::List(
    CatalogStub& stub, grpc::ClientContext* context, const ListParams& params,
    v1::ListInitiativesResponse* out) {
  v1::ListInitiativesRequest request;
  request.set_parent(params.parent);
  request.set_page_size(params.page_size);
  request.set_page_token(params.page_token);
  request.set_filter(params.filter);
  request.set_order_by(params.order_by);
  return stub.ListInitiatives(context, request, out);
}

// Projects.

grpc::Status CatalogResource<v1::Project>::Get(CatalogStub& stub,
                                               grpc::ClientContext* context,
                                               const std::string& name,
                                               v1::Project* out) {
  v1::GetProjectRequest request;
  request.set_name(name);
  return stub.GetProject(context, request, out);
}

grpc::Status CatalogResource<v1::Project>::Create(CatalogStub& stub,
                                                  grpc::ClientContext* context,
                                                  const NameParts& where,
                                                  const v1::Project& resource,
                                                  const std::string& request_id,
                                                  v1::Project* out) {
  v1::CreateProjectRequest request;
  request.set_project_id(where.id);
  *request.mutable_project() = resource;
  request.set_request_id(request_id);
  return stub.CreateProject(context, request, out);
}

grpc::Status CatalogResource<v1::Project>::Update(CatalogStub& stub,
                                                  grpc::ClientContext* context,
                                                  const v1::Project& resource,
                                                  const FieldMask& mask,
                                                  const std::string& request_id,
                                                  v1::Project* out) {
  v1::UpdateProjectRequest request;
  *request.mutable_project() = resource;
  *request.mutable_update_mask() = mask;
  request.set_request_id(request_id);
  return stub.UpdateProject(context, request, out);
}

grpc::Status CatalogResource<v1::Project>::Delete(
    CatalogStub& stub, grpc::ClientContext* context, const std::string& name,
    const std::string& etag, bool /*force*/, const std::string& request_id) {
  v1::DeleteProjectRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_request_id(request_id);
  google::protobuf::Empty empty;
  return stub.DeleteProject(context, request, &empty);
}

grpc::Status CatalogResource<v1::Project>::List(CatalogStub& stub,
                                                grpc::ClientContext* context,
                                                const ListParams& params,
                                                v1::ListProjectsResponse* out) {
  v1::ListProjectsRequest request;
  request.set_page_size(params.page_size);
  request.set_page_token(params.page_token);
  request.set_filter(params.filter);
  request.set_order_by(params.order_by);
  return stub.ListProjects(context, request, out);
}

// Names.

absl::StatusOr<NameParts> SplitResourceName(
    absl::string_view name, absl::string_view collection,
    absl::string_view parent_collection) {
  const std::vector<absl::string_view> segments = absl::StrSplit(name, '/');
  const std::string pattern =
      parent_collection.empty()
          ? absl::StrCat(collection, "/ID")
          : absl::StrCat(parent_collection, "/ID/", collection, "/ID");
  const size_t expected = parent_collection.empty() ? 2 : 4;
  bool ok = segments.size() == expected &&
            segments[expected - 2] == collection &&
            validation::IsValidId(segments[expected - 1]);
  if (ok && expected == 4) {
    ok = segments[0] == parent_collection && validation::IsValidId(segments[1]);
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: \"", name, "\" is not of the form ", pattern,
                     " (ids match ", validation::kIdPattern, ")"));
  }
  NameParts parts;
  if (expected == 4) parts.parent = absl::StrCat(segments[0], "/", segments[1]);
  parts.id = std::string(segments[expected - 1]);
  return parts;
}

}  // namespace busan::client
