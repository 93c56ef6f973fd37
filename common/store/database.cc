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
#include "rocksdb/listener.h"
#include "rocksdb/table.h"

namespace busan::store {

// Follows RocksDB's background error state: set when a flush, compaction or
// WAL write fails and RocksDB stops taking writes, cleared when its own
// recovery succeeds.
class StoreErrorListener final : public rocksdb::EventListener {
 public:
  void OnBackgroundError(rocksdb::BackgroundErrorReason,
                         rocksdb::Status* error) override {
    if (error == nullptr || error->ok()) return;
    absl::MutexLock lock(&mutex_);
    error_ = error->ToString();
  }
  void OnErrorRecoveryEnd(
      const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (!info.new_bg_error.ok()) return;
    absl::MutexLock lock(&mutex_);
    error_.clear();
  }
  std::string error() const {
    absl::MutexLock lock(&mutex_);
    return error_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::string error_;  // empty while writable
};

namespace {

// The database whose commit thread this is, if any.
thread_local const Database* commit_thread_of = nullptr;

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
    if (spec.compaction_filter != nullptr) {
      family.compaction_filter_factory = spec.compaction_filter;
      family.periodic_compaction_seconds = 24 * 60 * 60;
    }
    descriptors.emplace_back(spec.name, family);
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Two cores: one background job is enough and keeps latency steady.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  db_options.db_write_buffer_size = options.write_buffer_bytes;
  if (options.env != nullptr) db_options.env = options.env;
  auto errors = std::make_shared<StoreErrorListener>();
  db_options.listeners.push_back(errors);

  rocksdb::DB* raw = nullptr;
  std::unique_ptr<Database> database(new Database());
  rocksdb::Status status = rocksdb::DB::Open(
      db_options, options.path, descriptors, &database->families_, &raw);
  if (!status.ok()) {
    return FromRocksStatus(status,
                           absl::StrCat("opening database ", options.path));
  }
  database->db_.reset(raw);
  database->errors_ = std::move(errors);
  database->canonical_path_ = canonical;
  database->PublishDurable();
  OpenPaths().insert(canonical);
  return database;
}

Database::~Database() {
  durable_.store(nullptr);
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
  std::shared_ptr<const rocksdb::Snapshot> held;
  const rocksdb::ReadOptions read = ReadAt(snapshot, &held);
  rocksdb::Status status = db_->Get(
      read, families_[family], rocksdb::Slice(key.data(), key.size()), value);
  if (status.IsNotFound()) return absl::NotFoundError(kNoSuchRecord);
  return FromRocksStatus(status, "reading");
}

absl::Status Database::GetRecord(int family, absl::string_view key,
                                 google::protobuf::Message* record,
                                 const rocksdb::Snapshot* snapshot) const {
  std::shared_ptr<const rocksdb::Snapshot> held;
  const rocksdb::ReadOptions read = ReadAt(snapshot, &held);
  rocksdb::PinnableSlice value;
  rocksdb::Status status = db_->Get(
      read, families_[family], rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return absl::NotFoundError(kNoSuchRecord);
  if (!status.ok()) return FromRocksStatus(status, "reading");
  return DecodeRecord(absl::string_view(value.data(), value.size()), record);
}

absl::Status Database::Write(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions write;
  if (OnCommitThread()) {
    pending_sync_ = true;
    return FromRocksStatus(db_->Write(write, batch), "writing");
  }
  write.sync = true;
  RETURN_IF_ERROR(FromRocksStatus(db_->Write(write, batch), "writing"));
  PublishDurable();
  return absl::OkStatus();
}

void Database::BindCommitThread() { commit_thread_of = this; }

bool Database::OnCommitThread() const { return commit_thread_of == this; }

absl::Status Database::SyncPending() {
  if (!pending_sync_) return absl::OkStatus();
  pending_sync_ = false;
  // An empty synced batch fsyncs the WAL holding the group's writes, and a
  // failure sets RocksDB's background error, as a failed synced write does
  // (SyncWAL() would not).
  rocksdb::WriteOptions write;
  write.sync = true;
  rocksdb::WriteBatch empty;
  RETURN_IF_ERROR(FromRocksStatus(db_->Write(write, &empty), "syncing"));
  PublishDurable();
  return absl::OkStatus();
}

std::shared_ptr<const rocksdb::Snapshot> Database::NewSnapshot() const {
  rocksdb::DB* db = db_.get();
  return std::shared_ptr<const rocksdb::Snapshot>(
      db->GetSnapshot(), [db](const rocksdb::Snapshot* snapshot) {
        db->ReleaseSnapshot(snapshot);
      });
}

void Database::PublishDurable() {
  absl::MutexLock lock(&publish_mutex_);
  durable_.store(NewSnapshot());
}

rocksdb::ReadOptions Database::ReadAt(
    const rocksdb::Snapshot* snapshot,
    std::shared_ptr<const rocksdb::Snapshot>* held) const {
  // The commit thread reads the latest state (no snapshot).
  if (snapshot == nullptr && !OnCommitThread()) {
    *held = durable_.load();
    snapshot = held->get();
  }
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  return read;
}

std::shared_ptr<const rocksdb::Snapshot> Database::ReadSnapshot() const {
  return OnCommitThread() ? NewSnapshot() : durable_.load();
}

absl::Status Database::WriteHealth() const {
  std::string error = errors_->error();
  if (error.empty()) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat("the store does not accept writes: ", error));
}

std::unique_ptr<rocksdb::Iterator> Database::NewIterator(
    int family, const rocksdb::Snapshot* snapshot) const {
  // The iterator pins the files and memtables of its view, so the snapshot
  // only has to live until it is created.
  std::shared_ptr<const rocksdb::Snapshot> held;
  const rocksdb::ReadOptions read = ReadAt(snapshot, &held);
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(read, families_[family]));
}

absl::Status Database::Flush() {
  rocksdb::FlushOptions flush;
  return FromRocksStatus(db_->Flush(flush, families_), "flushing");
}

absl::Status CheckNoStoreAbove(const std::string& data_dir) {
  std::error_code error;
  const std::filesystem::path dir =
      std::filesystem::path(data_dir).lexically_normal();
  if (std::filesystem::exists(dir, error) &&
      !std::filesystem::is_empty(dir, error)) {
    return absl::OkStatus();
  }
  std::filesystem::path parent = dir.parent_path();
  if (dir.filename().empty()) parent = parent.parent_path();  // "a/b/"
  if (parent.empty() || !std::filesystem::exists(parent / "CURRENT", error)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "data directory ", data_dir, " is empty, but ", parent.string(),
      " holds a store (its CURRENT file): the layout that kept the store at "
      "the volume's root. Stop the service and move the store's files into ",
      data_dir, " (every entry of ", parent.string(),
      " but lost+found and the new directory), then start it again"));
}

}  // namespace busan::store
