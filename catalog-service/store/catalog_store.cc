#include "catalog-service/store/catalog_store.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/counters.h"
#include "common/store/database.h"
#include "common/store/record_codec.h"
#include "rocksdb/write_batch.h"

namespace busan::catalog {

absl::StatusOr<std::unique_ptr<CatalogStore>> CatalogStore::Open(
    const store::StoreOptions& options, uint64_t change_retention,
    uint64_t revisions_per_resource, Publish publish) {
  std::unique_ptr<CatalogStore> catalog_store(
      new CatalogStore(change_retention, std::move(publish)));
  RETURN_IF_ERROR(catalog_store->OpenStore(options, CatalogColumnFamilies(),
                                           kMeta, kPageTokenKeyKey, kRequests));
  catalog_store->revisions_ = std::make_unique<RevisionLog>(
      &catalog_store->database(), kRevisions, revisions_per_resource);
  RETURN_IF_ERROR(catalog_store->BuildCountsIfMissing());
  ASSIGN_OR_RETURN(catalog_store->last_sequence_,
                   catalog_store->ReadSequence(kMeta, kLastSequenceKey));
  catalog_store->first_retained_ = catalog_store->last_sequence_ + 1;
  RETURN_IF_ERROR(catalog_store->Scan(
      kChanges, "", [&](absl::string_view key, absl::string_view) {
        catalog_store->first_retained_ = SequenceFromKey(key);
        return false;  // the first key is all it takes
      }));
  return catalog_store;
}

absl::Status CatalogStore::BuildCountsIfMissing() {
  ASSIGN_OR_RETURN(const bool built, Contains(kCounts, kCountsBuiltKey));
  if (built) return absl::OkStatus();
  std::map<std::string, int64_t> counts;
  for (Family family : {kPlans, kStrategies, kInitiatives, kProjects, kIndex}) {
    RETURN_IF_ERROR(
        Scan(family, "", [&](absl::string_view key, absl::string_view) {
          for (const std::string& count_key : CountKeysOf(family, key)) {
            ++counts[count_key];
          }
          return true;
        }));
  }
  rocksdb::WriteBatch batch;
  rocksdb::ColumnFamilyHandle* family = database().Family(kCounts);
  for (const auto& [key, count] : counts) {
    batch.Put(family, key, store::EncodeCounter(count)).PermitUncheckedError();
  }
  batch.Put(family, kCountsBuiltKey, "").PermitUncheckedError();
  return mutable_database().Write(&batch);
}

CatalogStore::~CatalogStore() {
  // Queued writes publish through publish_ and advance the sequences.
  Stop();
}

absl::StatusOr<std::vector<std::string>> CatalogStore::KeysUnder(
    int family, const std::string& prefix) const {
  std::vector<std::string> keys;
  RETURN_IF_ERROR(
      Scan(family, prefix, [&](absl::string_view rest, absl::string_view) {
        keys.emplace_back(rest);
        return true;
      }));
  return keys;
}

absl::StatusOr<std::vector<std::string>> CatalogStore::StrategyIdsOfPlan(
    absl::string_view plan_id) const {
  return KeysUnder(kIndex, StrategiesByPlanPrefix(plan_id));
}

absl::StatusOr<std::vector<std::string>> CatalogStore::ProjectIdsOfStrategy(
    absl::string_view strategy_id) const {
  return KeysUnder(kIndex, ProjectsByStrategyPrefix(strategy_id));
}

absl::StatusOr<std::vector<std::string>> CatalogStore::ProjectIdsOfInitiative(
    absl::string_view strategy_id, absl::string_view initiative_id) const {
  return KeysUnder(kIndex,
                   ProjectsByInitiativePrefix(strategy_id, initiative_id));
}

absl::StatusOr<std::vector<std::string>> CatalogStore::InitiativeIdsOfStrategy(
    absl::string_view strategy_id) const {
  return KeysUnder(kInitiatives, InitiativesOfStrategyPrefix(strategy_id));
}

void CatalogStore::TrimChangeLog() {
  // Trim in chunks so the log costs one range delete per chunk of writes.
  constexpr uint64_t kChunk = 1024;
  if (last_sequence_ < change_retention_ + kChunk ||
      last_sequence_ - change_retention_ < first_retained_ + kChunk) {
    return;
  }
  const uint64_t keep_from = last_sequence_ - change_retention_ + 1;
  rocksdb::WriteBatch batch;
  batch
      .DeleteRange(database().Family(kChanges), SequenceKey(first_retained_),
                   SequenceKey(keep_from))
      .PermitUncheckedError();
  if (mutable_database().Write(&batch).ok()) first_retained_ = keep_from;
}

absl::Status CatalogStore::ReadChanges(
    uint64_t after, int limit, std::vector<v1::ChangeEvent>* events) const {
  if (limit <= 0) return absl::OkStatus();
  std::unique_ptr<rocksdb::Iterator> it = database().NewIterator(kChanges);
  uint64_t expected = after + 1;
  for (it->Seek(SequenceKey(expected)); it->Valid() && limit > 0;
       it->Next(), --limit, ++expected) {
    v1::ChangeEvent event;
    RETURN_IF_ERROR(store::DecodeRecord(
        absl::string_view(it->value().data(), it->value().size()), &event));
    // A gap means the wanted events were trimmed meanwhile.
    if (static_cast<uint64_t>(event.sequence()) != expected) break;
    events->push_back(std::move(event));
  }
  RETURN_IF_ERROR(store::FromRocksStatus(it->status(), "reading changes"));
  if (events->empty() && it->Valid()) {
    return absl::OutOfRangeError(absl::StrCat(
        "start_after_sequence: changes after ", after,
        " are no longer retained; list again and watch from the latest "
        "sequence"));
  }
  return absl::OkStatus();
}

}  // namespace busan::catalog
