#include "common/store/backups.h"

#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/rocks_status.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"

namespace busan::store {
namespace {

// BackupEngine to take backups, BackupEngineReadOnly to list and restore:
// a reader never cleans up the files of a backup another engine is taking.
// `db_env` is the one the backed-up store's files are read through.
template <typename Engine>
absl::StatusOr<std::unique_ptr<Engine>> OpenEngine(
    const std::string& backup_dir,
    rocksdb::Env* db_env = rocksdb::Env::Default()) {
  rocksdb::BackupEngineOptions options(backup_dir);
  // Backups are written once and kept; a crash mid-backup leaves files the
  // next open cleans up.
  options.sync = true;
  Engine* engine = nullptr;
  rocksdb::IOStatus status = Engine::Open(options, db_env, &engine);
  if (!status.ok()) {
    return FromRocksStatus(status,
                           absl::StrCat("opening backups in ", backup_dir));
  }
  return std::unique_ptr<Engine>(engine);
}

BackupInfo FromRocks(const rocksdb::BackupInfo& info) {
  return {info.backup_id, info.timestamp, info.size, info.number_files};
}

// The read-only engine of `backup_dir`; null when there is no such
// directory, which holds no backups.
absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReader(
    const std::string& backup_dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(backup_dir, error)) return nullptr;
  return OpenEngine<rocksdb::BackupEngineReadOnly>(backup_dir);
}

// The backups `reader` (possibly null) sees, oldest first.
std::vector<BackupInfo> BackupsIn(const rocksdb::BackupEngineReadOnly* reader) {
  std::vector<BackupInfo> backups;
  if (reader == nullptr) return backups;
  std::vector<rocksdb::BackupInfo> infos;
  reader->GetBackupInfo(&infos);
  for (const rocksdb::BackupInfo& info : infos) {
    backups.push_back(FromRocks(info));
  }
  return backups;
}

// Records `id` as the newest verified backup, in a file that replaces the
// last one whole (synced, then renamed, then the directory synced): a
// tool copying the directory off the machine ships what it names and
// never a backup still being taken or checked.
absl::Status RecordVerified(rocksdb::Env* env, const std::string& backup_dir,
                            rocksdb::BackupID id) {
  const std::string path = absl::StrCat(backup_dir, "/", kLatestVerifiedFile);
  const std::string staged = path + ".tmp";
  rocksdb::Status status =
      rocksdb::WriteStringToFile(env, absl::StrCat(id, "\n"), staged, true);
  if (status.ok()) status = env->RenameFile(staged, path);
  std::unique_ptr<rocksdb::Directory> directory;
  if (status.ok()) status = env->NewDirectory(backup_dir, &directory);
  if (status.ok()) status = directory->Fsync();
  return FromRocksStatus(
      status,
      absl::StrCat("backup ", id, " was taken, but recording it in ", path));
}

constexpr char kStopped[] =
    "backup stopped: the server is shutting down; no backup was kept";

}  // namespace

// Registers an engine with a stopper for as long as its backup runs, so
// that Stop() never reaches an engine that is gone.
class RunningBackup {
 public:
  RunningBackup(BackupStopper* stopper, rocksdb::BackupEngine* engine)
      : stopper_(stopper) {
    if (stopper_ != nullptr) attached_ = stopper_->Attach(engine);
  }
  ~RunningBackup() {
    if (stopper_ != nullptr) stopper_->Detach();
  }
  const absl::Status& attached() const { return attached_; }
  bool stopped() const { return stopper_ != nullptr && stopper_->stopped(); }

 private:
  BackupStopper* const stopper_;
  absl::Status attached_;
};

void BackupStopper::Stop() {
  absl::MutexLock lock(&mutex_);
  stopped_ = true;
  if (engine_ != nullptr) engine_->StopBackup();
}

bool BackupStopper::stopped() const {
  absl::MutexLock lock(&mutex_);
  return stopped_;
}

absl::Status BackupStopper::Attach(rocksdb::BackupEngine* engine) {
  absl::MutexLock lock(&mutex_);
  if (stopped_) return absl::UnavailableError(kStopped);
  engine_ = engine;
  return absl::OkStatus();
}

void BackupStopper::Detach() {
  absl::MutexLock lock(&mutex_);
  engine_ = nullptr;
}

