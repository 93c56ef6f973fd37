// Backups of a service's RocksDB with RocksDB's BackupEngine: taken while
// the service serves and writes, checked before they are reported, and
// restored only into an empty directory (a restore never overwrites live
// data).
//
// A backup holds every write acknowledged before it began (it copies the
// live table files and the WAL, so all column families agree); it may also
// hold writes in flight at that moment, which a restore then shows as a
// retried write would be: at most once, with its request record.
#ifndef BUSAN_COMMON_STORE_BACKUPS_H_
#define BUSAN_COMMON_STORE_BACKUPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/store/database.h"

namespace rocksdb {
class BackupEngine;
}  // namespace rocksdb

namespace busan::store {

struct BackupInfo {
  uint32_t id = 0;        // 1, 2, ... in the order taken
  int64_t unix_time = 0;  // when it was taken
  uint64_t size_bytes = 0;
  uint32_t file_count = 0;
};

// Stops backups from another thread: a shutdown cannot wait for a large
// copy to finish within its grace period. Stop() interrupts the backup in
// progress (RocksDB's BackupEngine::StopBackup) and refuses later ones.
class BackupStopper {
 public:
  void Stop();
  bool stopped() const;

 private:
  friend class RunningBackup;
  absl::Status Attach(rocksdb::BackupEngine* engine);
  void Detach();

  mutable absl::Mutex mutex_;
  bool stopped_ ABSL_GUARDED_BY(mutex_) = false;
  rocksdb::BackupEngine* engine_ ABSL_GUARDED_BY(mutex_) = nullptr;
};

// The file in a backup directory naming its newest verified backup (its
// number and a newline), replaced whole after each one verifies: what a
// tool shipping the directory elsewhere waits for
// (deploy/offsite/busan-offsite).
inline constexpr char kLatestVerifiedFile[] = "LATEST_VERIFIED";

// Takes a backup of `database` into `backup_dir` (created when missing;
// files shared with earlier backups are not copied again), then verifies
// every file's checksum and records it in kLatestVerifiedFile. UNAVAILABLE (or
// DATA_LOSS for a bad copy) when it fails; a failed backup is not left behind
// as one. With `keep` > 0, only the newest `keep` backups are kept once the new
// one has verified.
//
// One backup at a time per `backup_dir`, and one process taking backups
// into it: RocksDB leaves two concurrent writers to a backup directory
// unspecified. Listing and restoring may run meanwhile (they only read).
//
// With `stopper`, a Stop() during the copy makes it return UNAVAILABLE
// ("backup stopped") within one read, keeping no part of the new backup;
// one during the final checksum pass (which RocksDB cannot interrupt)
// waits for it, and the verified backup is kept.
absl::StatusOr<BackupInfo> CreateBackup(const Database& database,
                                        const std::string& backup_dir,
                                        uint32_t keep = 0,
                                        BackupStopper* stopper = nullptr);

// The backups in `backup_dir`, oldest first; empty when there are none (or
// no such directory).
absl::StatusOr<std::vector<BackupInfo>> ListBackups(
    const std::string& backup_dir);

// Restores backup `id` (0 for the newest) of `backup_dir` into `data_dir`,
// after checking it. FAILED_PRECONDITION when `data_dir` exists and is not
// empty; NOT_FOUND when there is no such backup.
//
// All or nothing: the backup is restored into RestoreStagingDir(data_dir)
// and renamed to `data_dir` once whole, so `data_dir`'s parent must be
// writable and on the same file system. A volume's mount point is not
// (its root may hold lost+found, and its parent is the image's): give a
// directory below it, as the images do (/var/lib/busan/catalog/db).
absl::Status RestoreBackup(const std::string& backup_dir, uint32_t id,
                           const std::string& data_dir);

// Where RestoreBackup assembles `data_dir`: "<data_dir>.restoring". What
// a killed restore leaves there is removed by the next one.
std::string RestoreStagingDir(const std::string& data_dir);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_BACKUPS_H_
