#include "common/testing/raw_store.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
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

// Adds `edit` of every key of `family` to one batch and writes it; returns
// how many keys there were.
absl::StatusOr<int> EditEachKey(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family,
    const std::function<void(rocksdb::WriteBatch&, rocksdb::ColumnFamilyHandle*,
                             const rocksdb::Slice&)>& edit) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   OpenClosed(path, families));
  rocksdb::WriteBatch batch;
  int edited = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it = database->NewIterator(family);
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++edited) {
      edit(batch, database->Family(family), it->key());
    }
    if (!it->status().ok()) {
      return absl::InternalError(it->status().ToString());
    }
  }
  RETURN_IF_ERROR(database->Write(&batch));
  return edited;
}

}  // namespace

absl::StatusOr<int> ClearFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  return EditEachKey(
      path, families, family,
      [](rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* handle,
         const rocksdb::Slice& key) {
        batch.Delete(handle, key).PermitUncheckedError();
      });
}

absl::StatusOr<int> CorruptFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  return EditEachKey(
      path, families, family,
      [](rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* handle,
         const rocksdb::Slice& key) {
        batch.Put(handle, key, "\xff\xff\xff\xff").PermitUncheckedError();
      });
}

absl::StatusOr<std::vector<std::string>> TableFilesOf(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> database,
                   OpenClosed(path, families));
  RETURN_IF_ERROR(database->Flush());
  rocksdb::ColumnFamilyMetaData meta;
  database->raw()->GetColumnFamilyMetaData(database->Family(family), &meta);
  std::vector<std::string> files;
  for (const rocksdb::LevelMetaData& level : meta.levels) {
    for (const rocksdb::SstFileMetaData& file : level.files) {
      files.push_back(file.name);
    }
  }
  return files;
}

}  // namespace busan::testing
