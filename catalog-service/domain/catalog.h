// Catalog is the domain layer of catalog-service: every operation of the
// CatalogService contract, expressed in resource messages and absl::Status,
// with no gRPC types. The api/ layer maps requests onto it.
//
// Concurrency: reads run in parallel on the last synced state. Every write
// method is asynchronous (resource::WriteCall): it checks its input on the
// caller's thread, completing the call at once when that is bad, and hands
// the rest to the store as one transaction (store/write_txn.h). Writes run
// one at a time on the store's commit thread, so etag checks, referential
// rules, derived totals and change-log order are exact; each is committed
// atomically and completed once synced, many per fsync. The overloads that
// take a WriteContext and return the result wait for it (resource::Await):
// for tests and tools that write from their own thread.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/resource_names.h"
#include "catalog-service/domain/watch_hub.h"
#include "catalog-service/store/catalog_store.h"
#include "common/listing/collection.h"
#include "common/resource/write_call.h"
#include "common/store/store_options.h"
#include "google/protobuf/empty.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace busan::catalog {

using listing::ListQuery;

// The store's options (data directory, writer, block cache) and the
// catalog's own.
struct CatalogOptions : store::StoreOptions {
  // Change events kept for WatchCatalog replay; older ones are trimmed.
  uint64_t change_retention = 100000;
  // Live WatchCatalog streams, and how far one may fall behind (events)
  // before it is cut off.
  size_t max_watch_streams = 1000;
  size_t watch_buffer_events = 4096;
  // Revisions kept per resource, newest first; 0 keeps every one. A plan's
  // derived figures move with every project write below it, so unbounded
  // history grows with the write rate, not the catalog's size.
  uint64_t revisions_per_resource = 1000;
};

using google::protobuf::Empty;
using resource::WriteCall;
using resource::WriteContext;

class Catalog {
 public:
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<Catalog>> Open(
      const CatalogOptions& options);
  // Completes queued writes first.
  ~Catalog();

  // Plans. Create: ALREADY_EXISTS when the id is taken.
  void CreatePlan(absl::string_view plan_id, v1::Plan plan,
                  WriteCall<v1::Plan> call);
  absl::Status GetPlan(absl::string_view name, v1::Plan* plan) const;
  absl::Status ListPlans(const ListQuery& query,
                         v1::ListPlansResponse* response) const;
  void UpdatePlan(const v1::Plan& patch,
                  const google::protobuf::FieldMask& mask,
                  WriteCall<v1::Plan> call);
  void DeletePlan(absl::string_view name, absl::string_view etag, bool force,
                  WriteCall<Empty> call);

  // Strategies. FAILED_PRECONDITION when strategy.plan does not exist.
  void CreateStrategy(absl::string_view strategy_id, v1::Strategy strategy,
                      WriteCall<v1::Strategy> call);
  absl::Status GetStrategy(absl::string_view name,
                           v1::Strategy* strategy) const;
  absl::Status ListStrategies(const ListQuery& query,
                              v1::ListStrategiesResponse* response) const;
  void UpdateStrategy(const v1::Strategy& patch,
                      const google::protobuf::FieldMask& mask,
                      WriteCall<v1::Strategy> call);
  void DeleteStrategy(absl::string_view name, absl::string_view etag,
                      bool force, WriteCall<Empty> call);

  // Initiatives under strategies/{strategy}.
  void CreateInitiative(absl::string_view parent,
                        absl::string_view initiative_id,
                        v1::Initiative initiative,
                        WriteCall<v1::Initiative> call);
  absl::Status GetInitiative(absl::string_view name,
                             v1::Initiative* initiative) const;
  // query.parent: strategies/{strategy} or strategies/-.
  absl::Status ListInitiatives(const ListQuery& query,
                               v1::ListInitiativesResponse* response) const;
  void UpdateInitiative(const v1::Initiative& patch,
                        const google::protobuf::FieldMask& mask,
                        WriteCall<v1::Initiative> call);
  void DeleteInitiative(absl::string_view name, absl::string_view etag,
                        bool force, WriteCall<Empty> call);

