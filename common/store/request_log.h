// Idempotent writes (AIP-155): a write that carries a request_id stores its
// outcome under that id in the same atomic batch as the write itself, so a
// retry is answered from the record and never applied twice.
//
// Records expire after a retention: an expired record no longer replays
// (the id may be used afresh), and compactions of the requests family drop
// it (RequestExpiryFilter), so the table does not grow without bound.
#ifndef BUSAN_COMMON_STORE_REQUEST_LOG_H_
#define BUSAN_COMMON_STORE_REQUEST_LOG_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "busan/internal/v1/internal.pb.h"
#include "common/store/database.h"
#include "common/store/kv_txn.h"
#include "common/store/store_options.h"
#include "google/protobuf/message.h"
#include "rocksdb/compaction_filter.h"

namespace busan::store {

// SHA-256 of the deterministic serialization of `request` with its
// `request_id` field cleared: equal for the same payload, whatever the id.
std::string RequestDigest(const google::protobuf::Message& request);

// The idempotency identity of a write request: its request_id, its type
// (one request type per method) and, only when an id is present, the
// digest of its payload.
template <typename Request>
WriteContext WriteContextOf(const Request& request) {
  WriteContext context;
  context.request_id = request.request_id();
  context.method = Request::descriptor()->full_name();
  if (!context.request_id.empty()) context.digest = RequestDigest(request);
  return context;
}

// Where a service keeps its request records.
class RequestLog {
 public:
  RequestLog(int family, absl::Duration retention)
      : family_(family), retention_(retention) {}

  // Looks up a previous outcome of `request_id`. Returns false when the id
  // is new or its record has expired. Returns true and fills `response` when
  // the id was used for the same method and payload (`digest`).
  // INVALID_ARGUMENT ("request_id: ...") when the id was used for another
  // method or payload.
  absl::StatusOr<bool> Replay(KvTxn* kv, absl::string_view request_id,
                              absl::string_view method,
                              absl::string_view digest,
                              google::protobuf::Message* response) const;

  // Adds the record of a successful write to `kv`.
  void Record(absl::string_view request_id, absl::string_view method,
              absl::string_view digest,
              const google::protobuf::Message& response, KvTxn* kv) const;

 private:
  int family_;
  absl::Duration retention_;
};

// Whether a record created at `create_time` is past `retention` at `now`.
bool RequestExpired(const google::protobuf::Timestamp& create_time,
                    absl::Duration retention, absl::Time now);

// A compaction filter for the requests family that drops expired records
// (set it on the family's ColumnFamilySpec).
std::shared_ptr<rocksdb::CompactionFilterFactory> NewRequestExpiryFilter(
    absl::Duration retention);

// Returns the value stored at `key` in `family`, creating it from `size`
// random bytes on first use (e.g. the page-token signing key), so it is
// stable across restarts of the same data directory.
absl::StatusOr<std::string> LoadOrCreateSecret(Database* database, int family,
                                               absl::string_view key,
                                               size_t size);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_REQUEST_LOG_H_
