#include "catalog-service/domain/validation.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/resource_checks.h"
#include "common/validation/validators.h"

namespace busan::catalog {
namespace {

// Progress: 0..10000 basis points (10000 is 100%).
absl::Status CheckBasisPoints(absl::string_view field, int32_t value) {
  if (value >= 0 && value <= 10000) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must be 0..10000 basis points, got ", value));
}

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using validation::CheckNonNegative;
using validation::CheckText;

std::string Path(absl::string_view resource, absl::string_view field) {
  return absl::StrCat(resource, ".", field);
}

// Strategies and initiatives share ordinal and declared figures.
template <typename T>
absl::Status CheckDeclared(absl::string_view resource, const T& record) {
  if (record.ordinal() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(resource, ".ordinal: must not be negative"));
  }
  if (record.has_declared_project_count()) {
    RETURN_IF_ERROR(CheckNonNegative(Path(resource, "declared_project_count"),
                                     record.declared_project_count()));
  }
  if (record.has_declared_budget_krw()) {
    RETURN_IF_ERROR(CheckNonNegative(Path(resource, "declared_budget_krw"),
                                     record.declared_budget_krw()));
  }
  return absl::OkStatus();
}

absl::Status CheckYear(absl::string_view field, int year) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be between ",
                                                   kMinYear, " and ", kMaxYear,
                                                   ", got ", year));
  }
  return absl::OkStatus();
}

// Fields a client may change, per resource type.
const std::vector<std::string>& MutableFields(const Descriptor* type) {
  static const auto* kPlan =
      new std::vector<std::string>{"display_name",
                                   "display_name_ko",
                                   "description",
                                   "published",
                                   "declared_strategy_count",
                                   "declared_initiative_count",
                                   "declared_project_count",
                                   "declared_budget_krw",
                                   "declared_origin_counts",
                                   "sources"};
  static const auto* kStrategy = new std::vector<std::string>{
      "display_name",           "display_name_ko",     "description", "ordinal",
      "declared_project_count", "declared_budget_krw", "sources"};
  static const auto* kProject =
      new std::vector<std::string>{"display_name",
                                   "display_name_ko",
                                   "description",
                                   "strategy",
                                   "initiative",
                                   "origin",
                                   "stage",
                                   "budget_krw",
                                   "start_year",
                                   "end_year",
                                   "tags",
                                   "location",
                                   "lead_agency",
                                   "national_alignment",
                                   "progress_basis_points",
                                   "sources"};
  if (type == v1::Plan::descriptor()) return *kPlan;
  if (type == v1::Project::descriptor()) return *kProject;
  return *kStrategy;  // Strategy and Initiative
}

}  // namespace

absl::Status ValidatePlan(const v1::Plan& plan) {
  RETURN_IF_ERROR(validation::CheckNamedResource("plan", plan));
  RETURN_IF_ERROR(
      validation::CheckPartialDate("plan.published", plan.published()));
  const std::pair<const char*, std::optional<int64_t>> declared[] = {
      {"plan.declared_strategy_count",
       plan.has_declared_strategy_count()
           ? std::optional<int64_t>(plan.declared_strategy_count())
           : std::nullopt},
      {"plan.declared_initiative_count",
       plan.has_declared_initiative_count()
           ? std::optional<int64_t>(plan.declared_initiative_count())
           : std::nullopt},
      {"plan.declared_project_count",
       plan.has_declared_project_count()
           ? std::optional<int64_t>(plan.declared_project_count())
           : std::nullopt},
      {"plan.declared_budget_krw",
       plan.has_declared_budget_krw()
           ? std::optional<int64_t>(plan.declared_budget_krw())
           : std::nullopt},
      {"plan.declared_origin_counts.new_count",
       plan.declared_origin_counts().new_count()},
      {"plan.declared_origin_counts.upgraded_count",
       plan.declared_origin_counts().upgraded_count()},
      {"plan.declared_origin_counts.expanded_count",
       plan.declared_origin_counts().expanded_count()},
      {"plan.declared_origin_counts.unspecified_count",
       plan.declared_origin_counts().unspecified_count()},
  };
  for (const auto& [field, value] : declared) {
    if (value) RETURN_IF_ERROR(CheckNonNegative(field, *value));
  }
  return absl::OkStatus();
}

