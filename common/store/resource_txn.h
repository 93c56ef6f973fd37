// ResourceTxn is the one way either service writes: one logical write,
// expressed as reads and mutations of whole resources by name. The domain
// says what changes (Load, Put, Touch, Remove); the store decides where it
// lives and what else moves with it. It is the seam a second storage
// engine implements, so its contract is written down here:
//
// Reads. Load and Exists read the committed state as of the transaction's
// start, then see the transaction's own changes: a record read twice is
// read once, and a record written is read back as written. A read that
// fails (UNAVAILABLE, DATA_LOSS) is returned, never taken for "absent",
// and fails the whole write at Build even if the caller ignored it, so
// nothing decided on a record that could not be read is written.
//
// Writes. Put stamps what the server owns: update_time (and create_time
// for a created record; an updated one keeps its stored create_time) to
// the write's time, and etag to the change's sequence number, which is
// unique across deletes and re-creates and increases with every change
// the store commits. Every Put or Remove is one change, with its own
// sequence; a Touch (a derived figure moved) is not. Nothing reaches
// storage until the store commits the transaction with Build.
//
// Isolation. The RocksDB engine runs one transaction at a time (see
// serialized_writer.h), so what was read cannot change before commit. An
// engine that runs them concurrently must fail the commit (ABORTED, after
// bounded retries of the body) when any record read here changed since.
//
// Atomicity. Build turns every change (records, their indexes, counters,
// the store's own bookkeeping) into writes of one KvTxn (kv_txn.h); the
// engine applies them whole or not at all, and acknowledges the write only
// once it is durable.
#ifndef BUSAN_COMMON_STORE_RESOURCE_TXN_H_
#define BUSAN_COMMON_STORE_RESOURCE_TXN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/store/kv_txn.h"
#include "google/protobuf/message.h"

namespace busan::store {

class CounterBatch;
class RecordStore;

// Where one resource lives: the store maps a name to it.
struct RecordRef {
  std::string name;  // the full resource name
  int family = 0;
  std::string key;  // within `family`
  // The record's type (its default instance), to decode it.
  const google::protobuf::Message* type = nullptr;
};

// What a change did to a record.
enum class Change { kCreated, kUpdated, kDeleted, kDerived };

class ResourceTxn {
 public:
  // Reads and writes through `kv` (the engine's side of the write) the
  // families of `store`; `now` is the write's time and `last_sequence` the
  // last committed change's sequence.
  ResourceTxn(const RecordStore* store, KvTxn* kv, absl::Time now,
              uint64_t last_sequence)
      : store_(store), kv_(kv), now_(now), last_sequence_(last_sequence) {}
  virtual ~ResourceTxn();
  ResourceTxn(const ResourceTxn&) = delete;
  ResourceTxn& operator=(const ResourceTxn&) = delete;

  // The record `ref` names, as this transaction sees it. NOT_FOUND
  // ("<name> not found") when it does not exist or was removed here. The
  // pointer stays valid for the transaction's life; changes through it are
  // written only if the record is then passed to Put or Touch.
  template <typename T>
  absl::StatusOr<T*> Load(const RecordRef& ref) {
    absl::StatusOr<google::protobuf::Message*> record = LoadMessage(ref);
    if (!record.ok()) return record.status();
    return static_cast<T*>(*record);
  }
  absl::StatusOr<bool> Exists(const RecordRef& ref);

  // Stores `record` as a user's write (`change` is kCreated or kUpdated),
  // stamped as described above. Returns the stored record.
  template <typename T>
  T* Put(const RecordRef& ref, T record, Change change) {
    return static_cast<T*>(
        PutMessage(ref, std::make_unique<T>(std::move(record)), change));
  }
  // Persists a derived-figure change of a loaded record: not a change of
  // its own, so etag and update_time stay as they are.
  void Touch(const RecordRef& ref);
  // Deletes a loaded record (a record not loaded is loaded first).
  void Remove(const RecordRef& ref);

  // Adds counter changes (counters.h) of `family` to the write. OUT_OF_RANGE
  // naming `what` when a total would leave int64; nothing is added then.
  absl::Status AddCounters(int family, const CounterBatch& counters,
                           absl::string_view what);

  // The write's time: update_time of what it stores.
  absl::Time now() const { return now_; }
  // The sequence of the last change made here (or before, when none).
  uint64_t last_sequence() const { return last_sequence_; }

 protected:
  // One record the transaction read or changed.
  struct Entry {
    RecordRef ref;
    std::unique_ptr<google::protobuf::Message> original;  // null: was absent
    std::unique_ptr<google::protobuf::Message> current;   // null: removed
    bool dirty = false;
    // The user's change of it here, if any, and its sequence; a record
    // only touched is kDerived, with sequence 0.
    Change change = Change::kDerived;
    uint64_t sequence = 0;
  };
  // One user change, in the order they were made.
  struct ChangeRecord {
    uint64_t sequence;
    Change change;
    std::string name;
    // kDeleted: the record as last committed (a cascade may have moved
    // its derived figures here already).
    std::unique_ptr<google::protobuf::Message> removed;
  };

  // Adds every changed record to the batch, in name order, calling
  // `changed` with each. Fails first with the transaction's first failed
  // read, if any.
  absl::Status BuildRecords(
      absl::FunctionRef<absl::Status(const Entry&)> changed);
  // The record `name` as committed here, or null.
  const google::protobuf::Message* Current(const std::string& name) const;
  const std::vector<ChangeRecord>& changes() const { return changes_; }
  const RecordStore& store() const { return *store_; }
  KvTxn* kv() { return kv_; }

 private:
  absl::StatusOr<google::protobuf::Message*> LoadMessage(const RecordRef& ref);
  // The cached entry for `ref`, read on first use. A failed read is not
  // cached (and is remembered in read_error_); it returns null.
  Entry* Fetch(const RecordRef& ref, absl::Status* status);
  google::protobuf::Message* PutMessage(
      const RecordRef& ref, std::unique_ptr<google::protobuf::Message> record,
      Change change);

  const RecordStore* store_;
  KvTxn* kv_;
  absl::Time now_;
  uint64_t last_sequence_;
  std::map<std::string, Entry> entries_;  // by resource name
  std::vector<ChangeRecord> changes_;
  absl::Status read_error_;  // the first failed read, if any
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_RESOURCE_TXN_H_
