// Resource names of the catalog ("plans/p", "strategies/s",
// "strategies/s/initiatives/i", "projects/x"), parsed into the ResourceRef
// that says where each lives in storage (store/catalog_schema.h). Parsing
// is strict: a malformed name is INVALID_ARGUMENT naming the request field
// it came from.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog-service/store/catalog_schema.h"

namespace busan::catalog {

// Parses `name` as a resource of `kind`. INVALID_ARGUMENT "<field>: ...".
absl::StatusOr<ResourceRef> ParseName(absl::string_view field,
                                      absl::string_view name,
                                      ResourceKind kind);

std::string PlanName(absl::string_view id);
std::string StrategyName(absl::string_view id);
std::string InitiativeName(absl::string_view strategy_id, absl::string_view id);
std::string ProjectName(absl::string_view id);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_
