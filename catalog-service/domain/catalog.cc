// Catalog plumbing shared by every resource: open, updates without side
// effects, point reads and the change log. Per-resource rules live in
// catalog_{plans,strategies,initiatives,projects}.cc.
#include "catalog-service/domain/catalog.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog-service/domain/revisions.h"
#include "catalog-service/domain/validation.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"

namespace busan::catalog {

absl::StatusOr<std::unique_ptr<Catalog>> Catalog::Open(
    const CatalogOptions& options) {
  std::unique_ptr<Catalog> catalog(new Catalog(options));
  WatchHub* hub = &catalog->hub_;
  ASSIGN_OR_RETURN(
      catalog->store_,
      CatalogStore::Open(options, options.change_retention,
                         options.revisions_per_resource,
                         [hub](const std::vector<EventPtr>& events) {
                           hub->Publish(events);
                         }));
  hub->SetLastPublished(catalog->store_->last_sequence());
  return catalog;
}

Catalog::~Catalog() {
  // Queued writes call back into this object: complete them while it is
  // whole.
  if (store_ != nullptr) store_->Stop();
}

absl::Status Catalog::ListRevisions(ResourceKind kind,
                                    const v1::ListRevisionsRequest& request,
                                    v1::ListRevisionsResponse* response) const {
  return catalog::ListRevisions(*store_, kind, request, response);
}

absl::Status Catalog::ReadChanges(uint64_t after, int limit,
                                  std::vector<v1::ChangeEvent>* events) const {
  return store_->ReadChanges(after, limit, events);
}

template <typename T>
void Catalog::UpdateRecord(const T& patch,
                           const google::protobuf::FieldMask& mask,
                           ResourceKind kind, const char* field,
                           absl::Status (*validate)(const T&),
                           WriteCall<T> call) {
  absl::StatusOr<ResourceRef> parsed =
      ParseName(absl::StrCat(field, ".name"), patch.name(), kind);
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<T>(
      std::move(call),
      [ref = *std::move(parsed), patch, mask, field, validate](
          WriteTxn& txn, T* out) -> absl::Status {
        ASSIGN_OR_RETURN(T * stored, txn.Load<T>(ref));
        RETURN_IF_ERROR(resource::CheckEtag(absl::StrCat(field, ".etag"),
                                            patch.etag(), stored->etag(),
                                            ref.name));
        T updated = *stored;
        RETURN_IF_ERROR(ApplyUpdateMask(patch, mask, &updated));
        RETURN_IF_ERROR(validate(updated));
        *out = *txn.Put(ref, std::move(updated), store::Change::kUpdated);
        return absl::OkStatus();
      });
}

void Catalog::UpdatePlan(const v1::Plan& patch,
                         const google::protobuf::FieldMask& mask,
                         WriteCall<v1::Plan> call) {
  UpdateRecord(patch, mask, ResourceKind::kPlan, "plan", &ValidatePlan,
               std::move(call));
}

void Catalog::UpdateStrategy(const v1::Strategy& patch,
                             const google::protobuf::FieldMask& mask,
                             WriteCall<v1::Strategy> call) {
  UpdateRecord(patch, mask, ResourceKind::kStrategy, "strategy",
               &ValidateStrategy, std::move(call));
}

void Catalog::UpdateInitiative(const v1::Initiative& patch,
                               const google::protobuf::FieldMask& mask,
                               WriteCall<v1::Initiative> call) {
  UpdateRecord(patch, mask, ResourceKind::kInitiative, "initiative",
               &ValidateInitiative, std::move(call));
}

namespace {

template <typename T>
absl::Status GetRecord(const CatalogStore& store, absl::string_view name,
                       ResourceKind kind, T* out) {
  if (NamesRevision(name)) return GetRevisionOf(store, name, kind, out);
  ASSIGN_OR_RETURN(ResourceRef ref, ParseName("name", name, kind));
  return store.Read(ref, out);
}

}  // namespace

absl::Status Catalog::GetPlan(absl::string_view name, v1::Plan* plan) const {
  return GetRecord(*store_, name, ResourceKind::kPlan, plan);
}
absl::Status Catalog::GetStrategy(absl::string_view name,
                                  v1::Strategy* strategy) const {
  return GetRecord(*store_, name, ResourceKind::kStrategy, strategy);
}
absl::Status Catalog::GetInitiative(absl::string_view name,
                                    v1::Initiative* initiative) const {
  return GetRecord(*store_, name, ResourceKind::kInitiative, initiative);
}
absl::Status Catalog::GetProject(absl::string_view name,
                                 v1::Project* project) const {
  return GetRecord(*store_, name, ResourceKind::kProject, project);
}

absl::Status Catalog::BatchGetProjects(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    v1::BatchGetProjectsResponse* response) const {
  constexpr int kMaxNames = 1000;
  if (names.size() > kMaxNames) {
    return absl::InvalidArgumentError(
        absl::StrCat("names: at most ", kMaxNames, " names"));
  }
  std::vector<store::RecordRef> refs;
  refs.reserve(names.size());
  for (int i = 0; i < names.size(); ++i) {
    ASSIGN_OR_RETURN(ResourceRef ref,
                     ParseName(absl::StrCat("names[", i, "]"), names[i],
                               ResourceKind::kProject));
    refs.push_back(std::move(ref));
  }
  // One snapshot, so the batch is a consistent read.
  size_t failed = 0;
  absl::Status status = store_->ReadEach(
      refs, [&](size_t) { return response->add_projects(); }, &failed);
  if (absl::IsNotFound(status)) {
    status = absl::NotFoundError(
        absl::StrCat("names[", failed, "]: ", names[failed], " not found"));
  }
  if (!status.ok()) response->clear_projects();
  return status;
}

// The waited-for forms of the write methods (catalog.h).
using resource::Await;

absl::StatusOr<v1::Plan> Catalog::CreatePlan(absl::string_view plan_id,
                                             v1::Plan plan,
                                             const WriteContext& context) {
  return Await<v1::Plan>(context, [&](WriteCall<v1::Plan> call) {
    CreatePlan(plan_id, std::move(plan), std::move(call));
  });
}
absl::StatusOr<v1::Plan> Catalog::UpdatePlan(
    const v1::Plan& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return Await<v1::Plan>(context, [&](WriteCall<v1::Plan> call) {
    UpdatePlan(patch, mask, std::move(call));
  });
}
absl::Status Catalog::DeletePlan(absl::string_view name, absl::string_view etag,
                                 bool force, const WriteContext& context) {
  return Await<Empty>(context,
                      [&](WriteCall<Empty> call) {
                        DeletePlan(name, etag, force, std::move(call));
                      })
      .status();
}
absl::StatusOr<v1::Strategy> Catalog::CreateStrategy(
    absl::string_view strategy_id, v1::Strategy strategy,
    const WriteContext& context) {
  return Await<v1::Strategy>(context, [&](WriteCall<v1::Strategy> call) {
    CreateStrategy(strategy_id, std::move(strategy), std::move(call));
  });
}
absl::StatusOr<v1::Strategy> Catalog::UpdateStrategy(
    const v1::Strategy& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return Await<v1::Strategy>(context, [&](WriteCall<v1::Strategy> call) {
    UpdateStrategy(patch, mask, std::move(call));
  });
}
absl::Status Catalog::DeleteStrategy(absl::string_view name,
                                     absl::string_view etag, bool force,
                                     const WriteContext& context) {
  return Await<Empty>(context,
                      [&](WriteCall<Empty> call) {
                        DeleteStrategy(name, etag, force, std::move(call));
                      })
      .status();
}
absl::StatusOr<v1::Initiative> Catalog::CreateInitiative(
    absl::string_view parent, absl::string_view initiative_id,
    v1::Initiative initiative, const WriteContext& context) {
  return Await<v1::Initiative>(context, [&](WriteCall<v1::Initiative> call) {
    CreateInitiative(parent, initiative_id, std::move(initiative),
                     std::move(call));
  });
}
absl::StatusOr<v1::Initiative> Catalog::UpdateInitiative(
    const v1::Initiative& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return Await<v1::Initiative>(context, [&](WriteCall<v1::Initiative> call) {
    UpdateInitiative(patch, mask, std::move(call));
  });
}
absl::Status Catalog::DeleteInitiative(absl::string_view name,
                                       absl::string_view etag, bool force,
                                       const WriteContext& context) {
  return Await<Empty>(context,
                      [&](WriteCall<Empty> call) {
                        DeleteInitiative(name, etag, force, std::move(call));
                      })
      .status();
}
absl::StatusOr<v1::Project> Catalog::CreateProject(
    absl::string_view project_id, v1::Project project,
    const WriteContext& context) {
  return Await<v1::Project>(context, [&](WriteCall<v1::Project> call) {
    CreateProject(project_id, std::move(project), std::move(call));
  });
}
absl::StatusOr<v1::Project> Catalog::UpdateProject(
    const v1::Project& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return Await<v1::Project>(context, [&](WriteCall<v1::Project> call) {
    UpdateProject(patch, mask, std::move(call));
  });
}
absl::Status Catalog::DeleteProject(absl::string_view name,
                                    absl::string_view etag,
                                    const WriteContext& context) {
  return Await<Empty>(context,
                      [&](WriteCall<Empty> call) {
                        DeleteProject(name, etag, std::move(call));
                      })
      .status();
}
absl::StatusOr<v1::Project> Catalog::RecordProjectStatus(
    absl::string_view name, const v1::StatusUpdate& status,
    absl::string_view etag, const WriteContext& context) {
  return Await<v1::Project>(context, [&](WriteCall<v1::Project> call) {
    RecordProjectStatus(name, status, etag, std::move(call));
  });
}

}  // namespace busan::catalog
