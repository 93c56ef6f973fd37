#include "metrics-service/store/metrics_store.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/record_codec.h"
#include "common/store/rocks_kv_txn.h"

namespace busan::metrics {
namespace {

// Calls `visit` with each event under `parent` read through `kv`, decoded
// into `*event`, in key order, until it returns false.
absl::Status ScanEventsIn(store::KvTxn* kv, const RecordRef& parent,
                          google::protobuf::Message* event,
                          absl::FunctionRef<bool(const RecordRef&)> visit) {
  const EventRange events = EventsOf(parent);
  RecordRef ref;
  ref.family = events.family;
  ref.type = events.type;
  const google::protobuf::FieldDescriptor* name =
      event->GetDescriptor()->FindFieldByName("name");
  absl::Status decoded;
  RETURN_IF_ERROR(
      kv->Scan(events.family, events.prefix, "",
               [&](absl::string_view rest, absl::string_view value) {
                 decoded = store::DecodeRecord(value, event);
                 if (!decoded.ok()) return false;
                 ref.key = absl::StrCat(events.prefix, rest);
                 ref.name = event->GetReflection()->GetString(*event, name);
                 return visit(ref);
               }));
  return decoded;
}

// The record nearest before `ref` (or `ref` itself) among its siblings,
// read through `kv`.
absl::StatusOr<bool> ReadAtOrBeforeIn(store::KvTxn* kv, const RecordRef& ref,
                                      google::protobuf::Message* record) {
  // Siblings share the key up to its last '/'.
  const absl::string_view key = ref.key;
  const absl::string_view prefix = key.substr(0, key.rfind('/') + 1);
  std::string found, value;
  ASSIGN_OR_RETURN(bool exists,
                   kv->Floor(ref.family, prefix, key, &found, &value));
  if (!exists) return false;
  RETURN_IF_ERROR(store::DecodeRecord(value, record));
  return true;
}

}  // namespace

MetricsTxn::MetricsTxn(MetricsStore* store, store::KvTxn* kv,
                       uint64_t last_sequence)
    : ResourceTxn(store, kv, absl::Now(), last_sequence), store_(store) {}

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
  return ScanEventsIn(kv(), parent, event, visit);
}

absl::StatusOr<bool> MetricsTxn::HasEvents(const RecordRef& parent) {
  const EventRange events = EventsOf(parent);
  bool found = false;
  RETURN_IF_ERROR(kv()->Scan(events.family, events.prefix, "",
                             [&](absl::string_view, absl::string_view) {
                               found = true;
                               return false;
                             }));
  return found;
}

absl::StatusOr<bool> MetricsTxn::ReadAtOrBefore(
    const RecordRef& ref, google::protobuf::Message* record) {
  return ReadAtOrBeforeIn(kv(), ref, record);
}

absl::Status MetricsTxn::Build() {
  RETURN_IF_ERROR(BuildRecords([](const Entry&) { return absl::OkStatus(); }));
  if (last_sequence() != store_->last_sequence_) {
    store_->PutSequence(kMeta, kWriteSequenceKey, last_sequence(), kv());
  }
  if (flow_sequence_ != 0) {
    store_->PutSequence(kMeta, kFlowSequenceKey, flow_sequence_, kv());
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
  store::RocksKvTxn reader(&database(), nullptr);
  return ScanEventsIn(&reader, parent, event, visit);
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
  store::RocksKvTxn reader(&database(), nullptr);
  return ReadAtOrBeforeIn(&reader, ref, record);
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