  // Projects.
  void CreateProject(absl::string_view project_id, v1::Project project,
                     WriteCall<v1::Project> call);
  absl::Status GetProject(absl::string_view name, v1::Project* project) const;
  absl::Status ListProjects(const ListQuery& query,
                            v1::ListProjectsResponse* response) const;
  void UpdateProject(const v1::Project& patch,
                     const google::protobuf::FieldMask& mask,
                     WriteCall<v1::Project> call);
  void DeleteProject(absl::string_view name, absl::string_view etag,
                     WriteCall<Empty> call);
  // Adds a dated report to the project's timeline; see the contract in
  // catalog.proto. INVALID_ARGUMENT "status.<field>: ..." for a bad report.
  void RecordProjectStatus(absl::string_view name,
                           const v1::StatusUpdate& status,
                           absl::string_view etag, WriteCall<v1::Project> call);
  // All or nothing; NOT_FOUND names the first missing project.
  absl::Status BatchGetProjects(
      const google::protobuf::RepeatedPtrField<std::string>& names,
      v1::BatchGetProjectsResponse* response) const;

  // Revisions of the resource of `kind` that request.name names (see
  // domain/revisions.h). Each Get above also takes "{name}@{revision_id}".
  absl::Status ListRevisions(ResourceKind kind,
                             const v1::ListRevisionsRequest& request,
                             v1::ListRevisionsResponse* response) const;

  // Change log. Events with sequence > `after`, at most `limit`, in order.
  // OUT_OF_RANGE when events after `after` are no longer retained.
  absl::Status ReadChanges(uint64_t after, int limit,
                           std::vector<v1::ChangeEvent>* events) const;
  WatchHub& watch_hub() { return hub_; }
  // The write methods above, waited for (see the top of this file).
  absl::StatusOr<v1::Plan> CreatePlan(absl::string_view plan_id, v1::Plan plan,
                                      const WriteContext& context);
  absl::StatusOr<v1::Plan> UpdatePlan(const v1::Plan& patch,
                                      const google::protobuf::FieldMask& mask,
                                      const WriteContext& context);
  absl::Status DeletePlan(absl::string_view name, absl::string_view etag,
                          bool force, const WriteContext& context);
  absl::StatusOr<v1::Strategy> CreateStrategy(absl::string_view strategy_id,
                                              v1::Strategy strategy,
                                              const WriteContext& context);
  absl::StatusOr<v1::Strategy> UpdateStrategy(
      const v1::Strategy& patch, const google::protobuf::FieldMask& mask,
      const WriteContext& context);
  absl::Status DeleteStrategy(absl::string_view name, absl::string_view etag,
                              bool force, const WriteContext& context);
  absl::StatusOr<v1::Initiative> CreateInitiative(
      absl::string_view parent, absl::string_view initiative_id,
      v1::Initiative initiative, const WriteContext& context);
  absl::StatusOr<v1::Initiative> UpdateInitiative(
      const v1::Initiative& patch, const google::protobuf::FieldMask& mask,
      const WriteContext& context);
  absl::Status DeleteInitiative(absl::string_view name, absl::string_view etag,
                                bool force, const WriteContext& context);
  absl::StatusOr<v1::Project> CreateProject(absl::string_view project_id,
                                            v1::Project project,
                                            const WriteContext& context);
  absl::StatusOr<v1::Project> UpdateProject(
      const v1::Project& patch, const google::protobuf::FieldMask& mask,
      const WriteContext& context);
  absl::Status DeleteProject(absl::string_view name, absl::string_view etag,
                             const WriteContext& context);
  absl::StatusOr<v1::Project> RecordProjectStatus(
      absl::string_view name, const v1::StatusUpdate& status,
      absl::string_view etag, const WriteContext& context);

  // The store's commit thread, for its gauges and for stopping it.
  const store::SerializedWriter& writer() const { return store_->writer(); }
  store::SerializedWriter& writer() { return store_->writer(); }

  // Flushes memtables; for a clean shutdown.
  absl::Status Flush() { return store_->Flush(); }
  // The storage, for operational gauges (see store/storage_metrics.h).
  const store::Database& database() const { return store_->database(); }

 private:
  explicit Catalog(const CatalogOptions& options)
      : hub_(options.watch_buffer_events, options.max_watch_streams) {}

  // Update of a resource whose writes have no side effects on others
  // (plans, strategies, initiatives): etag check, mask, validation, put.
  template <typename T>
  void UpdateRecord(const T& patch, const google::protobuf::FieldMask& mask,
                    ResourceKind kind, const char* field,
                    absl::Status (*validate)(const T&), WriteCall<T> call);
  absl::Status DeleteStrategyIn(WriteTxn& txn, const ResourceRef& ref,
                                absl::string_view etag, bool force);

  WatchHub hub_;
  // After hub_: destroyed first, it completes queued writes, which publish
  // to hub_.
  std::unique_ptr<CatalogStore> store_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_H_