absl::Status ValidateStrategy(const v1::Strategy& strategy) {
  RETURN_IF_ERROR(validation::CheckNamedResource("strategy", strategy));
  return CheckDeclared("strategy", strategy);
}

absl::Status ValidateInitiative(const v1::Initiative& initiative) {
  RETURN_IF_ERROR(validation::CheckNamedResource("initiative", initiative));
  return CheckDeclared("initiative", initiative);
}

absl::Status ValidateProject(const v1::Project& project) {
  RETURN_IF_ERROR(validation::CheckNamedResource("project", project));
  if (!v1::Project::Origin_IsValid(project.origin())) {
    return absl::InvalidArgumentError(
        absl::StrCat("project.origin: unknown value ", project.origin()));
  }
  if (!v1::Project::Stage_IsValid(project.stage())) {
    return absl::InvalidArgumentError(
        absl::StrCat("project.stage: unknown value ", project.stage()));
  }
  if (project.has_budget_krw()) {
    RETURN_IF_ERROR(
        CheckNonNegative("project.budget_krw", project.budget_krw()));
  }
  if (project.has_start_year()) {
    RETURN_IF_ERROR(CheckYear("project.start_year", project.start_year()));
  }
  if (project.has_end_year()) {
    RETURN_IF_ERROR(CheckYear("project.end_year", project.end_year()));
  }
  if (project.has_start_year() && project.has_end_year() &&
      project.end_year() < project.start_year()) {
    return absl::InvalidArgumentError(
        absl::StrCat("project.end_year: ", project.end_year(),
                     " is before start_year ", project.start_year()));
  }
  if (project.tags_size() > kMaxTags) {
    return absl::InvalidArgumentError(
        absl::StrCat("project.tags: at most ", kMaxTags, " tags"));
  }
  std::set<absl::string_view> seen;
  for (int i = 0; i < project.tags_size(); ++i) {
    const std::string field = absl::StrCat("project.tags[", i, "]");
    RETURN_IF_ERROR(CheckText(field, project.tags(i), kMaxTagChars, true));
    if (!seen.insert(project.tags(i)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": duplicate tag \"", project.tags(i), "\""));
    }
  }
  if (project.has_progress_basis_points()) {
    RETURN_IF_ERROR(CheckBasisPoints("project.progress_basis_points",
                                     project.progress_basis_points()));
  }
  RETURN_IF_ERROR(
      CheckText("project.location", project.location(), kMaxNameChars, false));
  return CheckText("project.lead_agency", project.lead_agency(), kMaxNameChars,
                   false);
}

absl::Status ValidateStatusUpdate(const v1::StatusUpdate& status) {
  if (status.date().empty()) {
    return absl::InvalidArgumentError(
        "status.date: required (YYYY, YYYY-MM or YYYY-MM-DD as published)");
  }
  RETURN_IF_ERROR(validation::CheckPartialDate("status.date", status.date()));
  if (!v1::Project::Stage_IsValid(status.stage())) {
    return absl::InvalidArgumentError(
        absl::StrCat("status.stage: unknown value ", status.stage()));
  }
  if (status.has_progress_basis_points()) {
    RETURN_IF_ERROR(CheckBasisPoints("status.progress_basis_points",
                                     status.progress_basis_points()));
  }
  RETURN_IF_ERROR(CheckText("status.note", status.note(), kMaxNoteChars, false,
                            validation::TextLines::kMultiple));
  return validation::CheckSources("status.sources", status.sources());
}

absl::Status ApplyUpdateMask(const Message& from,
                             const google::protobuf::FieldMask& mask,
                             Message* to) {
  return resource::ApplyUpdateMask(from, mask,
                                   MutableFields(from.GetDescriptor()), to);
}

}  // namespace busan::catalog
