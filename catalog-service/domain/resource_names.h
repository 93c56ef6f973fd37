// Resource names of the catalog ("plans/p", "strategies/s",
// "strategies/s/initiatives/i", "projects/x") and where each lives in
// storage. Parsing is strict: a malformed name is INVALID_ARGUMENT naming
// the request field it came from.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "catalog-service/store/catalog_schema.h"
#include "google/protobuf/message.h"

namespace busan::catalog {

enum class ResourceKind { kPlan, kStrategy, kInitiative, kProject };

struct ResourceRef {
  ResourceKind kind;
  Family family;
  std::string key;          // storage key within `family`
  std::string id;           // last segment
  std::string strategy_id;  // initiatives only: the parent strategy's id
  std::string name;         // the full resource name
};

// Parses `name` as a resource of `kind`. INVALID_ARGUMENT "<field>: ...".
absl::StatusOr<ResourceRef> ParseName(absl::string_view field,
                                      absl::string_view name,
                                      ResourceKind kind);

std::string PlanName(absl::string_view id);
std::string StrategyName(absl::string_view id);
std::string InitiativeName(absl::string_view strategy_id, absl::string_view id);
std::string ProjectName(absl::string_view id);

// The reference of any catalog record, from its `name` field. Only for
// records this service stored (their names are known to be valid).
ResourceRef RefOf(const google::protobuf::Message& record);

// Secondary index keys (family kIndex) a record contributes; see
// catalog_schema.h. Plans and initiatives contribute none.
std::vector<std::string> IndexKeys(const google::protobuf::Message& record);

// Index prefixes used by List to read O(page) keys.
std::string StrategiesByPlanPrefix(absl::string_view plan_id);
std::string ProjectsByStrategyPrefix(absl::string_view strategy_id);
std::string ProjectsByInitiativePrefix(absl::string_view strategy_id,
                                       absl::string_view initiative_id);
std::string ProjectsByOriginPrefix(int origin);
std::string ProjectsByStagePrefix(int stage);

// The last '/'-separated segment of a name ("strategies/a" -> "a").
absl::string_view LastSegment(absl::string_view name);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_RESOURCE_NAMES_H_
