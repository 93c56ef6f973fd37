#include "common/server/admin_api.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/handler_util.h"
#include "common/store/backups.h"

namespace busan::server {
namespace {

constexpr absl::string_view kNotConfigured =
    "backups are not configured: start the service with --backup_dir=DIR";

void ToProto(const store::BackupInfo& info, admin::v1::Backup* backup) {
  backup->set_name(absl::StrCat("backups/", info.id));
  backup->set_backup_id(info.id);
  backup->mutable_create_time()->set_seconds(info.unix_time);
  backup->set_size_bytes(info.size_bytes);
  backup->set_file_count(info.file_count);
}

}  // namespace

AdminApi::AdminApi(const store::Database* database, std::string backup_dir,
                   uint32_t backups_to_keep, const Authorizer* authorizer,
                   const Logger* logger, std::function<void()> on_backup_start)
    : database_(database),
      backup_dir_(std::move(backup_dir)),
      backups_to_keep_(backups_to_keep),
      authorizer_(authorizer),
      logger_(logger),
      on_backup_start_(std::move(on_backup_start)) {}

AdminApi::~AdminApi() {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(
      +[](bool* running) { return !*running; }, &backup_running_));
  if (worker_.joinable()) worker_.join();
}

grpc::ServerUnaryReactor* AdminApi::CreateBackup(
    grpc::CallbackServerContext* context,
    const admin::v1::CreateBackupRequest* /*request*/,
    admin::v1::Backup* response) {
  if (auto* denied = Deny(context, authorizer_, Access::kAdmin)) return denied;
  if (backup_dir_.empty()) {
    return Reply(context, absl::FailedPreconditionError(kNotConfigured));
  }
  absl::MutexLock lock(&mutex_);
  if (backup_running_) {
    return Reply(context,
                 absl::AbortedError("another backup is being taken; retry "
                                    "when it has finished"));
  }
  backup_running_ = true;
  // The previous backup's thread has done all but finish its call, so this
  // join waits for that at most.
  if (worker_.joinable()) worker_.join();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  worker_ = std::thread(&AdminApi::TakeBackup, this, reactor, response);
  return reactor;
}

void AdminApi::TakeBackup(grpc::ServerUnaryReactor* reactor,
                          admin::v1::Backup* response) {
  if (on_backup_start_) on_backup_start_();
  const absl::Time start = absl::Now();
  absl::StatusOr<store::BackupInfo> backup =
      store::CreateBackup(*database_, backup_dir_, backups_to_keep_, &stopper_);
  const int64_t elapsed_ms = absl::ToInt64Milliseconds(absl::Now() - start);
  if (logger_ != nullptr && backup.ok()) {
    logger_->Log(LogLevel::kInfo, "backup_created",
                 {{"backup_dir", backup_dir_},
                  {"backup_id", static_cast<int64_t>(backup->id)},
                  {"size_bytes", static_cast<int64_t>(backup->size_bytes)},
                  {"files", static_cast<int64_t>(backup->file_count)},
                  {"elapsed_ms", elapsed_ms}});
  } else if (logger_ != nullptr) {
    logger_->Log(LogLevel::kError, "backup_failed",
                 {{"backup_dir", backup_dir_},
                  {"message", backup.status().message()},
                  {"elapsed_ms", elapsed_ms}});
  }
  if (backup.ok()) ToProto(*backup, response);
  {
    // Cleared before the answer goes out: a caller that starts another
    // backup as soon as it has this one's answer must not be refused.
    absl::MutexLock lock(&mutex_);
    backup_running_ = false;
  }
  reactor->Finish(ToGrpcStatus(backup.status()));
}

grpc::ServerUnaryReactor* AdminApi::ListBackups(
    grpc::CallbackServerContext* context,
    const admin::v1::ListBackupsRequest* /*request*/,
    admin::v1::ListBackupsResponse* response) {
  if (auto* denied = Deny(context, authorizer_, Access::kAdmin)) return denied;
  if (backup_dir_.empty()) {
    return Reply(context, absl::FailedPreconditionError(kNotConfigured));
  }
  absl::StatusOr<std::vector<store::BackupInfo>> backups =
      store::ListBackups(backup_dir_);
  if (backups.ok()) {
    for (const store::BackupInfo& info : *backups) {
      ToProto(info, response->add_backups());
    }
  }
  return Reply(context, backups.status());
}

}  // namespace busan::server
