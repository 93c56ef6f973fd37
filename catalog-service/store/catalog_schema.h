// Every column family and key layout of catalog-service, in one place.
//
//   family       key                               value
//   default      "meta/last_sequence"              decimal int64
//                "meta/page_token_key"             32 random bytes
//   plans        {plan}                            Plan record
//   strategies   {strategy}                        Strategy record
//   initiatives  {strategy}/{initiative}           Initiative record
//   projects     {project}                         Project record
//   index        sp/{plan}/{strategy}              "" (strategies by plan)
//                ps/{strategy}/{project}           "" (projects by strategy)
//                pi/{strategy}/{initiative}/{project}  "" (by initiative)
//                po/{origin number}/{project}      "" (projects by origin)
//                pg/{stage number}/{project}       "" (projects by stage)
//   requests     {request_id}                      RequestRecord
//   changes      big-endian uint64 sequence        ChangeEvent record
//
// Ids never contain '/', so "{a}/" prefixes select exactly one parent, and
// key order within a family equals resource-name order.
#ifndef BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_
#define BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/store/database.h"

namespace busan::catalog {

// Column family indexes, in the order Open() creates them.
enum Family : int {
  kMeta = 0,
  kPlans,
  kStrategies,
  kInitiatives,
  kProjects,
  kIndex,
  kRequests,
  kChanges,
  kFamilyCount,
};

std::vector<store::ColumnFamilySpec> CatalogColumnFamilies();

inline constexpr char kLastSequenceKey[] = "meta/last_sequence";
inline constexpr char kPageTokenKeyKey[] = "meta/page_token_key";

// Big-endian so that byte order is numeric order.
std::string SequenceKey(uint64_t sequence);
uint64_t SequenceFromKey(absl::string_view key);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_
