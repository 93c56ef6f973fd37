#include "common/testing/raw_store.h"

#include <memory>

#include "common/status/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace busan::testing {

absl::StatusOr<int> ClearFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  store::DatabaseOptions options;
  options.path = path;
  options.column_families = families;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   store::Database::Open(options));
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

}  // namespace busan::testing
