#include "common/store/database.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status/status_macros.h"
#include "common/store/record_codec.h"
#include "rocksdb/cache.h"
#include "rocksdb/table.h"

namespace busan::store {

namespace {

// Data directories this process has open. RocksDB refuses a second open in
// the same process too, but the probe below must never run on a directory
// this process holds: closing any descriptor of a file drops the process's
// fcntl locks on it, RocksDB's included.
absl::Mutex open_paths_mutex(absl::kConstInit);
std::set<std::string>& OpenPaths() {
  static auto* paths = new std::set<std::string>();
  return *paths;
}

absl::Status Held(const std::string& path, const std::string& by) {
  return absl::FailedPreconditionError(
      absl::StrCat("data directory ", path, " is in use by ", by,
                   " (is another server using this data directory?)"));
}

// FAILED_PRECONDITION when another process holds RocksDB's lock on `path`
// (the fcntl write lock on path/LOCK it takes while open). Checked before
// opening because RocksDB reports a held lock as a plain IOError.
absl::Status CheckNotLockedByAnotherProcess(const std::string& path) {
  const int fd = open((path + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::OkStatus();  // never opened: nobody holds it
  struct flock probe = {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  close(fd);
  if (held) return Held(path, absl::StrCat("process ", probe.l_pid));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", options.path,
                     " cannot be created: ", error.message()));
  }

  std::error_code canonical_error;
  const std::string canonical =
      std::filesystem::canonical(options.path, canonical_error).string();
  if (canonical_error) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", options.path,
                     " cannot be resolved: ", canonical_error.message()));
  }
  absl::MutexLock lock(&open_paths_mutex);
  if (OpenPaths().count(canonical) > 0)
    return Held(options.path, "this process");
  RETURN_IF_ERROR(CheckNotLockedByAnotherProcess(canonical));

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
  rocksdb::Status status = rocksdb::DB::Open(
      db_options, options.path, descriptors, &database->families_, &raw);
  if (!status.ok()) {
    return FromRocksStatus(status,
                           absl::StrCat("opening database ", options.path));
  }
  database->db_.reset(raw);
  database->canonical_path_ = canonical;
  OpenPaths().insert(canonical);
  return database;
}

Database::~Database() {
  for (rocksdb::ColumnFamilyHandle* family : families_) {
    db_->DestroyColumnFamilyHandle(family);
  }
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
  if (!canonical_path_.empty()) {
    absl::MutexLock lock(&open_paths_mutex);
    OpenPaths().erase(canonical_path_);
  }
}

absl::Status Database::Get(int family, absl::string_view key,
                           std::string* value,
                           const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  rocksdb::Status status = db_->Get(
      read, families_[family], rocksdb::Slice(key.data(), key.size()), value);
  if (status.IsNotFound()) return absl::NotFoundError(kNoSuchRecord);
  return FromRocksStatus(status, "reading");
}

absl::Status Database::GetRecord(int family, absl::string_view key,
                                 google::protobuf::Message* record,
                                 const rocksdb::Snapshot* snapshot) const {
  rocksdb::PinnableSlice value;
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  rocksdb::Status status = db_->Get(
      read, families_[family], rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return absl::NotFoundError(kNoSuchRecord);
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
