// FaultyEnv: a RocksDB environment over the real file system whose writes
// and syncs fail on demand, to test how the services behave when the disk
// does (RocksDB ships no public fault-injection header).
#ifndef BUSAN_COMMON_TESTING_FAULTY_ENV_H_
#define BUSAN_COMMON_TESTING_FAULTY_ENV_H_

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace busan::testing {

struct Fault {
  bool fail_syncs = false;    // Sync/Fsync of writable files
  bool fail_appends = false;  // Append to writable files
  // Reported as retryable, which RocksDB recovers from by itself once the
  // fault is gone (e.g. a flush); otherwise the store stays read-only.
  bool retryable = false;
  // Only files whose name ends with this ("" for every file; ".sst" for
  // table files, ".log" for the WAL).
  std::string file_suffix;
};

class FaultyEnv {
 public:
  FaultyEnv();
  rocksdb::Env* env() const { return env_.get(); }
  // Applies `fault` from now on (a default Fault heals the disk), including
  // to files already open.
  void Inject(Fault fault);
  // How many operations failed so far.
  int failures() const;

  class FileSystem;

 private:
  std::shared_ptr<FileSystem> file_system_;
  std::unique_ptr<rocksdb::Env> env_;
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_FAULTY_ENV_H_
