#include "catalog-service/domain/resource_names.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/validation/validators.h"

namespace busan::catalog {
namespace {

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
  ref.type = &RecordType(kind);
  switch (kind) {
    case ResourceKind::kPlan:
    case ResourceKind::kStrategy:
    case ResourceKind::kProject: {
      const absl::string_view collection = kind == ResourceKind::kPlan ? "plans"
                                           : kind == ResourceKind::kStrategy
                                               ? "strategies"
                                               : "projects";
      if (parts.size() != 2 || parts[0] != collection ||
          !validation::IsValidId(parts[1])) {
        return BadName(field, name, absl::StrCat(collection, "/{id}"));
      }
      ref.family = RecordFamily(kind);
      ref.id = std::string(parts[1]);
      ref.key = RecordKey(kind, "", ref.id);
      return ref;
    }
    case ResourceKind::kInitiative:
      if (parts.size() != 4 || parts[0] != "strategies" ||
          parts[2] != "initiatives" || !validation::IsValidId(parts[1]) ||
          !validation::IsValidId(parts[3])) {
        return BadName(field, name,
                       "strategies/{strategy}/initiatives/{initiative}");
      }
      ref.family = RecordFamily(kind);
      ref.strategy_id = std::string(parts[1]);
      ref.id = std::string(parts[3]);
      ref.key = RecordKey(kind, ref.strategy_id, ref.id);
      return ref;
  }
  return absl::InternalError("unknown resource kind");
}

std::string PlanName(absl::string_view id) {
  return absl::StrCat("plans/", id);
}
std::string StrategyName(absl::string_view id) {
  return absl::StrCat("strategies/", id);
}
std::string InitiativeName(absl::string_view strategy_id,
                           absl::string_view id) {
  return absl::StrCat("strategies/", strategy_id, "/initiatives/", id);
}
std::string ProjectName(absl::string_view id) {
  return absl::StrCat("projects/", id);
}

}  // namespace busan::catalog
