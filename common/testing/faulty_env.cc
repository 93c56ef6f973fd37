#include "common/testing/faulty_env.h"

#include <utility>

#include "absl/strings/match.h"

namespace busan::testing {

class FaultyEnv::FileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "busan.FaultyFileSystem"; }

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status =
        target()->NewWritableFile(name, options, result, debug);
    if (status.ok()) {
      *result = std::make_unique<File>(this, name, std::move(*result));
    }
    return status;
  }

  void Inject(Fault fault) {
    absl::MutexLock lock(&mutex_);
    fault_ = std::move(fault);
  }
  int failures() const {
    absl::MutexLock lock(&mutex_);
    return failures_;
  }

  // The injected error for an operation on `file`, or OK.
  rocksdb::IOStatus Check(const std::string& file, bool is_sync) {
    absl::MutexLock lock(&mutex_);
    const bool applies = is_sync ? fault_.fail_syncs : fault_.fail_appends;
    if (!applies || !absl::EndsWith(file, fault_.file_suffix)) {
      return rocksdb::IOStatus::OK();
    }
    ++failures_;
    rocksdb::IOStatus error =
        rocksdb::IOStatus::IOError("injected fault", file);
    error.SetRetryable(fault_.retryable);
    return error;
  }

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(FileSystem* file_system, std::string name,
         std::unique_ptr<rocksdb::FSWritableFile> file)
        : FSWritableFileOwnerWrapper(std::move(file)),
          file_system_(file_system),
          name_(std::move(name)) {}

    rocksdb::IOStatus Append(const rocksdb::Slice& data,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus fault = file_system_->Check(name_, false);
      if (!fault.ok()) return fault;
      return FSWritableFileOwnerWrapper::Append(data, options, debug);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data,
                             const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus fault = file_system_->Check(name_, false);
      if (!fault.ok()) return fault;
      return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus fault = file_system_->Check(name_, true);
      if (!fault.ok()) return fault;
      return FSWritableFileOwnerWrapper::Sync(options, debug);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus fault = file_system_->Check(name_, true);
      if (!fault.ok()) return fault;
      return FSWritableFileOwnerWrapper::Fsync(options, debug);
    }

   private:
    FileSystem* file_system_;
    const std::string name_;
  };

  mutable absl::Mutex mutex_;
  Fault fault_;
  int failures_ = 0;
};

FaultyEnv::FaultyEnv()
    : file_system_(std::make_shared<FileSystem>()),
      env_(rocksdb::NewCompositeEnv(file_system_)) {}

void FaultyEnv::Inject(Fault fault) { file_system_->Inject(std::move(fault)); }

int FaultyEnv::failures() const { return file_system_->failures(); }

}  // namespace busan::testing
