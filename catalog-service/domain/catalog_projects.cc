// Project operations. Every project write also moves its contribution to
// the derived totals of its strategy, initiative and plan (when it is filed
// under a strategy) in the same atomic write.
#include "absl/strings/string_view.h"
#include "catalog-service/domain/catalog.h"
#include "catalog-service/domain/catalog_common.h"
#include "catalog-service/domain/totals.h"
#include "catalog-service/domain/validation.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"
#include "google/protobuf/util/time_util.h"

namespace busan::catalog {
namespace {

using v1::Project;

// The most selective index the filter pins, if any. It is exact when the
// filter is that one equality and its value is the name the index is keyed
// by (a strategy's name, not only its last segment).
std::optional<listing::IndexScan> ProjectIndex(const query::Filter& filter) {
  if (auto initiative = filter.RequiredEquality("initiative")) {
    absl::StatusOr<ResourceRef> ref =
        ParseName("", *initiative, ResourceKind::kInitiative);
    if (ref.ok()) {
      return listing::IndexScan{
          ProjectsByInitiativePrefix(ref->strategy_id, ref->id),
          ref->name == *initiative &&
              filter.SoleEquality("initiative").has_value()};
    }
  }
  if (auto strategy = filter.RequiredEquality("strategy")) {
    const absl::string_view id = LastSegment(*strategy);
    return listing::IndexScan{ProjectsByStrategyPrefix(id),
                              *strategy == absl::StrCat("strategies/", id) &&
                                  filter.SoleEquality("strategy").has_value()};
  }
  Project::Origin origin;
  if (auto name = filter.RequiredEquality("origin");
      name && Project::Origin_Parse(*name, &origin)) {
    return listing::IndexScan{ProjectsByOriginPrefix(origin),
                              filter.SoleEquality("origin").has_value()};
  }
  Project::Stage stage;
  if (auto name = filter.RequiredEquality("stage");
      name && Project::Stage_Parse(*name, &stage)) {
    return listing::IndexScan{ProjectsByStagePrefix(stage),
                              filter.SoleEquality("stage").has_value()};
  }
  return std::nullopt;
}

// The references a project makes must hold: its strategy (if any) exists,
// and its initiative (if any) exists under that same strategy. A project no
// document files under a strategy has neither.
absl::Status CheckReferences(WriteTxn& txn, const Project& project) {
  if (project.strategy().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(ResourceRef strategy,
                   ParseName("project.strategy", project.strategy(),
                             ResourceKind::kStrategy));
  RETURN_IF_ERROR(AsPrecondition("project.strategy",
                                 txn.Load<v1::Strategy>(strategy).status()));
  if (project.initiative().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(ResourceRef initiative,
                   ParseName("project.initiative", project.initiative(),
                             ResourceKind::kInitiative));
  if (initiative.strategy_id != strategy.id) {
    return absl::FailedPreconditionError(absl::StrCat(
        "project.initiative: ", initiative.name, " belongs to strategies/",
        initiative.strategy_id, ", not ", strategy.name));
  }
  return AsPrecondition("project.initiative",
                        txn.Load<v1::Initiative>(initiative).status());
}

// Reference fields are checked for shape before taking the write lock. An
// initiative names its strategy, so it needs the project's strategy too.
absl::Status CheckReferenceShapes(const Project& project) {
  if (project.strategy().empty()) {
    if (project.initiative().empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        "project.initiative: needs project.strategy, the strategy it is "
        "under");
  }
  RETURN_IF_ERROR(
      ParseName("project.strategy", project.strategy(), ResourceKind::kStrategy)
          .status());
  if (project.initiative().empty()) return absl::OkStatus();
  return ParseName("project.initiative", project.initiative(),
                   ResourceKind::kInitiative)
      .status();
}

}  // namespace

void Catalog::CreateProject(absl::string_view project_id, Project project,
                            WriteCall<Project> call) {
  absl::StatusOr<ResourceRef> ref = [&]() -> absl::StatusOr<ResourceRef> {
    RETURN_IF_ERROR(validation::CheckId("project_id", project_id));
    resource::ClearOutputOnlyFields(&project);
    project.set_name(ProjectName(project_id));
    RETURN_IF_ERROR(ValidateProject(project));
    RETURN_IF_ERROR(CheckReferenceShapes(project));
    return ParseName("project_id", project.name(), ResourceKind::kProject);
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<Project>(
      std::move(call),
      [ref = *std::move(ref), project = std::move(project)](
          WriteTxn& txn, Project* out) mutable -> absl::Status {
        RETURN_IF_ERROR(CheckAbsent(txn, ref));
        RETURN_IF_ERROR(CheckReferences(txn, project));
        RETURN_IF_ERROR(ApplyProjectTotals(txn, project, 1));
        *out = *txn.Put(ref, std::move(project), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Catalog::ListProjects(const ListQuery& query,
                                   v1::ListProjectsResponse* response) const {
  return store_->List(RecordsCollection(ResourceKind::kProject, &ProjectIndex),
                      query, response, response->mutable_projects());
}

void Catalog::UpdateProject(const Project& patch,
                            const google::protobuf::FieldMask& mask,
                            WriteCall<Project> call) {
  absl::StatusOr<ResourceRef> parsed =
      ParseName("project.name", patch.name(), ResourceKind::kProject);
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<Project>(
      std::move(call),
      [ref = *std::move(parsed), patch, mask](WriteTxn& txn,
                                              Project* out) -> absl::Status {
        ASSIGN_OR_RETURN(Project * stored, txn.Load<Project>(ref));
        RETURN_IF_ERROR(
            CheckEtag("project.etag", patch.etag(), stored->etag(), ref.name));
        const Project before = *stored;
        Project updated = before;
        RETURN_IF_ERROR(ApplyUpdateMask(patch, mask, &updated));
        RETURN_IF_ERROR(ValidateProject(updated));
        RETURN_IF_ERROR(CheckReferenceShapes(updated));
        RETURN_IF_ERROR(CheckReferences(txn, updated));
        RETURN_IF_ERROR(ApplyProjectTotals(txn, before, -1));
        RETURN_IF_ERROR(ApplyProjectTotals(txn, updated, 1));
        *out = *txn.Put(ref, std::move(updated), store::Change::kUpdated);
        return absl::OkStatus();
      });
}

void Catalog::RecordProjectStatus(absl::string_view name,
                                  const v1::StatusUpdate& status,
                                  absl::string_view etag,
                                  WriteCall<Project> call) {
  absl::StatusOr<ResourceRef> parsed = [&]() -> absl::StatusOr<ResourceRef> {
    ASSIGN_OR_RETURN(ResourceRef ref,
                     ParseName("name", name, ResourceKind::kProject));
    RETURN_IF_ERROR(ValidateStatusUpdate(status));
    return ref;
  }();
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<Project>(
      std::move(call),
      [ref = *std::move(parsed), status, etag = std::string(etag)](
          WriteTxn& txn, Project* out) -> absl::Status {
        ASSIGN_OR_RETURN(Project * stored, txn.Load<Project>(ref));
        RETURN_IF_ERROR(CheckEtag("etag", etag, stored->etag(), ref.name));
        if (stored->status_updates_size() >= kMaxStatusUpdates) {
          return absl::FailedPreconditionError(
              absl::StrCat(ref.name, " already has ", kMaxStatusUpdates,
                           " status updates, the most kept"));
        }
        const Project before = *stored;
        Project updated = before;
        // Kept in date order; a report dated like earlier ones goes after them.
        auto& updates = *updated.mutable_status_updates();
        int at = updates.size();
        while (at > 0 && updates[at - 1].date() > status.date()) --at;
        const bool newest = at == updates.size();
        v1::StatusUpdate* added = updates.Add();
        *added = status;
        *added->mutable_record_time() =
            google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
                absl::ToUnixNanos(txn.now()));
        for (int i = updates.size() - 1; i > at; --i)
          updates.SwapElements(i, i - 1);
        if (newest) {
          if (status.stage() != Project::STAGE_UNSPECIFIED) {
            updated.set_stage(status.stage());
          }
          if (status.has_progress_basis_points()) {
            updated.set_progress_basis_points(status.progress_basis_points());
          }
        }
        RETURN_IF_ERROR(ApplyProjectTotals(txn, before, -1));
        RETURN_IF_ERROR(ApplyProjectTotals(txn, updated, 1));
        *out = *txn.Put(ref, std::move(updated), store::Change::kUpdated);
        return absl::OkStatus();
      });
}

void Catalog::DeleteProject(absl::string_view name, absl::string_view etag,
                            WriteCall<google::protobuf::Empty> call) {
  absl::StatusOr<ResourceRef> parsed =
      ParseName("name", name, ResourceKind::kProject);
  if (!parsed.ok()) return call.Finish(parsed.status());
  store_->Submit<google::protobuf::Empty>(
      std::move(call),
      [ref = *std::move(parsed), etag = std::string(etag)](
          WriteTxn& txn, google::protobuf::Empty*) -> absl::Status {
        ASSIGN_OR_RETURN(Project * stored, txn.Load<Project>(ref));
        RETURN_IF_ERROR(CheckEtag("etag", etag, stored->etag(), ref.name));
        RETURN_IF_ERROR(ApplyProjectTotals(txn, *stored, -1));
        txn.Remove(ref);
        return absl::OkStatus();
      });
}

}  // namespace busan::catalog
