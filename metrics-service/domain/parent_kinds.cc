#include "metrics-service/domain/parent_kinds.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/validation/validators.h"
#include "metrics-service/domain/validation.h"

namespace busan::metrics {
namespace {

template <typename T, absl::Status (*Check)(const T&)>
absl::Status Validate(const google::protobuf::Message& record) {
  return Check(static_cast<const T&>(record));
}

}  // namespace

template <>
const ParentKind& KindOf<v1::RankingIndex>() {
  static const auto* kind =
      new ParentKind{"indices",
                     "index_id",
                     "index",
                     "rankings",
                     {"display_name", "display_name_ko", "description",
                      "publisher", "categories", "sources"},
                     &Validate<v1::RankingIndex, ValidateRankingIndex>};
  return *kind;
}

template <>
const ParentKind& KindOf<v1::MeetingSeries>() {
  static const auto* kind = new ParentKind{
      "meeting-series",
      "series_id",
      "series",
      "meetings",
      {"display_name", "display_name_ko", "description", "started",
       "policy_categories", "key_issues", "measures", "statements", "sources"},
      &Validate<v1::MeetingSeries, ValidateMeetingSeries>};
  return *kind;
}

template <>
const ParentKind& KindOf<v1::Fund>() {
  static const auto* kind = new ParentKind{
      "funds",
      "fund_id",
      "fund",
      "flows",
      {"display_name", "display_name_ko", "description", "manager",
       "target_krw", "start_year", "end_year", "milestones", "sources"},
      &Validate<v1::Fund, ValidateFund>};
  return *kind;
}

absl::StatusOr<std::string> ParseParentName(const ParentKind& kind,
                                            absl::string_view field,
                                            absl::string_view name) {
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  const std::string prefix = absl::StrCat(kind.collection, "/");
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, prefix) || !validation::IsValidId(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name,
                     "\" is not a resource name of the "
                     "form ",
                     kind.collection, "/{id}"));
  }
  return std::string(id);
}

}  // namespace busan::metrics
