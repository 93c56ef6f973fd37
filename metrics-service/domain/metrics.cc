// Metrics plumbing and the standard methods of the three parent kinds.
// Events and their queries live in rankings.cc, meetings.cc and funds.cc.
#include "metrics-service/domain/metrics.h"

#include "absl/strings/str_cat.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"
#include "metrics-service/domain/counter_deltas.h"

namespace busan::metrics {

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Open(
    const MetricsOptions& options) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  ASSIGN_OR_RETURN(metrics->store_, MetricsStore::Open(options));
  return metrics;
}

Metrics::~Metrics() {
  // Queued writes call back into this object: complete them while it is
  // whole.
  if (store_ != nullptr) store_->Stop();
}

absl::Status Metrics::Read(absl::string_view name,
                           google::protobuf::Message* record) const {
  ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(name));
  return store_->Read(ref, record);
}

template <typename T>
absl::StatusOr<T*> Metrics::LoadParent(MetricsTxn& txn, absl::string_view field,
                                       absl::string_view name,
                                       std::string* id) const {
  ASSIGN_OR_RETURN(*id, ParseParentName(KindOf<T>(), field, name));
  ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(name));
  absl::StatusOr<T*> parent = txn.Load<T>(ref);
  if (absl::IsNotFound(parent.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", parent.status().message()));
  }
  return parent;
}

template absl::StatusOr<v1::RankingIndex*> Metrics::LoadParent(
    MetricsTxn&, absl::string_view, absl::string_view, std::string*) const;
template absl::StatusOr<v1::MeetingSeries*> Metrics::LoadParent(
    MetricsTxn&, absl::string_view, absl::string_view, std::string*) const;
template absl::StatusOr<v1::Fund*> Metrics::LoadParent(MetricsTxn&,
                                                       absl::string_view,
                                                       absl::string_view,
                                                       std::string*) const;

template <typename T>
absl::StatusOr<T> Metrics::Create(absl::string_view id, T record,
                                  const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  RETURN_IF_ERROR(validation::CheckId(kind.id_field, id));
  resource::ClearOutputOnlyFields(&record);
  record.set_name(absl::StrCat(kind.collection, "/", id));
  RETURN_IF_ERROR(kind.validate(record));
  ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(record.name()));
  return store_->Commit<T>(context, [&](MetricsTxn& txn, T* out) {
    ASSIGN_OR_RETURN(bool exists, txn.Exists(ref));
    if (exists) {
      return absl::AlreadyExistsError(
          absl::StrCat(record.name(), " already exists"));
    }
    *out = *txn.Put(ref, std::move(record), store::Change::kCreated);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Get(absl::string_view name, T* record) const {
  RETURN_IF_ERROR(ParseParentName(KindOf<T>(), "name", name).status());
  return Read(name, record);
}

template <typename T>
absl::Status Metrics::List(const ListQuery& query,
                           google::protobuf::RepeatedPtrField<T>* records,
                           std::string* next_page_token,
                           int32_t* total_size) const {
  const listing::Collection collection{KindOf<T>().family, "", T::descriptor()};
  return store_->List(collection, query, records, next_page_token, total_size);
}

template <typename T>
absl::StatusOr<T> Metrics::Update(const T& patch,
                                  const google::protobuf::FieldMask& mask,
                                  const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  RETURN_IF_ERROR(
      ParseParentName(kind, absl::StrCat(kind.field, ".name"), patch.name())
          .status());
  ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(patch.name()));
  return store_->Commit<T>(context, [&](MetricsTxn& txn, T* out) {
    ASSIGN_OR_RETURN(T * loaded, txn.template Load<T>(ref));
    RETURN_IF_ERROR(resource::CheckEtag(absl::StrCat(kind.field, ".etag"),
                                        patch.etag(), loaded->etag(),
                                        patch.name()));
    T updated = *loaded;
    RETURN_IF_ERROR(
        resource::ApplyUpdateMask(patch, mask, kind.mutable_fields, &updated));
    RETURN_IF_ERROR(kind.validate(updated));
    *out = *txn.Put(ref, std::move(updated), store::Change::kUpdated);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Delete(absl::string_view name, absl::string_view etag,
                             bool force, const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  ASSIGN_OR_RETURN(std::string id, ParseParentName(kind, "name", name));
  ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(name));
  return store_
      ->Commit<google::protobuf::Empty>(
          context,
          [&](MetricsTxn& txn, google::protobuf::Empty*) -> absl::Status {
            ASSIGN_OR_RETURN(T * stored, txn.template Load<T>(ref));
            RETURN_IF_ERROR(
                resource::CheckEtag("etag", etag, stored->etag(), name));
            if (!force) {
              ASSIGN_OR_RETURN(bool has_events, txn.HasEvents(ref));
              if (has_events) {
                return absl::FailedPreconditionError(
                    absl::StrCat(name, " still has ", kind.events,
                                 "; delete with force to remove them too"));
              }
            }
            RETURN_IF_ERROR(RemoveEvents(ref, id, txn));
            txn.Remove(ref);
            return absl::OkStatus();
          })
      .status();
}

absl::Status Metrics::RemoveEvents(const RecordRef& parent,
                                   absl::string_view id, MetricsTxn& txn) {
  TotalChanges totals;
  const auto remove = [&](const RecordRef& event) {
    txn.Remove(event);
    return true;
  };
  v1::FundFlow flow;
  v1::Meeting meeting;
  v1::Ranking ranking;
  if (parent.type == &v1::Fund::default_instance()) {
    RETURN_IF_ERROR(txn.ScanEvents(parent, &flow, [&](const RecordRef& event) {
      AddFlowDeltas(flow, id, -1, &totals);
      return remove(event);
    }));
  } else if (parent.type == &v1::MeetingSeries::default_instance()) {
    RETURN_IF_ERROR(
        txn.ScanEvents(parent, &meeting, [&](const RecordRef& event) {
          AddMeetingDeltas(meeting, id, -1, &totals);
          return remove(event);
        }));
  } else {
    // Rankings move no totals.
    RETURN_IF_ERROR(txn.ScanEvents(parent, &ranking, remove));
  }
  return txn.AddTotals(totals, "delete");
}

#define BUSAN_INSTANTIATE_PARENT(T)                                           \
  template absl::StatusOr<T> Metrics::Create(absl::string_view, T,            \
                                             const WriteContext&);            \
  template absl::Status Metrics::Get(absl::string_view, T*) const;            \
  template absl::Status Metrics::List(const ListQuery&,                       \
                                      google::protobuf::RepeatedPtrField<T>*, \
                                      std::string*, int32_t*) const;          \
  template absl::StatusOr<T> Metrics::Update(                                 \
      const T&, const google::protobuf::FieldMask&, const WriteContext&);     \
  template absl::Status Metrics::Delete<T>(                                   \
      absl::string_view, absl::string_view, bool, const WriteContext&);

BUSAN_INSTANTIATE_PARENT(v1::RankingIndex)
BUSAN_INSTANTIATE_PARENT(v1::MeetingSeries)
BUSAN_INSTANTIATE_PARENT(v1::Fund)
#undef BUSAN_INSTANTIATE_PARENT

}  // namespace busan::metrics
