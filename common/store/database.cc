#include "absl/strings/string_view.h"
#include "common/store/database.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/store/record_codec.h"
#include "rocksdb/cache.h"
#include "rocksdb/table.h"

namespace busan::store {

absl::Status FromRocksStatus(const rocksdb::Status& status,
                             absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  // RocksDB reports a held LOCK file as an IOError whose text names the
  // lock; callers want to know that another process owns the directory.
  if (status.IsIOError() &&
      status.ToString().find("lock") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        message, " (is another server using this data directory?)"));
  }
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", options.path,
                     " cannot be created: ", error.message()));
  }

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::ColumnFamilyOptions family_defaults;
  family_defaults.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const ColumnFamilySpec& spec : options.column_families) {
    rocksdb::ColumnFamilyOptions family = family_defaults;
    family.merge_operator = spec.merge_operator;
    descriptors.emplace_back(spec.name, family);
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Two cores: one background job is enough and keeps latency steady.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;

  rocksdb::DB* raw = nullptr;
  std::unique_ptr<Database> database(new Database());
  rocksdb::Status status = rocksdb::DB::Open(db_options, options.path,
                                             descriptors,
                                             &database->families_, &raw);
  if (!status.ok()) {
    return FromRocksStatus(status,
                           absl::StrCat("opening database ", options.path));
  }
  database->db_.reset(raw);
  return database;
}

Database::~Database() {
  for (rocksdb::ColumnFamilyHandle* family : families_) {
    db_->DestroyColumnFamilyHandle(family);
  }
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
}

absl::Status Database::Get(int family, absl::string_view key,
                           std::string* value,
                           const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  rocksdb::Status status =
      db_->Get(read, families_[family], rocksdb::Slice(key.data(), key.size()), value);
  if (status.IsNotFound()) return absl::NotFoundError(key);
  return FromRocksStatus(status, "reading");
}

absl::Status Database::GetRecord(int family, absl::string_view key,
                                 google::protobuf::Message* record,
                                 const rocksdb::Snapshot* snapshot) const {
  rocksdb::PinnableSlice value;
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  rocksdb::Status status =
      db_->Get(read, families_[family], rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return absl::NotFoundError(key);
  if (!status.ok()) return FromRocksStatus(status, "reading");
  return DecodeRecord(absl::string_view(value.data(), value.size()), record);
}

absl::Status Database::Write(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions write;
  write.sync = true;
  return FromRocksStatus(db_->Write(write, batch), "writing");
}

std::unique_ptr<rocksdb::Iterator> Database::NewIterator(
    int family, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(read, families_[family]));
}

absl::Status Database::Flush() {
  rocksdb::FlushOptions flush;
  return FromRocksStatus(db_->Flush(flush, families_), "flushing");
}

}  // namespace busan::store
