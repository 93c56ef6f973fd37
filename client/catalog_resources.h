// The typed client of CatalogService: one uniform face over the methods of
// each resource type, so busanctl's commands, its seed loader and the tests
// are written once for plans, strategies, initiatives and projects.
//
// CatalogResource<R> holds, for resource message R, its collection name and
// the standard methods as static functions taking the stub (of type Stub)
// and a context. MetricsResource<R> (metrics_resources.h) has the same
// shape. Catalog resources also have revisions: kListRevisions is the stub's
// List*Revisions method.
#ifndef BUSAN_CLIENT_CATALOG_RESOURCES_H_
#define BUSAN_CLIENT_CATALOG_RESOURCES_H_

#include <google/protobuf/field_mask.pb.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"

namespace busan::client {

using CatalogStub = catalog::v1::CatalogService::StubInterface;

// Parameters of a List call; `parent` is used by initiatives only.
struct ListParams {
  std::string parent;
  int32_t page_size = 0;
  std::string page_token;
  std::string filter;
  std::string order_by;
};

// The parts of a resource name needed to create it: "strategies/s" and "i"
// for "strategies/s/initiatives/i"; an empty parent for top-level resources.
struct NameParts {
  std::string parent;
  std::string id;
};

template <typename R>
struct CatalogResource;

// Declares the standard methods of one resource type, in a specialization
// that defines Stub, Resource and ListResponse (metrics_resources.h uses it
// too).
#define BUSAN_CLIENT_RESOURCE_METHODS                                          \
  static grpc::Status Get(Stub& stub, grpc::ClientContext* context,            \
                          const std::string& name, Resource* out);             \
  static grpc::Status Create(Stub& stub, grpc::ClientContext* context,         \
                             const NameParts& where, const Resource& resource, \
                             const std::string& request_id, Resource* out);    \
  static grpc::Status Update(Stub& stub, grpc::ClientContext* context,         \
                             const Resource& resource,                         \
                             const google::protobuf::FieldMask& mask,          \
                             const std::string& request_id, Resource* out);    \
  static grpc::Status Delete(Stub& stub, grpc::ClientContext* context,         \
                             const std::string& name, const std::string& etag, \
                             bool force, const std::string& request_id);       \
  static grpc::Status List(Stub& stub, grpc::ClientContext* context,           \
                           const ListParams& params, ListResponse* out);

template <>
struct CatalogResource<catalog::v1::Plan> {
  using Stub = CatalogStub;
  using Resource = catalog::v1::Plan;
  using ListResponse = catalog::v1::ListPlansResponse;
  static constexpr auto kListRevisions = &CatalogStub::ListPlanRevisions;
  static constexpr absl::string_view kCollection = "plans";
  static constexpr absl::string_view kPlural = "plans";
  static constexpr absl::string_view kSingular = "plan";
  static constexpr absl::string_view kParentCollection = "";
  static constexpr bool kHasForce = true;

  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_plans();
  }
};

template <>
struct CatalogResource<catalog::v1::Strategy> {
  using Stub = CatalogStub;
  using Resource = catalog::v1::Strategy;
  using ListResponse = catalog::v1::ListStrategiesResponse;
  static constexpr auto kListRevisions = &CatalogStub::ListStrategyRevisions;
  static constexpr absl::string_view kCollection = "strategies";
  static constexpr absl::string_view kPlural = "strategies";
  static constexpr absl::string_view kSingular = "strategy";
  static constexpr absl::string_view kParentCollection = "";
  static constexpr bool kHasForce = true;

  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_strategies();
  }
};

template <>
struct CatalogResource<catalog::v1::Initiative> {
  using Stub = CatalogStub;
  using Resource = catalog::v1::Initiative;
  using ListResponse = catalog::v1::ListInitiativesResponse;
  static constexpr auto kListRevisions = &CatalogStub::ListInitiativeRevisions;
  static constexpr absl::string_view kCollection = "initiatives";
  static constexpr absl::string_view kPlural = "initiatives";
  static constexpr absl::string_view kSingular = "initiative";
  static constexpr absl::string_view kParentCollection = "strategies";
  static constexpr bool kHasForce = true;

  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_initiatives();
  }
};

template <>
struct CatalogResource<catalog::v1::Project> {
  using Stub = CatalogStub;
  using Resource = catalog::v1::Project;
  using ListResponse = catalog::v1::ListProjectsResponse;
  static constexpr auto kListRevisions = &CatalogStub::ListProjectRevisions;
  static constexpr absl::string_view kCollection = "projects";
  static constexpr absl::string_view kPlural = "projects";
  static constexpr absl::string_view kSingular = "project";
  static constexpr absl::string_view kParentCollection = "";
  // DeleteProjectRequest has no force: nothing hangs below a project.
  static constexpr bool kHasForce = false;

  // Delete ignores `force`.
  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_projects();
  }
};

// Splits a resource name of the collection `collection` (under
// `parent_collection`, if not empty) into parent and id, e.g.
// ("strategies/s/initiatives/i", "initiatives", "strategies") ->
// {"strategies/s", "i"}. INVALID_ARGUMENT naming the expected pattern when
// `name` does not match it or holds an invalid id.
absl::StatusOr<NameParts> SplitResourceName(
    absl::string_view name, absl::string_view collection,
    absl::string_view parent_collection);

template <typename R>
absl::StatusOr<NameParts> SplitName(absl::string_view name) {
  return SplitResourceName(name, CatalogResource<R>::kCollection,
                           CatalogResource<R>::kParentCollection);
}

}  // namespace busan::client

#endif  // BUSAN_CLIENT_CATALOG_RESOURCES_H_
