#include "catalog-service/store/catalog_schema.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/listing/list_engine.h"
#include "common/store/database.h"

namespace busan::catalog {

using v1::Project;
using v1::Strategy;

std::vector<store::ColumnFamilySpec> CatalogColumnFamilies() {
  // Order must match enum Family.
  return {{"default", nullptr},    {"plans", nullptr},
          {"strategies", nullptr}, {"initiatives", nullptr},
          {"projects", nullptr},   {"index", nullptr},
          {"requests", nullptr},   {"changes", nullptr},
          {"counts", nullptr},     {"revisions", nullptr}};
}

std::string SequenceKey(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(sequence & 0xff);
    sequence >>= 8;
  }
  return key;
}

uint64_t SequenceFromKey(absl::string_view key) {
  uint64_t sequence = 0;
  for (char c : key.substr(0, 8)) {
    sequence = (sequence << 8) | static_cast<unsigned char>(c);
  }
  return sequence;
}

std::vector<std::string> CountKeysOf(Family family, absl::string_view key) {
  if (family == kIndex) {
    return {listing::CountKey(family, key.substr(0, key.rfind('/') + 1))};
  }
  std::vector<std::string> keys = {listing::CountKey(family, "")};
  for (size_t slash = key.find('/'); slash != absl::string_view::npos;
       slash = key.find('/', slash + 1)) {
    keys.push_back(listing::CountKey(family, key.substr(0, slash + 1)));
  }
  return keys;
}

Family RecordFamily(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kPlan:
      return kPlans;
    case ResourceKind::kStrategy:
      return kStrategies;
    case ResourceKind::kInitiative:
      return kInitiatives;
    case ResourceKind::kProject:
      return kProjects;
  }
  return kPlans;
}

const google::protobuf::Message& RecordType(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kPlan:
      return v1::Plan::default_instance();
    case ResourceKind::kStrategy:
      return v1::Strategy::default_instance();
    case ResourceKind::kInitiative:
      return v1::Initiative::default_instance();
    case ResourceKind::kProject:
      return v1::Project::default_instance();
  }
  return v1::Plan::default_instance();
}

std::string RecordKey(ResourceKind kind, absl::string_view strategy_id,
                      absl::string_view id) {
  if (kind == ResourceKind::kInitiative) {
    return absl::StrCat(InitiativesOfStrategyPrefix(strategy_id), id);
  }
  return std::string(id);
}

listing::Collection RecordsCollection(ResourceKind kind,
                                      listing::IndexFor index_for) {
  return {.family = RecordFamily(kind),
          .type = RecordType(kind).GetDescriptor(),
          .index_family = index_for != nullptr ? kIndex : -1,
          .index_for = index_for,
          .count_family = kCounts};
}

listing::Collection InitiativesCollection(absl::string_view strategy_id) {
  listing::Collection collection = RecordsCollection(ResourceKind::kInitiative);
  collection.key_prefix = InitiativesOfStrategyPrefix(strategy_id);
  return collection;
}

absl::string_view LastSegment(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::vector<std::string> IndexKeys(const google::protobuf::Message& record) {
  if (const auto* strategy = dynamic_cast<const Strategy*>(&record)) {
    return {absl::StrCat(StrategiesByPlanPrefix(LastSegment(strategy->plan())),
                         LastSegment(strategy->name()))};
  }
  const auto* project = dynamic_cast<const Project*>(&record);
  if (project == nullptr) return {};
  const absl::string_view id = LastSegment(project->name());
  const absl::string_view strategy_id = LastSegment(project->strategy());
  std::vector<std::string> keys = {
      absl::StrCat(ProjectsByStrategyPrefix(strategy_id), id),
      absl::StrCat(ProjectsByOriginPrefix(project->origin()), id),
      absl::StrCat(ProjectsByStagePrefix(project->stage()), id)};
  if (!project->initiative().empty()) {
    keys.push_back(
        absl::StrCat(ProjectsByInitiativePrefix(
                         strategy_id, LastSegment(project->initiative())),
                     id));
  }
  return keys;
}

std::string StrategiesByPlanPrefix(absl::string_view plan_id) {
  return absl::StrCat("sp/", plan_id, "/");
}
std::string ProjectsByStrategyPrefix(absl::string_view strategy_id) {
  return absl::StrCat("ps/", strategy_id, "/");
}
std::string ProjectsByInitiativePrefix(absl::string_view strategy_id,
                                       absl::string_view initiative_id) {
  return absl::StrCat("pi/", strategy_id, "/", initiative_id, "/");
}
std::string ProjectsByOriginPrefix(int origin) {
  return absl::StrCat("po/", origin, "/");
}
std::string ProjectsByStagePrefix(int stage) {
  return absl::StrCat("pg/", stage, "/");
}

std::string InitiativesOfStrategyPrefix(absl::string_view strategy_id) {
  return absl::StrCat(strategy_id, "/");
}

}  // namespace busan::catalog
