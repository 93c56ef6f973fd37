// busan.admin.v1.AdminService over a service's store, registered by the
// shared bootstrap (ServiceMain) for both services, so backups work the
// same for each. Every method needs Access::kAdmin.
//
// A backup copies the whole store, which takes far longer than a call
// should hold one of gRPC's callback threads, so it runs on a thread of its
// own and finishes the call from there; one backup at a time per service.
// Destruction waits for a backup in progress.
#ifndef BUSAN_COMMON_SERVER_ADMIN_API_H_
#define BUSAN_COMMON_SERVER_ADMIN_API_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "common/server/auth.h"
#include "common/server/logger.h"
#include "common/store/backups.h"
#include "common/store/database.h"

namespace busan::server {

class AdminApi final : public admin::v1::AdminService::CallbackService {
 public:
  // `database`, `authorizer` (null: every call allowed) and `logger` (null:
  // no log lines) are not owned and outlive this object. An empty
  // `backup_dir` means backups are not configured (FAILED_PRECONDITION);
  // `backups_to_keep` > 0 keeps only that many of the newest.
  // `on_backup_start` (empty: none) runs on a backup's own thread once the
  // backup has been accepted and before the store is copied, so the backup
  // is in progress for as long as it runs: tests hold one there.
  AdminApi(const store::Database* database, std::string backup_dir,
           uint32_t backups_to_keep, const Authorizer* authorizer,
           const Logger* logger, std::function<void()> on_backup_start = {});
  ~AdminApi() override;

  // For a shutdown: stops the backup in progress (its call ends UNAVAILABLE
  // and keeps no backup) and refuses later ones, so that draining does not
  // wait for a copy of the whole store (a backup already in its final
  // checksum pass finishes that, and is kept).
  void StopBackups() { stopper_.Stop(); }

  grpc::ServerUnaryReactor* CreateBackup(
      grpc::CallbackServerContext* context,
      const admin::v1::CreateBackupRequest* request,
      admin::v1::Backup* response) override;
  grpc::ServerUnaryReactor* ListBackups(
      grpc::CallbackServerContext* context,
      const admin::v1::ListBackupsRequest* request,
      admin::v1::ListBackupsResponse* response) override;

 private:
  // Runs one backup and finishes its call; on worker_.
  void TakeBackup(grpc::ServerUnaryReactor* reactor,
                  admin::v1::Backup* response);

  const store::Database* const database_;
  const std::string backup_dir_;
  const uint32_t backups_to_keep_;
  const Authorizer* const authorizer_;
  const Logger* const logger_;
  const std::function<void()> on_backup_start_;
  store::BackupStopper stopper_;

  absl::Mutex mutex_;
  bool backup_running_ ABSL_GUARDED_BY(mutex_) = false;
  // The thread of the latest backup; joined before the next one starts
  // (it has finished by then) and on destruction.
  std::thread worker_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_ADMIN_API_H_
