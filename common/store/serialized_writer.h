// SerializedWriter runs a service's writes one at a time, each as one
// atomic, idempotent, durable RocksDB batch:
//   1. a malformed request_id is refused;
//   2. under the writer's lock, a request_id seen before replays its stored
//      response (or is refused if the payload differs);
//   3. the body reads what it needs and fills the batch and the response;
//   4. the request record joins the batch, which is written with a synced
//      WAL; only then is the response returned.
// One lock makes read-check-write sequences (etags, referential rules,
// overflow checks on counters) exact without transactions.
#ifndef BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_
#define BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_

#include <mutex>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/request_log.h"
#include "common/validation/validators.h"
#include "rocksdb/write_batch.h"

namespace busan::store {

// Identifies a write for idempotency (AIP-155). Empty request_id: none.
struct WriteContext {
  std::string request_id;
  std::string method;  // one name per RPC method, e.g. the request type
  std::string digest;  // RequestDigest of the request
};

class SerializedWriter {
 public:
  SerializedWriter(Database* database, int requests_family)
      : database_(database), requests_(database, requests_family) {}

  // Runs `body` as described above. `after_commit` runs under the lock once
  // the batch is durable (e.g. to publish change events in commit order).
  template <typename Response>
  absl::StatusOr<Response> Write(
      const WriteContext& context,
      absl::FunctionRef<absl::Status(rocksdb::WriteBatch*, Response*)> body,
      absl::FunctionRef<void()> after_commit = [] {}) {
    RETURN_IF_ERROR(
        validation::CheckRequestId("request_id", context.request_id));
    std::lock_guard<std::mutex> lock(mutex_);
    Response response;
    if (!context.request_id.empty()) {
      ASSIGN_OR_RETURN(bool replayed,
                       requests_.Replay(context.request_id, context.method,
                                        context.digest, &response));
      if (replayed) return response;
    }
    rocksdb::WriteBatch batch;
    RETURN_IF_ERROR(body(&batch, &response));
    if (!context.request_id.empty()) {
      requests_.Record(context.request_id, context.method, context.digest,
                       response, &batch);
    }
    RETURN_IF_ERROR(database_->Write(&batch));
    after_commit();
    return response;
  }

 private:
  Database* database_;
  RequestLog requests_;
  std::mutex mutex_;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_
