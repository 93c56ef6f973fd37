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
//   counts       {family number}/{prefix}          int64 counter: records
//                                                  under a key prefix
//                "built"                           "" (counts are complete)
//   revisions    {name}, {name}@{big-endian sequence}  see revision_log.h
//
// Counts (listing::CountKey) are kept for each record family as a whole
// ("4/" for every project), for each parent's initiatives
// ("3/{strategy}/") and for each index prefix ("5/ps/{strategy}/"), in the
// same batch as the records, so a list's total_size is one read.
// Ids never contain '/', so "{a}/" prefixes select exactly one parent, and
// key order within a family equals resource-name order.
#ifndef BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_
#define BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/listing/collection.h"
#include "common/store/resource_txn.h"
#include "google/protobuf/message.h"

namespace busan::store {
struct ColumnFamilySpec;
}  // namespace busan::store

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
  kCounts,
  kRevisions,
  kFamilyCount,
};

std::vector<store::ColumnFamilySpec> CatalogColumnFamilies();

inline constexpr char kLastSequenceKey[] = "meta/last_sequence";
inline constexpr char kPageTokenKeyKey[] = "meta/page_token_key";
// Present once the counts family is complete: written when a store is first
// opened, with the one-time count of whatever it already holds (nothing,
// for a new store).
inline constexpr char kCountsBuiltKey[] = "built";

// The counted prefixes (listing::CountKey) `key` of `family` falls under:
// the whole family, each '/'-terminated prefix of a record key, and for the
// index its key's parent prefix (everything up to the last '/').
std::vector<std::string> CountKeysOf(Family family, absl::string_view key);

// Big-endian so that byte order is numeric order.
std::string SequenceKey(uint64_t sequence);
uint64_t SequenceFromKey(absl::string_view key);

// The four kinds of catalog record, and where one record lives.
enum class ResourceKind { kPlan, kStrategy, kInitiative, kProject };

// Where a record lives (store::RecordRef: name, family, key within it, type),
// and what its name says.
struct ResourceRef : store::RecordRef {
  ResourceKind kind;
  std::string id;           // last segment
  std::string strategy_id;  // initiatives only: the parent strategy's id
};

Family RecordFamily(ResourceKind kind);
// The record type of a kind (its default instance).
const google::protobuf::Message& RecordType(ResourceKind kind);
// An initiative's key is "{strategy}/{initiative}"; the others' their id.
std::string RecordKey(ResourceKind kind, absl::string_view strategy_id,
                      absl::string_view id);

// What a list of every record of `kind` walks: its family, with the counts
// kept for it (an unfiltered list's total_size is one read). `index_for`
// maps a filter to a prefix of the index family (the prefixes below, so
// strategies and projects only); an exact one's count is kept as well.
listing::Collection RecordsCollection(ResourceKind kind,
                                      listing::IndexFor index_for = nullptr);
// The initiatives of one strategy, with their kept count.
listing::Collection InitiativesCollection(absl::string_view strategy_id);

// Secondary index keys (family kIndex) a record contributes. Plans and
// initiatives contribute none.
std::vector<std::string> IndexKeys(const google::protobuf::Message& record);

// Index prefixes: each selects the projects or strategies of one parent
// or value, whose ids follow the prefix.
std::string StrategiesByPlanPrefix(absl::string_view plan_id);
std::string ProjectsByStrategyPrefix(absl::string_view strategy_id);
std::string ProjectsByInitiativePrefix(absl::string_view strategy_id,
                                       absl::string_view initiative_id);
std::string ProjectsByOriginPrefix(int origin);
std::string ProjectsByStagePrefix(int stage);

// The initiatives of one strategy, in family kInitiatives.
std::string InitiativesOfStrategyPrefix(absl::string_view strategy_id);

// The last '/'-separated segment of a name ("strategies/a" -> "a").
absl::string_view LastSegment(absl::string_view name);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_CATALOG_SCHEMA_H_
