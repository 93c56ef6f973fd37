// What a service's store is opened with, and what identifies one write.
// Free of RocksDB headers so that domain code can name them.
#ifndef BUSAN_COMMON_STORE_STORE_OPTIONS_H_
#define BUSAN_COMMON_STORE_STORE_OPTIONS_H_

#include <cstddef>
#include <string>

#include "absl/time/time.h"
#include "common/resource/write_call.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace busan::store {

// The environment RocksDB runs in, opaque above the store: tests pass one
// that injects I/O faults.
using StorageEnv = rocksdb::Env;

// Identifies a write (common/resource/write_call.h).
using resource::WriteContext;

struct WriterOptions {
  // Writes applied before one WAL sync; 1 syncs every write on its own.
  size_t max_writes_per_sync = 128;
  // Submitted writes waiting for the commit thread; beyond this Submit
  // refuses at once with RESOURCE_EXHAUSTED instead of queuing unbounded.
  size_t max_queued_writes = 4096;
  // How long a request_id's outcome is kept for replay.
  absl::Duration request_retention = absl::Hours(24);
};

struct StoreOptions {
  // RocksDB directory; created when missing.
  std::string data_dir;
  // Group commit, write queue bound and request_id retention.
  WriterOptions writer = {};
  // Tests inject I/O faults through it; null for the default.
  StorageEnv* env = nullptr;
  // RocksDB's block cache, shared by all column families: most of the
  // memory a large data set costs beyond the memtables.
  size_t block_cache_bytes = 64 << 20;
  // RocksDB's memtables, all column families together: without a bound
  // each family may hold two 64 MiB memtables.
  size_t write_buffer_bytes = 64 << 20;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_STORE_OPTIONS_H_
