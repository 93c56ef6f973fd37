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

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenEngine(
    const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  // Backups are written once and kept; a crash mid-backup leaves files the
  // next open cleans up.
  options.sync = true;
  rocksdb::BackupEngine* engine = nullptr;
  rocksdb::IOStatus status =
      rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &engine);
  if (!status.ok()) {
    return FromRocksStatus(status,
                           absl::StrCat("opening backups in ", backup_dir));
  }
  return std::unique_ptr<rocksdb::BackupEngine>(engine);
}

BackupInfo FromRocks(const rocksdb::BackupInfo& info) {
  return {info.backup_id, info.timestamp, info.size, info.number_files};
}

}  // namespace

absl::StatusOr<BackupInfo> CreateBackup(const Database& database,
                                        const std::string& backup_dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                   OpenEngine(backup_dir));
  rocksdb::CreateBackupOptions options;
  // The WAL is copied instead: one flush per family would not be atomic
  // across families.
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  RETURN_IF_ERROR(FromRocksStatus(
      engine->CreateNewBackup(options, database.raw(), &id), "backing up"));
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
  return FromRocks(info);
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(
    const std::string& backup_dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(backup_dir, error)) {
    return absl::NotFoundError(
        absl::StrCat("no backups: ", backup_dir, " is not a directory"));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                   OpenEngine(backup_dir));
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) {
    return absl::NotFoundError(absl::StrCat("no backups in ", backup_dir));
  }
  std::vector<BackupInfo> backups;
  for (const rocksdb::BackupInfo& info : infos) {
    backups.push_back(FromRocks(info));
  }
  return backups;
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
  ASSIGN_OR_RETURN(std::vector<BackupInfo> backups, ListBackups(backup_dir));
  if (id == 0) id = backups.back().id;
  bool known = false;
  for (const BackupInfo& backup : backups) known |= backup.id == id;
  if (!known) {
    return absl::NotFoundError(
        absl::StrCat("backup ", id, " not found in ", backup_dir));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                   OpenEngine(backup_dir));
  rocksdb::IOStatus verified = engine->VerifyBackup(id, true);
  if (!verified.ok()) {
    return absl::DataLossError(
        absl::StrCat("backup ", id, " does not verify: ", verified.ToString()));
  }
  return FromRocksStatus(engine->RestoreDBFromBackup(rocksdb::RestoreOptions(),
                                                     id, data_dir, data_dir),
                         absl::StrCat("restoring backup ", id));
}

}  // namespace busan::store
