#include "metrics-service/store/metrics_store.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/record_codec.h"
#include "rocksdb/write_batch.h"

namespace busan::metrics {
MetricsTxn::MetricsTxn(MetricsStore* store, rocksdb::WriteBatch* batch,
                       uint64_t last_sequence)
    : ResourceTxn(store, batch, absl::Now(), last_sequence), store_(store) {}

uint64_t MetricsTxn::NextFlowId() {
  flow_sequence_ =
      (flow_sequence_ == 0 ? store_->flow_sequence_ : flow_sequence_) + 1;
  return flow_sequence_;
}

absl::Status MetricsTxn::AddTotals(const TotalChanges& totals,
                                   absl::string_view what) {
  return AddCounters(kCounters, totals.counters_, what);
}

absl::Status MetricsTxn::ScanEvents(
    const RecordRef& parent, google::protobuf::Message* event,
    absl::FunctionRef<bool(const RecordRef&)> visit) {
  return store_->ScanEvents(parent, event, visit);
}

absl::StatusOr<bool> MetricsTxn::HasEvents(const RecordRef& parent) {
  const EventRange events = EventsOf(parent);
  bool found = false;
  RETURN_IF_ERROR(store_->Scan(events.family, events.prefix,
                               [&](absl::string_view, absl::string_view) {
                                 found = true;
                                 return false;
                               }));
  return found;
}

absl::StatusOr<bool> MetricsTxn::ReadAtOrBefore(
    const RecordRef& ref, google::protobuf::Message* record) {
  return store_->ReadAtOrBefore(ref, record);
}

absl::Status MetricsTxn::Build() {
  RETURN_IF_ERROR(BuildRecords([](const Entry&) { return absl::OkStatus(); }));
  if (last_sequence() != store_->last_sequence_) {
    store_->PutSequence(kMeta, kWriteSequenceKey, last_sequence(), batch());
  }
  if (flow_sequence_ != 0) {
    store_->PutSequence(kMeta, kFlowSequenceKey, flow_sequence_, batch());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MetricsStore>> MetricsStore::Open(
    const store::StoreOptions& options) {
  std::unique_ptr<MetricsStore> metrics_store(new MetricsStore());
  RETURN_IF_ERROR(metrics_store->OpenStore(options, MetricsColumnFamilies(),
                                           kMeta, kPageTokenKeyKey, kRequests));
  ASSIGN_OR_RETURN(metrics_store->last_sequence_,
                   metrics_store->ReadSequence(kMeta, kWriteSequenceKey));
  ASSIGN_OR_RETURN(metrics_store->flow_sequence_,
                   metrics_store->ReadSequence(kMeta, kFlowSequenceKey));
  return metrics_store;
}

MetricsStore::~MetricsStore() {
  // Queued writes advance the sequences.
  Stop();
}

void MetricsStore::Advance(uint64_t last_sequence, uint64_t flow_sequence) {
  if (last_sequence != 0) last_sequence_ = last_sequence;
  if (flow_sequence != 0) flow_sequence_ = flow_sequence;
}

absl::Status MetricsStore::ScanEvents(
    const RecordRef& parent, google::protobuf::Message* event,
    absl::FunctionRef<bool(const RecordRef&)> visit) const {
  const EventRange events = EventsOf(parent);
  RecordRef ref;
  ref.family = events.family;
  ref.type = events.type;
  const google::protobuf::FieldDescriptor* name =
      event->GetDescriptor()->FindFieldByName("name");
  absl::Status decoded;
  RETURN_IF_ERROR(Scan(events.family, events.prefix,
                       [&](absl::string_view rest, absl::string_view value) {
                         decoded = store::DecodeRecord(value, event);
                         if (!decoded.ok()) return false;
                         ref.key = absl::StrCat(events.prefix, rest);
                         ref.name =
                             event->GetReflection()->GetString(*event, name);
                         return visit(ref);
                       }));
  return decoded;
}

absl::Status MetricsStore::ScanRankingsOfCity(
    absl::string_view index_id, absl::string_view city,
    google::protobuf::Message* ranking, absl::FunctionRef<bool()> visit) const {
  absl::Status decoded;
  RETURN_IF_ERROR(Scan(kRankings, RankingsOfCityPrefix(index_id, city),
                       [&](absl::string_view, absl::string_view value) {
                         decoded = store::DecodeRecord(value, ranking);
                         return decoded.ok() && visit();
                       }));
  return decoded;
}

absl::StatusOr<bool> MetricsStore::ReadAtOrBefore(
    const RecordRef& ref, google::protobuf::Message* record) const {
  // Siblings share the key up to its last '/'.
  const absl::string_view key = ref.key;
  const absl::string_view prefix = key.substr(0, key.rfind('/') + 1);
  std::unique_ptr<rocksdb::Iterator> it = database().NewIterator(ref.family);
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

absl::Status MetricsStore::ScanTotals(
    absl::string_view group, absl::string_view key,
    absl::FunctionRef<void(absl::string_view, int64_t)> visit) const {
  return ScanCounters(CounterPrefix(group, key), visit);
}

absl::Status MetricsStore::ScanTotalGroup(
    absl::string_view group,
    absl::FunctionRef<void(absl::string_view, int64_t)> visit) const {
  return ScanCounters(CounterGroupPrefix(group), visit);
}

absl::Status MetricsStore::ScanCounters(
    const std::string& prefix,
    absl::FunctionRef<void(absl::string_view, int64_t)> visit) const {
  return Scan(kCounters, prefix,
              [&](absl::string_view rest, absl::string_view value) {
                visit(rest, store::DecodeCounter(value));
                return true;
              });
}

}  // namespace busan::metrics
