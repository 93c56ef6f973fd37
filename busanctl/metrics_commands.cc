#include "busanctl/metrics_commands.h"

#include "absl/strings/str_cat.h"
#include "common/validation/validators.h"

namespace busan::ctl {

absl::StatusOr<std::string> ParseParentName(absl::string_view what,
                                            absl::string_view collection,
                                            const std::string& value) {
  const std::string name = ExpandInCollection(collection, value);
  if (!SplitResourceName(name, collection, "").ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": \"", value, "\" is not of the form ", collection,
                     "/ID (ids match ", validation::kIdPattern, ")"));
  }
  return name;
}

}  // namespace busan::ctl
