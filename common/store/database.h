// Database owns one RocksDB instance and its column families; RocksDB's
// statuses become absl::Status through rocks_status.h.
//
// Every write goes through Write() with a synced WAL, so a write that
// returned OK survives a process crash or power loss. Values are protobuf
// messages behind a one-byte schema version (see record_codec.h).
#ifndef BUSAN_COMMON_STORE_DATABASE_H_
#define BUSAN_COMMON_STORE_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store/rocks_status.h"
#include "google/protobuf/message.h"
#include "rocksdb/db.h"
#include "rocksdb/merge_operator.h"

namespace busan::store {

// The message of NOT_FOUND from Get and GetRecord: the caller names the
// resource (raw key bytes are never shown to a caller).
inline constexpr char kNoSuchRecord[] = "no such record";

struct ColumnFamilySpec {
  std::string name;
  // Optional merge operator (e.g. counters); shared so specs stay copyable.
  std::shared_ptr<rocksdb::MergeOperator> merge_operator;
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
};

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

  // Reads `key` into `value`. NOT_FOUND (kNoSuchRecord) when absent. `snapshot`
  // may be null.
  absl::Status Get(int family, absl::string_view key, std::string* value,
                   const rocksdb::Snapshot* snapshot = nullptr) const;

  // Reads and decodes a record (see record_codec.h). NOT_FOUND
  // (kNoSuchRecord) when absent,
  // DATA_LOSS when the stored bytes do not decode.
  absl::Status GetRecord(int family, absl::string_view key,
                         google::protobuf::Message* record,
                         const rocksdb::Snapshot* snapshot = nullptr) const;

  // Applies `batch` atomically with a synced WAL. Returns OK only once the
  // write is durable.
  absl::Status Write(rocksdb::WriteBatch* batch);

  // An iterator over one family; `snapshot` may be null for the latest view
  // (an iterator always reads one consistent view).
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      int family, const rocksdb::Snapshot* snapshot = nullptr) const;

  // Flushes memtables so a clean shutdown leaves no WAL to replay.
  absl::Status Flush();

 private:
  Database() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  // Its entry in the process's set of open directories.
  std::string canonical_path_;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_DATABASE_H_
