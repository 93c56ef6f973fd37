// WriteTxn gathers one logical catalog write: the records it changes and
// one change event per user-visible change. CatalogStore::Commit turns it
// into a single atomic RocksDB batch, with the records' secondary index
// keys and the change log.
//
// Every record the write changes also gets a revision (revision_log.h) in
// the same batch: CREATED, UPDATED or DELETED for the user's own writes,
// DERIVED for records whose derived figures only moved.
//
// Writes are serialized for a transaction's whole life, so the committed
// state it reads cannot change underneath it; records read through the
// transaction are cached, so a record touched twice (a project moving
// within one strategy) is read once and written once.
#ifndef BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_
#define BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/store/catalog_schema.h"
#include "catalog-service/store/revision_log.h"
#include "common/store/store_options.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace busan::store {
class RecordStore;
}  // namespace busan::store

namespace busan::catalog {

class WriteTxn {
 public:
  // `context` names who made the write, for its revisions; it must outlive
  // the transaction.
  WriteTxn(const store::RecordStore* store, const RevisionLog* revisions,
           const store::WriteContext& context, absl::Time now,
           uint64_t last_sequence)
      : store_(store),
        revisions_(revisions),
        context_(context),
        now_(now),
        last_sequence_(last_sequence) {}

  // The record named by `ref`, as this transaction sees it. NOT_FOUND
  // ("<name> not found") when it does not exist or was removed here. The
  // pointer stays valid for the transaction's life; changes through it are
  // written only if the record is then passed to Put or Touch.
  template <typename T>
  absl::StatusOr<T*> Load(const ResourceRef& ref) {
    absl::StatusOr<google::protobuf::Message*> record = LoadMessage(ref);
    if (!record.ok()) return record.status();
    return static_cast<T*>(*record);
  }
  // Whether the record exists as this transaction sees it; a failed read
  // (UNAVAILABLE, DATA_LOSS) is returned, never taken for "absent".
  absl::StatusOr<bool> Exists(const ResourceRef& ref);

  // Stores `record` (named by `ref`) as a user write: stamps create_time
  // (for CREATED), update_time and a fresh etag, and queues a change event.
  // Returns the stored record.
  template <typename T>
  T* Put(const ResourceRef& ref, T record, v1::ChangeEvent::Kind kind) {
    return static_cast<T*>(
        PutMessage(ref, std::make_unique<T>(std::move(record)), kind));
  }

  // Persists a derived-figure change of a loaded record: no event, etag and
  // update_time unchanged (they describe user writes).
  void Touch(const ResourceRef& ref);

  // Deletes a loaded record and queues a DELETED event carrying its last
  // committed state.
  void Remove(const ResourceRef& ref);

  // Adds every change to `batch`: records, index keys, revisions, change
  // events and the new last sequence. Events are returned through `events`.
  // Fails with the first failed read of the transaction, if any, so that
  // nothing decided on a record that could not be read is written.
  absl::Status Build(
      rocksdb::WriteBatch* batch,
      std::vector<std::shared_ptr<const v1::ChangeEvent>>* events);

  uint64_t last_sequence() const { return last_sequence_; }
  // The write's time: its records' update_time and its revisions' time.
  absl::Time now() const { return now_; }

 private:
  struct Entry {
    ResourceRef ref;
    std::unique_ptr<google::protobuf::Message> original;  // null: was absent
    std::unique_ptr<google::protobuf::Message> current;   // null: removed
    bool dirty = false;
    // The user's write of this record here, if any: its change sequence
    // and kind. Records only touched get a DERIVED revision.
    uint64_t sequence = 0;
    v1::Revision::Kind revision_kind = v1::Revision::DERIVED;
  };
  struct PendingEvent {
    uint64_t sequence;
    v1::ChangeEvent::Kind kind;
    std::string name;
    std::unique_ptr<google::protobuf::Message> removed;  // DELETED only
  };

  absl::StatusOr<google::protobuf::Message*> LoadMessage(
      const ResourceRef& ref);
  // The cached entry for `ref`, read on first use. A failed read is not
  // cached (and is remembered in read_error_); it returns null.
  Entry* Fetch(const ResourceRef& ref, absl::Status* status);
  absl::Status AddRevision(const Entry& entry,
                           const google::protobuf::Timestamp& commit_time,
                           rocksdb::WriteBatch* batch);
  google::protobuf::Message* PutMessage(
      const ResourceRef& ref, std::unique_ptr<google::protobuf::Message> record,
      v1::ChangeEvent::Kind kind);

  const store::RecordStore* store_;
  const RevisionLog* revisions_;
  const store::WriteContext& context_;
  absl::Time now_;
  uint64_t last_sequence_;
  std::map<std::string, Entry> entries_;  // by resource name
  std::vector<PendingEvent> events_;
  absl::Status read_error_;  // the first failed read, if any
};

// Builds the descriptor-typed empty record for a resource kind.
std::unique_ptr<google::protobuf::Message> NewRecord(ResourceKind kind);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_
