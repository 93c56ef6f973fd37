// The RocksDB engine's KvTxn (kv_txn.h): reads the database as the commit
// thread sees it (its latest applied state; see database.h) and gathers
// the writes in one WriteBatch, which the writer applies.
#ifndef BUSAN_COMMON_STORE_ROCKS_KV_TXN_H_
#define BUSAN_COMMON_STORE_ROCKS_KV_TXN_H_

#include <string>

#include "common/store/database.h"
#include "common/store/kv_txn.h"
#include "rocksdb/write_batch.h"

namespace busan::store {

class RocksKvTxn final : public KvTxn {
 public:
  // Reads `database`, adds to `batch`; both must outlive it.
  RocksKvTxn(const Database* database, rocksdb::WriteBatch* batch)
      : database_(database), batch_(batch) {}

  absl::Status Get(int family, absl::string_view key,
                   std::string* value) override;
  absl::Status Scan(
      int family, absl::string_view prefix, absl::string_view start,
      absl::FunctionRef<bool(absl::string_view, absl::string_view)> visit)
      override;
  absl::StatusOr<bool> Floor(int family, absl::string_view prefix,
                             absl::string_view key, std::string* found_key,
                             std::string* value) override;
  void Put(int family, absl::string_view key, absl::string_view value) override;
  void Delete(int family, absl::string_view key) override;

  rocksdb::WriteBatch* batch() { return batch_; }

 private:
  const Database* database_;
  rocksdb::WriteBatch* batch_;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_ROCKS_KV_TXN_H_
