#include "common/testing/raw_store.h"

#include <memory>
#include <string>
#include <vector>

#include "common/status/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
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

absl::StatusOr<std::vector<std::string>> TableFilesOf(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  store::DatabaseOptions options;
  options.path = path;
  options.column_families = families;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   store::Database::Open(options));
  rocksdb::ColumnFamilyMetaData metadata;
  database->raw()->GetColumnFamilyMetaData(database->Family(family), &metadata);
  std::vector<std::string> files;
  for (const rocksdb::LevelMetaData& level : metadata.levels) {
    for (const rocksdb::SstFileMetaData& file : level.files) {
      files.push_back("/" + file.relative_filename);
    }
  }
  return files;
}

}  // namespace busan::testing
