// Database owns one RocksDB instance and its column families; RocksDB's
// statuses become absl::Status through rocks_status.h.
//
// Every write goes through Write() with a synced WAL, so a write that
// returned OK survives a process crash or power loss. Values are protobuf
// messages behind a one-byte schema version (see record_codec.h).
//
// Group commit: one thread may be bound as the commit thread
// (BindCommitThread). Its writes are applied without a sync and made
// durable together by SyncPending(), one fsync for the group; it reads the
// latest state, its own unsynced writes included. Every other thread reads
// the last synced state (a snapshot advanced after each sync), so no reader
// ever sees a write that a power cut could still take back.
#ifndef BUSAN_COMMON_STORE_DATABASE_H_
#define BUSAN_COMMON_STORE_DATABASE_H_

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/store/rocks_status.h"
#include "google/protobuf/message.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/db.h"
#include "rocksdb/merge_operator.h"

namespace busan::store {

// The message of NOT_FOUND from Get and GetRecord: the caller names the
// resource (raw key bytes are never shown to a caller).
inline constexpr char kNoSuchRecord[] = "no such record";

struct ColumnFamilySpec {
  std::string name;
  // Optional merge operator (e.g. counters); shared so specs stay copyable.
  std::shared_ptr<rocksdb::MergeOperator> merge_operator = nullptr;
  // Optional compaction filter (e.g. expiring request records). Files of a
  // filtered family are recompacted at least daily, so what the filter
  // drops goes even from files no compaction would touch.
  std::shared_ptr<rocksdb::CompactionFilterFactory> compaction_filter = nullptr;
};

struct DatabaseOptions {
  // Created (with parents) when missing.
  std::string path;
  // Column families in a fixed order; index i is the handle returned by
  // Database::Family(i). "default" is always added first by Open and is
  // index 0 in that list only if listed first, so list it explicitly.
  std::vector<ColumnFamilySpec> column_families;
  // Block cache size shared by all families.
  size_t block_cache_bytes = 64 << 20;
  // Memtables of all families together (db_write_buffer_size): past it the
  // largest is flushed.
  size_t write_buffer_bytes = 64 << 20;
  // The environment RocksDB runs in; null for the default. Tests pass one
  // that injects I/O faults.
  rocksdb::Env* env = nullptr;
};

class StoreErrorListener;

// FAILED_PRECONDITION when `data_dir` is missing or empty while its parent
// directory holds a RocksDB store: the layout of images that kept the store
// at the volume's root. Opening would start an empty store beside the data;
// the message says how to move it.
absl::Status CheckNoStoreAbove(const std::string& data_dir);

class Database {
 public:
  // Opens (creating if needed) the database and every listed family.
  // FAILED_PRECONDITION when the directory is open in this process, locked
  // by another process, or cannot be created; DATA_LOSS on corruption.
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const DatabaseOptions& options);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rocksdb::ColumnFamilyHandle* Family(int index) const {
    return families_[index];
  }
  int family_count() const { return static_cast<int>(families_.size()); }
  rocksdb::DB* raw() const { return db_.get(); }

  // Reads `key` into `value`. NOT_FOUND (kNoSuchRecord) when absent. A null
  // `snapshot` reads the state described at the top of this file.
  absl::Status Get(int family, absl::string_view key, std::string* value,
                   const rocksdb::Snapshot* snapshot = nullptr) const;

  // Reads and decodes a record (see record_codec.h). NOT_FOUND
  // (kNoSuchRecord) when absent,
  // DATA_LOSS when the stored bytes do not decode.
  absl::Status GetRecord(int family, absl::string_view key,
                         google::protobuf::Message* record,
                         const rocksdb::Snapshot* snapshot = nullptr) const;

  // Applies `batch` atomically. Off the commit thread: with a synced WAL,
  // returning OK only once the write is durable. On it: unsynced, durable
  // once SyncPending() returns OK.
  absl::Status Write(rocksdb::WriteBatch* batch);

  // Makes this thread the commit thread (at most one per database).
  void BindCommitThread();
  bool OnCommitThread() const;
  // Commit thread only: syncs the WAL if anything was written since the
  // last sync, then lets other threads read those writes. A failed sync
  // leaves RocksDB refusing writes (see WriteHealth).
  absl::Status SyncPending();
  bool has_pending_sync() const { return pending_sync_; }

  // The snapshot a multi-read call reads at, held while in use: the last
  // synced state, or (on the commit thread) the latest.
  std::shared_ptr<const rocksdb::Snapshot> ReadSnapshot() const;

  // An iterator over one family, reading one consistent view; a null
  // `snapshot` is as for Get.
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      int family, const rocksdb::Snapshot* snapshot = nullptr) const;

  // OK while the store accepts writes; UNAVAILABLE with RocksDB's reason
  // once a background or write error made it read-only, until RocksDB
  // recovers (for the errors it can recover from by itself).
  absl::Status WriteHealth() const;

  // Flushes memtables so a clean shutdown leaves no WAL to replay.
  absl::Status Flush();

 private:
  Database() = default;
  // Publishes the current state as the one other threads read.
  void PublishDurable();
  // A snapshot of the latest state, released when the last holder drops it.
  std::shared_ptr<const rocksdb::Snapshot> NewSnapshot() const;
  // Options reading at `snapshot`, or when null at the published snapshot
  // (held in `*held` for the read) or, on the commit thread, the latest.
  rocksdb::ReadOptions ReadAt(
      const rocksdb::Snapshot* snapshot,
      std::shared_ptr<const rocksdb::Snapshot>* held) const;

  std::shared_ptr<StoreErrorListener> errors_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  // Its entry in the process's set of open directories.
  std::string canonical_path_;
  // Taking and storing a snapshot under one lock keeps durable_ moving
  // forward when writers off the commit thread race.
  absl::Mutex publish_mutex_;
  std::atomic<std::shared_ptr<const rocksdb::Snapshot>> durable_;
  bool pending_sync_ = false;  // touched by the commit thread only
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_DATABASE_H_
