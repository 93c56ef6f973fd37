#include "common/testing/raw_store.h"

#include <memory>
#include <string>
#include <vector>

#include "common/status/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace busan::testing {
namespace {

// The store at `path`, which no one else has open, with `families`.
absl::StatusOr<std::unique_ptr<store::Database>> OpenClosed(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families) {
  store::DatabaseOptions options;
  options.path = path;
  options.column_families = families;
  return store::Database::Open(options);
}

}  // namespace

absl::StatusOr<int> ClearFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   OpenClosed(path, families));
  rocksdb::WriteBatch batch;
  int removed = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it = database->NewIterator(family);
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++removed) {
      batch.Delete(database->Family(family), it->key()).PermitUncheckedError();
    }
    if (!it->status().ok()) {
      return absl::InternalError(it->status().ToString());
    }
  }
  RETURN_IF_ERROR(database->Write(&batch));
  return removed;
}

absl::StatusOr<int> CorruptFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   OpenClosed(path, families));
  rocksdb::WriteBatch batch;
  int corrupted = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it = database->NewIterator(family);
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++corrupted) {
      batch.Put(database->Family(family), it->key(), "\xff\xff\xff\xff")
          .PermitUncheckedError();
    }
    if (!it->status().ok()) {
      return absl::InternalError(it->status().ToString());
    }
  }
  RETURN_IF_ERROR(database->Write(&batch));
  return corrupted;
}

}  // namespace busan::testing