absl::StatusOr<BackupInfo> CreateBackup(const Database& database,
                                        const std::string& backup_dir,
                                        uint32_t keep, BackupStopper* stopper) {
  // BackupEngine makes only the last directory of the path.
  std::error_code error;
  std::filesystem::create_directories(backup_dir, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create backup directory ", backup_dir, ": ", error.message()));
  }
  ASSIGN_OR_RETURN(
      std::unique_ptr<rocksdb::BackupEngine> engine,
      OpenEngine<rocksdb::BackupEngine>(backup_dir, database.raw()->GetEnv()));
  rocksdb::CreateBackupOptions options;
  // The WAL is copied instead: one flush per family would not be atomic
  // across families.
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  {
    const RunningBackup running(stopper, engine.get());
    RETURN_IF_ERROR(running.attached());
    // A stopped backup fails Incomplete; RocksDB removes what it copied.
    const rocksdb::IOStatus created =
        engine->CreateNewBackup(options, database.raw(), &id);
    if (!created.ok() && running.stopped()) {
      return absl::UnavailableError(kStopped);
    }
    RETURN_IF_ERROR(FromRocksStatus(created, "backing up"));
  }
  // Checking every file's checksum reads the whole backup again and cannot
  // be interrupted: a stop that came during the copy skips it.
  if (stopper != nullptr && stopper->stopped()) {
    engine->DeleteBackup(id).PermitUncheckedError();
    return absl::UnavailableError(kStopped);
  }
  rocksdb::IOStatus verified = engine->VerifyBackup(id, true);
  if (!verified.ok()) {
    engine->DeleteBackup(id).PermitUncheckedError();
    return absl::DataLossError(
        absl::StrCat("backup ", id,
                     " did not verify and was removed: ", verified.ToString()));
  }
  rocksdb::BackupInfo info;
  RETURN_IF_ERROR(
      FromRocksStatus(engine->GetBackupInfo(id, &info), "reading backup"));
  RETURN_IF_ERROR(RecordVerified(database.raw()->GetEnv(), backup_dir, id));
  if (keep > 0) {
    RETURN_IF_ERROR(FromRocksStatus(
        engine->PurgeOldBackups(keep),
        absl::StrCat("backup ", id, " was taken, but removing old ones")));
  }
  return FromRocks(info);
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(
    const std::string& backup_dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> reader,
                   OpenReader(backup_dir));
  return BackupsIn(reader.get());
}

absl::Status RestoreBackup(const std::string& backup_dir, uint32_t id,
                           const std::string& data_dir) {
  std::error_code error;
  if (std::filesystem::exists(data_dir, error) &&
      !std::filesystem::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("restore target ", data_dir,
                     " is not empty; restore into a new directory"));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> reader,
                   OpenReader(backup_dir));
  const std::vector<BackupInfo> backups = BackupsIn(reader.get());
  if (backups.empty()) {
    return absl::NotFoundError(absl::StrCat("no backups in ", backup_dir));
  }
  if (id == 0) id = backups.back().id;
  bool known = false;
  for (const BackupInfo& backup : backups) known |= backup.id == id;
  if (!known) {
    return absl::NotFoundError(
        absl::StrCat("backup ", id, " not found in ", backup_dir));
  }
  rocksdb::IOStatus verified = reader->VerifyBackup(id, true);
  if (!verified.ok()) {
    return absl::DataLossError(
        absl::StrCat("backup ", id, " does not verify: ", verified.ToString()));
  }
  // Restored beside `data_dir` first and renamed into place once whole: a
  // restore killed midway (a pod's deadline, a node lost) leaves no
  // half-restored store that a service would open or that would block the
  // next attempt, which starts the staging directory afresh.
  const std::string staging = RestoreStagingDir(data_dir);
  // The parent holds both; RocksDB makes only the last directory.
  std::filesystem::create_directories(
      std::filesystem::path(staging).parent_path(), error);
  if (!error) std::filesystem::remove_all(staging, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot clear ", staging, " for the restore: ", error.message()));
  }
  RETURN_IF_ERROR(
      FromRocksStatus(reader->RestoreDBFromBackup(rocksdb::RestoreOptions(), id,
                                                  staging, staging),
                      absl::StrCat("restoring backup ", id)));
  // An empty `data_dir` (made by the caller or a volume) gives way.
  std::filesystem::remove(data_dir, error);
  if (!error) std::filesystem::rename(staging, data_dir, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "backup ", id, " was restored into ", staging,
        " but cannot be moved to ", data_dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

std::string RestoreStagingDir(const std::string& data_dir) {
  std::string path = data_dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + ".restoring";
}

}  // namespace busan::store
