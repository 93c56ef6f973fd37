// Metrics plumbing and the standard methods of the three parent kinds.
// Events and their queries live in rankings.cc, meetings.cc and funds.cc.
#include "metrics-service/domain/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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

absl::Status Metrics::ReadById(const ParentKind& kind, absl::string_view id,
                               absl::string_view name,
                               google::protobuf::Message* record) const {
  return store_->ReadNamed(kind.family, id, name, record);
}

template <typename T>
absl::StatusOr<std::string> Metrics::ReadParent(absl::string_view field,
                                                absl::string_view name,
                                                T* parent) const {
  ASSIGN_OR_RETURN(std::string id, ParseParentName(KindOf<T>(), field, name));
  if (parent == nullptr) {
    ASSIGN_OR_RETURN(bool exists, store_->Contains(KindOf<T>().family, id));
    if (exists) return id;
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", name, " not found"));
  }
  absl::Status status = ReadById(KindOf<T>(), id, name, parent);
  if (absl::IsNotFound(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", status.message()));
  }
  RETURN_IF_ERROR(status);
  return id;
}

template absl::StatusOr<std::string> Metrics::ReadParent(
    absl::string_view, absl::string_view, v1::RankingIndex*) const;
template absl::StatusOr<std::string> Metrics::ReadParent(
    absl::string_view, absl::string_view, v1::MeetingSeries*) const;
template absl::StatusOr<std::string> Metrics::ReadParent(absl::string_view,
                                                         absl::string_view,
                                                         v1::Fund*) const;

template <typename T>
absl::StatusOr<T> Metrics::Create(absl::string_view id, T record,
                                  const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  RETURN_IF_ERROR(validation::CheckId(kind.id_field, id));
  resource::ClearOutputOnlyFields(&record);
  record.set_name(absl::StrCat(kind.collection, "/", id));
  RETURN_IF_ERROR(kind.validate(record));
  return store_->Commit<T>(context, [&](MetricsTxn& txn, T* out) {
    ASSIGN_OR_RETURN(bool exists, store_->Contains(kind.family, id));
    if (exists) {
      return absl::AlreadyExistsError(
          absl::StrCat(record.name(), " already exists"));
    }
    resource::StampWrite(&record, absl::Now(), txn.Etag(), true);
    txn.Put(kind.family, id, record);
    *out = std::move(record);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Get(absl::string_view name, T* record) const {
  ASSIGN_OR_RETURN(std::string id, ParseParentName(KindOf<T>(), "name", name));
  return ReadById(KindOf<T>(), id, name, record);
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
  ASSIGN_OR_RETURN(
      std::string id,
      ParseParentName(kind, absl::StrCat(kind.field, ".name"), patch.name()));
  return store_->Commit<T>(context, [&](MetricsTxn& txn, T* out) {
    T stored;
    RETURN_IF_ERROR(ReadById(kind, id, patch.name(), &stored));
    RETURN_IF_ERROR(resource::CheckEtag(absl::StrCat(kind.field, ".etag"),
                                        patch.etag(), stored.etag(),
                                        patch.name()));
    RETURN_IF_ERROR(
        resource::ApplyUpdateMask(patch, mask, kind.mutable_fields, &stored));
    RETURN_IF_ERROR(kind.validate(stored));
    resource::StampWrite(&stored, absl::Now(), txn.Etag(), false);
    txn.Put(kind.family, id, stored);
    *out = std::move(stored);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Delete(absl::string_view name, absl::string_view etag,
                             bool force, const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  ASSIGN_OR_RETURN(std::string id, ParseParentName(kind, "name", name));
  return store_
      ->Commit<google::protobuf::Empty>(
          context,
          [&](MetricsTxn& txn, google::protobuf::Empty*) -> absl::Status {
            T stored;
            RETURN_IF_ERROR(ReadById(kind, id, name, &stored));
            RETURN_IF_ERROR(
                resource::CheckEtag("etag", etag, stored.etag(), name));
            if (!force) {
              bool has_events = false;
              RETURN_IF_ERROR(
                  store_->Scan(kind.event_family, absl::StrCat(id, "/"),
                               [&](absl::string_view, absl::string_view) {
                                 has_events = true;
                                 return false;
                               }));
              if (has_events) {
                return absl::FailedPreconditionError(
                    absl::StrCat(name, " still has ", kind.events,
                                 "; delete with force to remove them too"));
              }
            }
            RETURN_IF_ERROR(RemoveEvents(kind, id, txn));
            txn.Delete(kind.family, id);
            // Consumes a sequence, so a re-created parent gets a new etag.
            txn.Etag();
            return absl::OkStatus();
          })
      .status();
}

absl::Status Metrics::RemoveEvents(const ParentKind& kind, absl::string_view id,
                                   MetricsTxn& txn) {
  const std::string prefix = absl::StrCat(id, "/");
  CounterBatch counters;
  const auto remove = [&](absl::string_view rest) {
    txn.Delete(kind.event_family, absl::StrCat(prefix, rest));
    return true;
  };
  v1::FundFlow flow;
  v1::Meeting meeting;
  if (kind.event_family == kFlows) {
    RETURN_IF_ERROR(
        store_->ScanRecords(kFlows, prefix, &flow, [&](absl::string_view rest) {
          AddFlowDeltas(flow, id, -1, &counters);
          return remove(rest);
        }));
  } else if (kind.event_family == kMeetings) {
    RETURN_IF_ERROR(store_->ScanRecords(
        kMeetings, prefix, &meeting, [&](absl::string_view rest) {
          AddMeetingDeltas(meeting, id, -1, &counters);
          return remove(rest);
        }));
  } else {
    // Rankings move no counters: their keys are all it takes.
    RETURN_IF_ERROR(
        store_->Scan(kind.event_family, prefix,
                     [&](absl::string_view rest, absl::string_view) {
                       return remove(rest);
                     }));
  }
  return txn.AddCounters(counters, "delete");
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
