#include "metrics-service/store/metrics_store.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/record_codec.h"
#include "rocksdb/write_batch.h"

namespace busan::metrics {

std::string MetricsTxn::Etag() {
  if (write_sequence_ == 0) {
    write_sequence_ = store_->write_sequence_ + 1;
    store_->PutSequence(kMeta, kWriteSequenceKey, write_sequence_, batch_);
  }
  return absl::StrCat(write_sequence_);
}

uint64_t MetricsTxn::NextFlowId() {
  flow_sequence_ =
      (flow_sequence_ == 0 ? store_->flow_sequence_ : flow_sequence_) + 1;
  store_->PutSequence(kMeta, kFlowSequenceKey, flow_sequence_, batch_);
  return flow_sequence_;
}

void MetricsTxn::Put(Family family, absl::string_view key,
                     const google::protobuf::Message& record) {
  batch_
      ->Put(store_->database().Family(family),
            rocksdb::Slice(key.data(), key.size()), store::EncodeRecord(record))
      .PermitUncheckedError();
}

void MetricsTxn::Delete(Family family, absl::string_view key) {
  batch_
      ->Delete(store_->database().Family(family),
               rocksdb::Slice(key.data(), key.size()))
      .PermitUncheckedError();
}

absl::Status MetricsTxn::AddCounters(const CounterBatch& counters,
                                     absl::string_view what) {
  return counters.Apply(store_->database(), kCounters, what, batch_);
}

absl::StatusOr<std::unique_ptr<MetricsStore>> MetricsStore::Open(
    const store::StoreOptions& options) {
  std::unique_ptr<MetricsStore> metrics_store(new MetricsStore());
  RETURN_IF_ERROR(metrics_store->OpenStore(options, MetricsColumnFamilies(),
                                           kMeta, kPageTokenKeyKey, kRequests));
  ASSIGN_OR_RETURN(metrics_store->write_sequence_,
                   metrics_store->ReadSequence(kMeta, kWriteSequenceKey));
  ASSIGN_OR_RETURN(metrics_store->flow_sequence_,
                   metrics_store->ReadSequence(kMeta, kFlowSequenceKey));
  return metrics_store;
}

MetricsStore::~MetricsStore() {
  // Queued writes advance the sequences.
  Stop();
}

void MetricsStore::Advance(uint64_t write_sequence, uint64_t flow_sequence) {
  if (write_sequence != 0) write_sequence_ = write_sequence;
  if (flow_sequence != 0) flow_sequence_ = flow_sequence;
}

absl::Status MetricsStore::ScanRecords(
    Family family, absl::string_view prefix, google::protobuf::Message* record,
    absl::FunctionRef<bool(absl::string_view rest)> visit) const {
  absl::Status decoded;
  RETURN_IF_ERROR(Scan(family, prefix,
                       [&](absl::string_view rest, absl::string_view value) {
                         decoded = store::DecodeRecord(value, record);
                         return decoded.ok() && visit(rest);
                       }));
  return decoded;
}

absl::StatusOr<bool> MetricsStore::ReadAtOrBefore(
    Family family, absl::string_view prefix, absl::string_view key,
    google::protobuf::Message* record) const {
  std::unique_ptr<rocksdb::Iterator> it = database().NewIterator(family);
  it->SeekForPrev(rocksdb::Slice(key.data(), key.size()));
  RETURN_IF_ERROR(store::FromRocksStatus(it->status(), "reading"));
  if (!it->Valid() ||
      !it->key().starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) {
    return false;
  }
  RETURN_IF_ERROR(store::DecodeRecord(
      absl::string_view(it->value().data(), it->value().size()), record));
  return true;
}

absl::Status MetricsStore::ScanCounters(
    absl::string_view prefix,
    absl::FunctionRef<void(absl::string_view, int64_t)> visit) const {
  return Scan(kCounters, prefix,
              [&](absl::string_view rest, absl::string_view value) {
                visit(rest, store::DecodeCounter(value));
                return true;
              });
}

}  // namespace busan::metrics
