// Checks of the fields every named resource of both services carries:
// display_name (required), display_name_ko, description and sources.
#ifndef BUSAN_COMMON_VALIDATION_RESOURCE_CHECKS_H_
#define BUSAN_COMMON_VALIDATION_RESOURCE_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::validation {

inline constexpr size_t kMaxDisplayNameChars = 300;
inline constexpr size_t kMaxDescriptionChars = 10000;

// `resource` is the field path of the record in the request, e.g. "plan".
template <typename T>
absl::Status CheckNamedResource(absl::string_view resource, const T& record) {
  RETURN_IF_ERROR(CheckText(absl::StrCat(resource, ".display_name"),
                            record.display_name(), kMaxDisplayNameChars,
                            /*required=*/true));
  RETURN_IF_ERROR(CheckText(absl::StrCat(resource, ".display_name_ko"),
                            record.display_name_ko(), kMaxDisplayNameChars,
                            false));
  RETURN_IF_ERROR(CheckText(absl::StrCat(resource, ".description"),
                            record.description(), kMaxDescriptionChars, false,
                            TextLines::kMultiple));
  return CheckSources(absl::StrCat(resource, ".sources"), record.sources());
}

}  // namespace busan::validation

#endif  // BUSAN_COMMON_VALIDATION_RESOURCE_CHECKS_H_
