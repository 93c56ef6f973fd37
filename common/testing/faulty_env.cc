#include "common/testing/faulty_env.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace busan::testing {
namespace {

// The directory holding `path` ("/a/b" for "/a/b/c"), without a trailing
// slash, so that a directory's own name and its files' parents compare.
std::string ParentOf(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == absl::string_view::npos ? ""
                                                      : path.substr(0, slash));
}

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

class FaultyEnv::FileSystem final : public rocksdb::FileSystemWrapper {
 public:
  // kSequentialRead: reads front to back (a backup's copies, the WAL and
  // MANIFEST at open); kLookup: reads at an offset (a table's blocks).
  enum class Op { kAppend, kSync, kSequentialRead, kLookup, kOther };

  FileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "busan.FaultyFileSystem"; }

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(name, Op::kOther);
    if (status.ok())
      status = target()->NewWritableFile(name, options, result, debug);
    if (status.ok()) {
      Created(name, 0);
      *result = std::make_unique<File>(this, name, std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus ReopenWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(name, Op::kOther);
    if (status.ok()) {
      status = target()->ReopenWritableFile(name, options, result, debug);
    }
    if (status.ok()) {
      uint64_t size = 0;
      target()
          ->GetFileSize(name, rocksdb::IOOptions(), &size, debug)
          .PermitUncheckedError();
      Reopened(name, size);
      *result = std::make_unique<File>(this, name, std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus ReuseWritableFile(
      const std::string& name, const std::string& old_name,
      const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(name, Op::kOther);
    if (status.ok()) {
      status =
          target()->ReuseWritableFile(name, old_name, options, result, debug);
    }
    if (status.ok()) {
      Forget(old_name);
      Created(name, 0);
      *result = std::make_unique<File>(this, name, std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus NewSequentialFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSSequentialFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status =
        target()->NewSequentialFile(name, options, result, debug);
    if (status.ok()) {
      *result =
          std::make_unique<SequentialFile>(this, name, std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus NewRandomAccessFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
      rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status =
        target()->NewRandomAccessFile(name, options, result, debug);
    if (status.ok()) {
      *result =
          std::make_unique<RandomAccessFile>(this, name, std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus NewDirectory(const std::string& name,
                                 const rocksdb::IOOptions& options,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status =
        target()->NewDirectory(name, options, result, debug);
    if (status.ok()) {
      *result = std::make_unique<Directory>(this, WithoutTrailingSlash(name),
                                            std::move(*result));
    }
    return status;
  }

  rocksdb::IOStatus RenameFile(const std::string& source,
                               const std::string& destination,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(destination, Op::kOther);
    if (status.ok()) {
      status = target()->RenameFile(source, destination, options, debug);
    }
    if (status.ok()) Renamed(source, destination);
    return status;
  }

  rocksdb::IOStatus DeleteFile(const std::string& name,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(name, Op::kOther);
    if (status.ok()) status = target()->DeleteFile(name, options, debug);
    if (status.ok()) Forget(name);
    return status;
  }

  rocksdb::IOStatus Truncate(const std::string& name, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(name, Op::kOther);
    if (status.ok()) status = target()->Truncate(name, size, options, debug);
    if (status.ok()) Truncated(name, size);
    return status;
  }

  rocksdb::IOStatus LinkFile(const std::string& source,
                             const std::string& destination,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = Check(destination, Op::kOther);
    if (status.ok()) {
      status = target()->LinkFile(source, destination, options, debug);
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
  int delayed_syncs() const {
    absl::MutexLock lock(&mutex_);
    return delayed_syncs_;
  }
  int delayed_reads() const {
    absl::MutexLock lock(&mutex_);
    return delayed_reads_;
  }
  void CutPower() {
    absl::MutexLock lock(&mutex_);
    powered_ = false;
  }
  int64_t lost_bytes() const {
    absl::MutexLock lock(&mutex_);
    return lost_bytes_;
  }

  // The injected error for `op` on `file`, or OK, after the injected
  // delay (a power cut during the delay fails the operation).
  rocksdb::IOStatus Check(const std::string& file, Op op) {
    absl::SleepFor(DelayOf(file, op));
    return Fails(file, op);
  }

  // Counts the syncs and the reads it delays.
  absl::Duration DelayOf(const std::string& file, Op op) {
    absl::MutexLock lock(&mutex_);
    if (!absl::EndsWith(file, fault_.file_suffix)) return absl::ZeroDuration();
    if (op == Op::kSync && fault_.sync_delay > absl::ZeroDuration()) {
      ++delayed_syncs_;
      return fault_.sync_delay;
    }
    if (op == Op::kSequentialRead &&
        fault_.sequential_read_delay > absl::ZeroDuration()) {
      ++delayed_reads_;
      return fault_.sequential_read_delay;
    }
    return absl::ZeroDuration();
  }

  rocksdb::IOStatus Fails(const std::string& file, Op op) {
    absl::MutexLock lock(&mutex_);
    // A power cut stops changes; reads still work.
    const bool read = op == Op::kSequentialRead || op == Op::kLookup;
    if (!powered_ && !read) {
      ++failures_;
      return rocksdb::IOStatus::IOError("power cut", file);
    }
    const bool applies = (op == Op::kSync && fault_.fail_syncs) ||
                         (op == Op::kAppend && fault_.fail_appends) ||
                         (op == Op::kLookup && fault_.fail_lookups);
    if (!applies || !absl::EndsWith(file, fault_.file_suffix)) {
      return rocksdb::IOStatus::OK();
    }
    ++failures_;
    rocksdb::IOStatus error =
        fault_.no_space ? rocksdb::IOStatus::NoSpace("injected fault", file)
                        : rocksdb::IOStatus::IOError("injected fault", file);
    error.SetRetryable(fault_.retryable);
    return error;
  }

  // What the disk now holds, as the File and Directory wrappers report it.
  void Appended(const std::string& file, size_t bytes) {
    absl::MutexLock lock(&mutex_);
    files_[file].size += bytes;
  }
  void Synced(const std::string& file, uint64_t size) {
    absl::MutexLock lock(&mutex_);
    if (Lies(file)) return;
    FileState& state = files_[file];
    state.synced = std::max(state.synced, std::min(size, state.size));
  }
  uint64_t SizeOf(const std::string& file) {
    absl::MutexLock lock(&mutex_);
    return files_[file].size;
  }
  void DirectorySynced(const std::string& directory) {
    absl::MutexLock lock(&mutex_);
    if (Lies(directory)) return;
    for (auto& [name, state] : files_) {
      if (ParentOf(name) == directory) state.entry_synced = true;
    }
  }

  absl::Status LoseUnsyncedWrites() {
    absl::MutexLock lock(&mutex_);
    absl::Status result;
    for (const auto& [name, state] : files_) {
      std::error_code error;
      if (!state.entry_synced) {
        lost_bytes_ += static_cast<int64_t>(state.size);
        std::filesystem::remove(name, error);
      } else {
        lost_bytes_ += static_cast<int64_t>(state.size - state.synced);
        std::filesystem::resize_file(name, state.synced, error);
      }
      if (error && result.ok()) {
        result = absl::InternalError(
            absl::StrCat("cannot roll back ", name, ": ", error.message()));
      }
    }
    files_.clear();
    powered_ = true;
    return result;
  }

 private:
  struct FileState {
    uint64_t size = 0;
    uint64_t synced = 0;
    // Whether the file's directory was synced since the file was created.
    bool entry_synced = false;
  };

  // Whether a sync of `path` reports success without making it durable.
  bool Lies(const std::string& path) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return fault_.lying_syncs && absl::EndsWith(path, fault_.file_suffix);
  }
  void Created(const std::string& file, uint64_t size) {
    absl::MutexLock lock(&mutex_);
    files_[file] = FileState{size, 0, false};
  }
  void Reopened(const std::string& file, uint64_t size) {
    absl::MutexLock lock(&mutex_);
    // A file from before this environment counts as durable.
    files_.try_emplace(file, FileState{size, size, true});
  }
  void Renamed(const std::string& source, const std::string& destination) {
    absl::MutexLock lock(&mutex_);
    auto it = files_.find(source);
    if (it == files_.end()) return;
    FileState state = it->second;
    state.entry_synced = true;  // see the header's simplification
    files_.erase(it);
    files_[destination] = state;
  }
  void Forget(const std::string& file) {
    absl::MutexLock lock(&mutex_);
    files_.erase(file);
  }
  void Truncated(const std::string& file, uint64_t size) {
    absl::MutexLock lock(&mutex_);
    auto it = files_.find(file);
    if (it == files_.end()) return;
    it->second.size = std::min(it->second.size, size);
    it->second.synced = std::min(it->second.synced, size);
  }

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
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kAppend);
      if (status.ok()) {
        status = FSWritableFileOwnerWrapper::Append(data, options, debug);
      }
      if (status.ok()) file_system_->Appended(name_, data.size());
      return status;
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data,
                             const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kAppend);
      if (status.ok()) {
        status = FSWritableFileOwnerWrapper::Append(data, options, info, debug);
      }
      if (status.ok()) file_system_->Appended(name_, data.size());
      return status;
    }
    rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kOther);
      if (status.ok()) {
        status = FSWritableFileOwnerWrapper::Truncate(size, options, debug);
      }
      if (status.ok()) file_system_->Truncated(name_, size);
      return status;
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      const uint64_t size = file_system_->SizeOf(name_);
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kSync);
      if (status.ok())
        status = FSWritableFileOwnerWrapper::Sync(options, debug);
      if (status.ok()) file_system_->Synced(name_, size);
      return status;
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      const uint64_t size = file_system_->SizeOf(name_);
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kSync);
      if (status.ok())
        status = FSWritableFileOwnerWrapper::Fsync(options, debug);
      if (status.ok()) file_system_->Synced(name_, size);
      return status;
    }
    // Partial syncs make nothing durable in this model; RocksDB issues a
    // full Sync wherever it relies on durability.
    rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t bytes,
                                const rocksdb::IOOptions& options,
                                rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kSync);
      if (!status.ok()) return status;
      return FSWritableFileOwnerWrapper::RangeSync(offset, bytes, options,
                                                   debug);
    }

   private:
    FileSystem* file_system_;
    const std::string name_;
  };

  // Read front to back: a backup's copies, the WAL and MANIFEST at open.
  class SequentialFile final : public rocksdb::FSSequentialFileOwnerWrapper {
   public:
    SequentialFile(FileSystem* file_system, std::string name,
                   std::unique_ptr<rocksdb::FSSequentialFile> file)
        : FSSequentialFileOwnerWrapper(std::move(file)),
          file_system_(file_system),
          name_(std::move(name)) {}

    rocksdb::IOStatus Read(size_t n, const rocksdb::IOOptions& options,
                           rocksdb::Slice* result, char* scratch,
                           rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status =
          file_system_->Check(name_, Op::kSequentialRead);
      if (!status.ok()) return status;
      return FSSequentialFileOwnerWrapper::Read(n, options, result, scratch,
                                                debug);
    }

   private:
    FileSystem* file_system_;
    const std::string name_;
  };

  // Read at offsets: a table's blocks, for a lookup or a compaction.
  class RandomAccessFile final
      : public rocksdb::FSRandomAccessFileOwnerWrapper {
   public:
    RandomAccessFile(FileSystem* file_system, std::string name,
                     std::unique_ptr<rocksdb::FSRandomAccessFile> file)
        : FSRandomAccessFileOwnerWrapper(std::move(file)),
          file_system_(file_system),
          name_(std::move(name)) {}

    rocksdb::IOStatus Read(uint64_t offset, size_t n,
                           const rocksdb::IOOptions& options,
                           rocksdb::Slice* result, char* scratch,
                           rocksdb::IODebugContext* debug) const override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kLookup);
      if (!status.ok()) return status;
      return FSRandomAccessFileOwnerWrapper::Read(offset, n, options, result,
                                                  scratch, debug);
    }
    rocksdb::IOStatus MultiRead(rocksdb::FSReadRequest* requests, size_t count,
                                const rocksdb::IOOptions& options,
                                rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kLookup);
      if (!status.ok()) {
        for (size_t i = 0; i < count; ++i) requests[i].status = status;
        return status;
      }
      return FSRandomAccessFileOwnerWrapper::MultiRead(requests, count, options,
                                                       debug);
    }

   private:
    FileSystem* file_system_;
    const std::string name_;
  };

  class Directory final : public rocksdb::FSDirectoryWrapper {
   public:
    Directory(FileSystem* file_system, std::string name,
              std::unique_ptr<rocksdb::FSDirectory> directory)
        : FSDirectoryWrapper(std::move(directory)),
          file_system_(file_system),
          name_(std::move(name)) {}

    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kSync);
      if (status.ok()) status = FSDirectoryWrapper::Fsync(options, debug);
      if (status.ok()) file_system_->DirectorySynced(name_);
      return status;
    }
    rocksdb::IOStatus FsyncWithDirOptions(
        const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug,
        const rocksdb::DirFsyncOptions& dir_options) override {
      rocksdb::IOStatus status = file_system_->Check(name_, Op::kSync);
      if (status.ok()) {
        status = FSDirectoryWrapper::FsyncWithDirOptions(options, debug,
                                                         dir_options);
      }
      if (status.ok()) file_system_->DirectorySynced(name_);
      return status;
    }

   private:
    FileSystem* file_system_;
    const std::string name_;
  };

  mutable absl::Mutex mutex_;
  Fault fault_;
  int failures_ = 0;
  int delayed_syncs_ = 0;
  int delayed_reads_ = 0;
  bool powered_ = true;
  int64_t lost_bytes_ = 0;
  std::map<std::string, FileState> files_;
};

FaultyEnv::FaultyEnv()
    : file_system_(std::make_shared<FileSystem>()),
      env_(rocksdb::NewCompositeEnv(file_system_)) {}

FaultyEnv::~FaultyEnv() = default;

void FaultyEnv::Inject(Fault fault) { file_system_->Inject(std::move(fault)); }

int FaultyEnv::failures() const { return file_system_->failures(); }

int FaultyEnv::delayed_syncs() const { return file_system_->delayed_syncs(); }

int FaultyEnv::delayed_reads() const { return file_system_->delayed_reads(); }

void FaultyEnv::CutPower() { file_system_->CutPower(); }

int64_t FaultyEnv::lost_bytes() const { return file_system_->lost_bytes(); }

absl::Status FaultyEnv::LoseUnsyncedWrites() {
  return file_system_->LoseUnsyncedWrites();
}

}  // namespace busan::testing
