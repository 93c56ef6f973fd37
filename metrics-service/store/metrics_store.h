// MetricsStore owns metrics-service's RocksDB completely: the key layout
// (metrics_schema.h), the counters (counters.h), the etag and flow-id
// sequences, and the one way to write, Commit(transaction).
//
// A write's body reads through the store and fills a MetricsTxn; Commit
// applies it as one atomic, idempotent, durable batch, and only then moves
// the in-memory sequences on. Reads see the last synced state.
#ifndef BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_
#define BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store/counters.h"
#include "common/store/record_store.h"
#include "common/store/store_options.h"
#include "google/protobuf/message.h"
#include "metrics-service/store/metrics_schema.h"

namespace busan::metrics {

using store::CounterBatch;

class MetricsStore;

// The changes of one write. Records are keyed as metrics_schema.h lays
// them out; counter changes are checked for overflow as they are added.
class MetricsTxn {
 public:
  // The etag of a record this write stores: the write's sequence number,
  // unique across deletes and re-creates. The first call advances it.
  std::string Etag();
  // A fresh flow id.
  uint64_t NextFlowId();

  void Put(Family family, absl::string_view key,
           const google::protobuf::Message& record);
  void Delete(Family family, absl::string_view key);
  // Adds the counter changes. OUT_OF_RANGE naming `what` when a total
  // would leave int64; nothing is added then.
  absl::Status AddCounters(const CounterBatch& counters,
                           absl::string_view what);

 private:
  friend class MetricsStore;
  MetricsTxn(MetricsStore* store, rocksdb::WriteBatch* batch)
      : store_(store), batch_(batch) {}

  MetricsStore* store_;
  rocksdb::WriteBatch* batch_;
  uint64_t write_sequence_ = 0;  // 0 until Etag() is first called
  uint64_t flow_sequence_ = 0;   // 0 until NextFlowId() is first called
};

class MetricsStore : public store::RecordStore {
 public:
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<MetricsStore>> Open(
      const store::StoreOptions& options);
  // Completes queued writes first.
  ~MetricsStore() override;

  // Runs `body` on a fresh transaction and commits it as one atomic,
  // idempotent write (see store::WriteContext). Nothing is written when
  // `body` fails.
  template <typename Response>
  absl::StatusOr<Response> Commit(
      const store::WriteContext& context,
      absl::FunctionRef<absl::Status(MetricsTxn&, Response*)> body) {
    uint64_t write_sequence = 0, flow_sequence = 0;
    return CommitBatch<Response>(
        context,
        [&](rocksdb::WriteBatch* batch, Response* response) -> absl::Status {
          MetricsTxn txn(this, batch);
          absl::Status status = body(txn, response);
          write_sequence = txn.write_sequence_;
          flow_sequence = txn.flow_sequence_;
          return status;
        },
        [&] { Advance(write_sequence, flow_sequence); });
  }

  // Calls `visit` for each record of `family` under `prefix`, decoded into
  // `*record`, in key order, until it returns false.
  absl::Status ScanRecords(
      Family family, absl::string_view prefix,
      google::protobuf::Message* record,
      absl::FunctionRef<bool(absl::string_view rest)> visit) const;
  // The last record of `family` under `prefix` whose key is at most `key`,
  // into `*record`; false when there is none.
  absl::StatusOr<bool> ReadAtOrBefore(Family family, absl::string_view prefix,
                                      absl::string_view key,
                                      google::protobuf::Message* record) const;
  // Calls `visit` with the rest of each counter key under `prefix` and its
  // total, in key order.
  absl::Status ScanCounters(
      absl::string_view prefix,
      absl::FunctionRef<void(absl::string_view rest, int64_t total)> visit)
      const;

 private:
  friend class MetricsTxn;
  MetricsStore() = default;
  // After a write is applied: the sequences it used (0: untouched).
  void Advance(uint64_t write_sequence, uint64_t flow_sequence);

  // Only touched inside serialized writes (and Open).
  uint64_t write_sequence_ = 0;
  uint64_t flow_sequence_ = 0;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_
