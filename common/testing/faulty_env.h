// FaultyEnv: a RocksDB environment over the real file system whose writes
// and syncs fail on demand, and which can simulate a power cut, to test how
// the services behave when the disk does (RocksDB ships no public
// fault-injection header).
//
// Power loss is modelled on what a disk guarantees: bytes appended to a
// file are durable once the file is synced, and a new file exists after a
// crash only once its directory was synced. CutPower() stops the disk (every
// later write, sync, create, rename and delete fails); once the store is
// closed, LoseUnsyncedWrites() leaves its files as a restart would find
// them. Simplification: renames count as durable at once (RocksDB syncs the
// directory right after each of its renames).
#ifndef BUSAN_COMMON_TESTING_FAULTY_ENV_H_
#define BUSAN_COMMON_TESTING_FAULTY_ENV_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace busan::testing {

struct Fault {
  bool fail_syncs = false;    // Sync/Fsync of writable files
  bool fail_appends = false;  // Append to writable files
  // Reads at an offset (a table file's blocks, for lookups and
  // compactions); reads front to back are never failed.
  bool fail_lookups = false;
  // Reported as retryable, which RocksDB recovers from by itself once the
  // fault is gone (e.g. a flush); otherwise the store stays read-only.
  bool retryable = false;
  // Fail as a full disk does (ENOSPC: IOStatus::NoSpace) instead of EIO.
  bool no_space = false;
  // Only files whose name ends with this ("" for every file; ".sst" for
  // table files, ".log" for the WAL).
  std::string file_suffix;
  // Syncs (of the files file_suffix selects, and of directories when it is
  // empty) report success but make nothing durable: a disk whose write
  // cache lies, or, for ".log", a store writing its WAL without syncing.
  // For negative controls of power-loss tests, which must find writes lost.
  bool lying_syncs = false;
  // Every sync (of the files file_suffix selects) first takes this long: a
  // slow disk, holding writes in flight.
  absl::Duration sync_delay = absl::ZeroDuration();
  // Every sequential read (of the files file_suffix selects: a backup's
  // copy of each file) first takes this long; lookups at an offset do not.
  absl::Duration sequential_read_delay = absl::ZeroDuration();
};

class FaultyEnv {
 public:
  FaultyEnv();
  ~FaultyEnv();
  rocksdb::Env* env() const { return env_.get(); }
  // Applies `fault` from now on (a default Fault heals the disk), including
  // to files already open.
  void Inject(Fault fault);
  // How many operations failed so far.
  int failures() const;
  // How many syncs Fault::sync_delay has held so far, each counted as its
  // delay begins: a test waits on it to know a write is in its sync.
  int delayed_syncs() const;
  // The same for the reads Fault::sequential_read_delay has held.
  int delayed_reads() const;

  // The power goes: from now on every change to the file system fails.
  void CutPower();
  // After CutPower() and once the store is closed: cuts every file this
  // environment wrote back to its last synced size and removes the files
  // created since their directory was last synced. Files it never opened
  // for writing are left as they are.
  absl::Status LoseUnsyncedWrites();
  // Bytes LoseUnsyncedWrites() took back so far.
  int64_t lost_bytes() const;

  class FileSystem;

 private:
  std::shared_ptr<FileSystem> file_system_;
  std::unique_ptr<rocksdb::Env> env_;
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_FAULTY_ENV_H_
