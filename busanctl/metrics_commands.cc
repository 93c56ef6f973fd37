#include "busanctl/metrics_commands.h"

#include "absl/strings/str_cat.h"

namespace busan::ctl {

absl::StatusOr<std::string> ParseParentName(absl::string_view what,
                                            absl::string_view collection,
                                            const std::string& value) {
  const std::string name = ExpandInCollection(collection, value);
  if (!SplitResourceName(name, collection, "").ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": \"", value, "\" is not of the form ", collection,
                     "/ID (ids match ^[a-z][a-z0-9-]{0,62}$)"));
  }
  return name;
}

}  // namespace busan::ctl
