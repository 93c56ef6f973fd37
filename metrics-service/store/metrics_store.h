// MetricsStore owns metrics-service's RocksDB completely: the key layout
// (metrics_schema.h), the totals kept as counters (counters.h), the change
// and flow-id sequences, and the one way to write, Submit(transaction).
//
// A write's body reads and changes whole resources, by name, through a
// MetricsTxn (store::ResourceTxn: the contract every write follows); Submit
// applies it as one atomic, idempotent, durable batch, and only then moves
// the in-memory sequences on. Reads see the last synced state.
#ifndef BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_
#define BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/resource/write_call.h"
#include "common/store/counters.h"
#include "common/store/record_store.h"
#include "common/store/resource_txn.h"
#include "common/store/store_options.h"
#include "google/protobuf/message.h"
#include "metrics-service/store/metrics_schema.h"

namespace busan::metrics {

using store::RecordRef;

// Changes to the totals the store keeps, each named by its group ("f"
// fund, "s" strategy, "p" project, "y" year, "m" meeting series), the key
// within the group and the field (metrics_schema.h, CounterKey).
class TotalChanges {
 public:
  void Add(absl::string_view group, absl::string_view key,
           absl::string_view field, int64_t delta) {
    counters_.Add(CounterKey(group, key, field), delta);
  }

 private:
  friend class MetricsTxn;
  store::CounterBatch counters_;
};

class MetricsStore;

// The metrics service's store::ResourceTxn: records by name, plus the
// totals and the flow ids the store keeps.
class MetricsTxn : public store::ResourceTxn {
 public:
  // A fresh flow id, taken only when the write commits.
  uint64_t NextFlowId();
  // Adds the total changes. OUT_OF_RANGE naming `what` when a total would
  // leave int64; nothing is added then.
  absl::Status AddTotals(const TotalChanges& totals, absl::string_view what);
  // Calls `visit` with each event under `parent`, decoded into `*event`,
  // in key order, until it returns false.
  absl::Status ScanEvents(const RecordRef& parent,
                          google::protobuf::Message* event,
                          absl::FunctionRef<bool(const RecordRef&)> visit);
  // Whether any event is recorded under `parent`.
  absl::StatusOr<bool> HasEvents(const RecordRef& parent);
  // The record nearest before `ref` (or `ref` itself) among its siblings,
  // into `*record`; false when there is none.
  absl::StatusOr<bool> ReadAtOrBefore(const RecordRef& ref,
                                      google::protobuf::Message* record);

 private:
  friend class MetricsStore;
  MetricsTxn(MetricsStore* store, store::KvTxn* kv, uint64_t last_sequence);
  // Adds the records and the sequences to the write.
  absl::Status Build();

  MetricsStore* store_;
  uint64_t flow_sequence_ = 0;  // 0 until NextFlowId() is first called
};

class MetricsStore : public store::RecordStore {
 public:
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<MetricsStore>> Open(
      const store::StoreOptions& options);
  // Completes queued writes first.
  ~MetricsStore() override;

  // Queues `body` for the commit thread, which runs it on a fresh
  // transaction and commits it as one atomic, idempotent write (see
  // resource::WriteContext), then completes `call` once it is durable.
  // Nothing is written when `body` fails; `call` gets its status.
  template <typename Response>
  using Body = absl::AnyInvocable<absl::Status(MetricsTxn&, Response*)>;
  template <typename Response>
  void Submit(resource::WriteCall<Response> call, Body<Response> body) {
    // The sequences the write reached, for the hook that follows it.
    auto reached = std::make_shared<std::pair<uint64_t, uint64_t>>();
    writer().SubmitWrite(
        std::move(call.context),
        [this, reached, body = std::move(body)](
            const store::WriteContext&, store::KvTxn* kv,
            google::protobuf::Message* response) mutable -> absl::Status {
          MetricsTxn txn(this, kv, last_sequence_);
          if (absl::Status status = body(txn, static_cast<Response*>(response));
              !status.ok()) {
            return status;
          }
          if (absl::Status status = txn.Build(); !status.ok()) return status;
          *reached = {txn.last_sequence(), txn.flow_sequence_};
          return absl::OkStatus();
        },
        call.response,
        [this, reached] { Advance(reached->first, reached->second); }, nullptr,
        std::move(call.done));
  }

  // Calls `visit` for each event under `parent`, decoded into `*event`, in
  // key order, until it returns false.
  absl::Status ScanEvents(
      const RecordRef& parent, google::protobuf::Message* event,
      absl::FunctionRef<bool(const RecordRef&)> visit) const;
  // Every edition of one city in one index, in edition order.
  absl::Status ScanRankingsOfCity(absl::string_view index_id,
                                  absl::string_view city,
                                  google::protobuf::Message* ranking,
                                  absl::FunctionRef<bool()> visit) const;
  // See MetricsTxn::ReadAtOrBefore.
  absl::StatusOr<bool> ReadAtOrBefore(const RecordRef& ref,
                                      google::protobuf::Message* record) const;
  // Calls `visit` with the field and value of each total of `key` in
  // `group` (TotalChanges), in field order.
  absl::Status ScanTotals(
      absl::string_view group, absl::string_view key,
      absl::FunctionRef<void(absl::string_view field, int64_t total)> visit)
      const;
  // Every total of `group`: `visit` gets "{key}|{field}" and the value.
  absl::Status ScanTotalGroup(
      absl::string_view group,
      absl::FunctionRef<void(absl::string_view key_and_field, int64_t total)>
          visit) const;

 private:
  friend class MetricsTxn;
  MetricsStore() = default;
  // After a write is applied: the sequences it reached (0: untouched).
  void Advance(uint64_t last_sequence, uint64_t flow_sequence);
  absl::Status ScanCounters(
      const std::string& prefix,
      absl::FunctionRef<void(absl::string_view rest, int64_t total)> visit)
      const;

  // Only touched inside serialized writes (and Open).
  uint64_t last_sequence_ = 0;
  uint64_t flow_sequence_ = 0;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_STORE_METRICS_STORE_H_
