#include "absl/strings/string_view.h"
#include "catalog-service/domain/resource_names.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/validation/validators.h"

namespace busan::catalog {
namespace {

using v1::Initiative;
using v1::Project;
using v1::Strategy;

absl::Status BadName(absl::string_view field, absl::string_view name,
                     absl::string_view pattern) {
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": \"", name, "\" is not a resource name of the form ", pattern));
}

}  // namespace

absl::StatusOr<ResourceRef> ParseName(absl::string_view field,
                                      absl::string_view name,
                                      ResourceKind kind) {
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  ResourceRef ref;
  ref.kind = kind;
  ref.name = std::string(name);
  switch (kind) {
    case ResourceKind::kPlan:
    case ResourceKind::kStrategy:
    case ResourceKind::kProject: {
      const absl::string_view collection =
          kind == ResourceKind::kPlan       ? "plans"
          : kind == ResourceKind::kStrategy ? "strategies"
                                            : "projects";
      if (parts.size() != 2 || parts[0] != collection ||
          !validation::IsValidId(parts[1])) {
        return BadName(field, name, absl::StrCat(collection, "/{id}"));
      }
      ref.family = kind == ResourceKind::kPlan       ? kPlans
                   : kind == ResourceKind::kStrategy ? kStrategies
                                                     : kProjects;
      ref.id = std::string(parts[1]);
      ref.key = ref.id;
      return ref;
    }
    case ResourceKind::kInitiative:
      if (parts.size() != 4 || parts[0] != "strategies" ||
          parts[2] != "initiatives" || !validation::IsValidId(parts[1]) ||
          !validation::IsValidId(parts[3])) {
        return BadName(field, name,
                       "strategies/{strategy}/initiatives/{initiative}");
      }
      ref.family = kInitiatives;
      ref.strategy_id = std::string(parts[1]);
      ref.id = std::string(parts[3]);
      ref.key = absl::StrCat(ref.strategy_id, "/", ref.id);
      return ref;
  }
  return absl::InternalError("unknown resource kind");
}

std::string PlanName(absl::string_view id) { return absl::StrCat("plans/", id); }
std::string StrategyName(absl::string_view id) {
  return absl::StrCat("strategies/", id);
}
std::string InitiativeName(absl::string_view strategy_id, absl::string_view id) {
  return absl::StrCat("strategies/", strategy_id, "/initiatives/", id);
}
std::string ProjectName(absl::string_view id) {
  return absl::StrCat("projects/", id);
}

absl::string_view LastSegment(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

ResourceRef RefOf(const google::protobuf::Message& record) {
  const google::protobuf::Descriptor* type = record.GetDescriptor();
  ResourceKind kind = ResourceKind::kPlan;
  if (type == Strategy::descriptor()) kind = ResourceKind::kStrategy;
  if (type == Initiative::descriptor()) kind = ResourceKind::kInitiative;
  if (type == Project::descriptor()) kind = ResourceKind::kProject;
  const std::string& name = record.GetReflection()->GetString(
      record, type->FindFieldByName("name"));
  absl::StatusOr<ResourceRef> ref = ParseName("name", name, kind);
  return *std::move(ref);  // stored names were validated on write
}

std::vector<std::string> IndexKeys(const google::protobuf::Message& record) {
  if (const auto* strategy = dynamic_cast<const Strategy*>(&record)) {
    return {absl::StrCat(StrategiesByPlanPrefix(LastSegment(strategy->plan())),
                         LastSegment(strategy->name()))};
  }
  const auto* project = dynamic_cast<const Project*>(&record);
  if (project == nullptr) return {};
  const absl::string_view id = LastSegment(project->name());
  const absl::string_view strategy_id = LastSegment(project->strategy());
  std::vector<std::string> keys = {
      absl::StrCat(ProjectsByStrategyPrefix(strategy_id), id),
      absl::StrCat(ProjectsByOriginPrefix(project->origin()), id),
      absl::StrCat(ProjectsByStagePrefix(project->stage()), id)};
  if (!project->initiative().empty()) {
    keys.push_back(absl::StrCat(
        ProjectsByInitiativePrefix(strategy_id,
                                   LastSegment(project->initiative())),
        id));
  }
  return keys;
}

std::string StrategiesByPlanPrefix(absl::string_view plan_id) {
  return absl::StrCat("sp/", plan_id, "/");
}
std::string ProjectsByStrategyPrefix(absl::string_view strategy_id) {
  return absl::StrCat("ps/", strategy_id, "/");
}
std::string ProjectsByInitiativePrefix(absl::string_view strategy_id,
                                       absl::string_view initiative_id) {
  return absl::StrCat("pi/", strategy_id, "/", initiative_id, "/");
}
std::string ProjectsByOriginPrefix(int origin) {
  return absl::StrCat("po/", origin, "/");
}
std::string ProjectsByStagePrefix(int stage) {
  return absl::StrCat("pg/", stage, "/");
}

}  // namespace busan::catalog
