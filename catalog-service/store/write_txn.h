// WriteTxn is the catalog's store::ResourceTxn (resource_txn.h: the
// contract of every write). Beyond the records themselves, Build adds to
// the same atomic write what the catalog keeps about them: their secondary
// index keys and listing counts, one revision (revision_log.h) per changed
// record (CREATED, UPDATED or DELETED for the user's own changes, DERIVED
// for records whose derived figures only moved), and one change event per
// user change, for WatchCatalog.
#ifndef BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_
#define BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/store/revision_log.h"
#include "common/store/resource_txn.h"
#include "common/store/store_options.h"

namespace busan::catalog {

class WriteTxn : public store::ResourceTxn {
 public:
  // `context` names who made the write, for its revisions; it must outlive
  // the transaction.
  WriteTxn(const store::RecordStore* store, store::KvTxn* kv,
           const RevisionLog* revisions, const store::WriteContext& context,
           absl::Time now, uint64_t last_sequence)
      : ResourceTxn(store, kv, now, last_sequence),
        revisions_(revisions),
        context_(context) {}

  // Adds every change to the batch: records, index keys and counts,
  // revisions, change events and the new last sequence. The events are
  // returned through `events`, to publish once the write is durable.
  absl::Status Build(
      std::vector<std::shared_ptr<const v1::ChangeEvent>>* events);

 private:
  absl::Status AddRevision(const Entry& entry,
                           const google::protobuf::Timestamp& commit_time);

  const RevisionLog* revisions_;
  const store::WriteContext& context_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_WRITE_TXN_H_
