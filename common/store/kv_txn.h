// KvTxn is what one write reads and changes, as keys of the store's
// families: the seam between the stores' write logic (ResourceTxn and the
// services' transactions, counters, revisions, request records) and a
// storage engine. The write logic above it names families and keys only;
// the engine decides where they live and how the write is applied.
//
// Reads see the committed state, then the transaction's own writes only
// where the engine says so (the RocksDB engine: one transaction at a time,
// reading the latest applied state; an engine that runs transactions
// concurrently must also make the commit fail if anything read here changed
// before it). Writes are buffered until the engine commits them all at
// once, or none.
#ifndef BUSAN_COMMON_STORE_KV_TXN_H_
#define BUSAN_COMMON_STORE_KV_TXN_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::store {

class KvTxn {
 public:
  virtual ~KvTxn() = default;

  // Reads `key` of `family` into `value`. NOT_FOUND (kNoSuchRecord) when
  // absent.
  virtual absl::Status Get(int family, absl::string_view key,
                           std::string* value) = 0;
  // Calls `visit` with the rest of each key of `family` that starts with
  // `prefix` and is at or after `start` (empty: from the prefix), and its
  // value, in key order, until `visit` returns false.
  virtual absl::Status Scan(
      int family, absl::string_view prefix, absl::string_view start,
      absl::FunctionRef<bool(absl::string_view rest, absl::string_view value)>
          visit) = 0;
  // The last key of `family` that starts with `prefix` and is at or before
  // `key`, with its value; false when there is none.
  virtual absl::StatusOr<bool> Floor(int family, absl::string_view prefix,
                                     absl::string_view key,
                                     std::string* found_key,
                                     std::string* value) = 0;

  virtual void Put(int family, absl::string_view key,
                   absl::string_view value) = 0;
  virtual void Delete(int family, absl::string_view key) = 0;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_KV_TXN_H_
