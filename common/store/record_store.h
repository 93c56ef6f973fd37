// RecordStore is what both services' stores are built on: one RocksDB
// database, the writer that serializes and group-commits its writes, the
// signing key of its page tokens, and the reads every store needs (point
// reads, prefix scans, consistent multi-reads, listing).
//
// A service's store (catalog-service/store, metrics-service/store) derives
// from it and adds its key layout and its transaction; the domain above it
// sees records, ids and absl::Status, never RocksDB. This header therefore
// includes no RocksDB header: writes reach the database through KvTxn
// (kv_txn.h).
#ifndef BUSAN_COMMON_STORE_RECORD_STORE_H_
#define BUSAN_COMMON_STORE_RECORD_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/listing/collection.h"
#include "common/store/resource_txn.h"
#include "common/store/serialized_writer.h"
#include "common/store/store_options.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace busan::paging {
class PageTokenCodec;
}  // namespace busan::paging

namespace busan::store {

class Database;
struct ColumnFamilySpec;

class RecordStore {
 public:
  virtual ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Where servers submit writes (see SerializedWriter::Submit).
  SerializedWriter& writer() const { return *writer_; }
  // The storage, for operational gauges and backups.
  const Database& database() const { return *database_; }
  // Completes queued writes and ends the commit thread. Idempotent.
  void Stop();
  // Flushes memtables, so a clean shutdown leaves no WAL to replay.
  absl::Status Flush();

  // Reads and decodes the record at `key`. NOT_FOUND (store::kNoSuchRecord)
  // when absent, DATA_LOSS when it does not decode.
  absl::Status Read(int family, absl::string_view key,
                    google::protobuf::Message* record) const;
  // Read() for a resource the caller names: NOT_FOUND "<name> not found".
  absl::Status ReadNamed(int family, absl::string_view key,
                         absl::string_view name,
                         google::protobuf::Message* record) const;
  absl::StatusOr<bool> Contains(int family, absl::string_view key) const;
  // The record `ref` names (resource_txn.h): NOT_FOUND "<name> not found".
  absl::Status Read(const RecordRef& ref,
                    google::protobuf::Message* record) const {
    return ReadNamed(ref.family, ref.key, ref.name, record);
  }

  // Calls `visit` with the rest of each key of `family` that starts with
  // `prefix`, and its value, in key order, on one consistent view, until
  // `visit` returns false.
  absl::Status Scan(
      int family, absl::string_view prefix,
      absl::FunctionRef<bool(absl::string_view rest, absl::string_view value)>
          visit) const;

  // Reads every record at one snapshot, into the record `into(i)` returns
  // for refs[i]. Stops at the first error; a missing record is NOT_FOUND
  // with its index in `*failed`.
  absl::Status ReadEach(
      absl::Span<const RecordRef> refs,
      absl::FunctionRef<google::protobuf::Message*(size_t)> into,
      size_t* failed) const;

  // Signs and checks the page tokens of lists that walk their own keys.
  const paging::PageTokenCodec& page_tokens() const { return *tokens_; }

  // Every List method of both services: one page of `collection` (see
  // listing/list_engine.h) into `response`, a List response whose repeated
  // field `items` holds collection.type. Appends the page to `items`, sets
  // next_page_token (left empty on the last page) and total_size (the
  // matches of the whole list; later pages repeat the first page's).
  // INVALID_ARGUMENT for a bad filter, order_by, page_size or page_token,
  // else a failed read's status; `response` is then incomplete.
  template <typename Response, typename T>
  absl::Status List(const listing::Collection& collection,
                    const listing::ListQuery& query, Response* response,
                    google::protobuf::RepeatedPtrField<T>* items) const {
    int32_t total_size = 0;
    absl::Status status = ListInto(
        collection, query, [items] { return items->Add(); },
        [items] { items->RemoveLast(); }, response->mutable_next_page_token(),
        &total_size);
    if (!status.ok()) return status;
    response->set_total_size(total_size);
    return absl::OkStatus();
  }

 protected:
  RecordStore();

  // Opens the database with `families` (in the order of the service's
  // Family enum), its page-token key (kept under `token_key` in
  // `meta_family`) and the writer (request records in `requests_family`).
  absl::Status OpenStore(const StoreOptions& options,
                         std::vector<ColumnFamilySpec> families,
                         int meta_family, absl::string_view token_key,
                         int requests_family);

  // A decimal counter kept under `key` (e.g. a last sequence); 0 when
  // absent, DATA_LOSS when it does not parse.
  absl::StatusOr<uint64_t> ReadSequence(int family,
                                        absl::string_view key) const;
  // Adds the write of a decimal counter to `kv`.
  static void PutSequence(int family, absl::string_view key, uint64_t value,
                          KvTxn* kv);

  Database& mutable_database() { return *database_; }

 private:
  absl::Status ListInto(const listing::Collection& collection,
                        const listing::ListQuery& query,
                        absl::FunctionRef<google::protobuf::Message*()> add,
                        absl::FunctionRef<void()> drop,
                        std::string* next_page_token,
                        int32_t* total_size) const;

  std::unique_ptr<Database> database_;
  std::unique_ptr<paging::PageTokenCodec> tokens_;
  std::unique_ptr<SerializedWriter> writer_;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_RECORD_STORE_H_
