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
void Metrics::Create(absl::string_view id, T record, WriteCall<T> call) {
  const ParentKind& kind = KindOf<T>();
  absl::StatusOr<RecordRef> ref = [&]() -> absl::StatusOr<RecordRef> {
    RETURN_IF_ERROR(validation::CheckId(kind.id_field, id));
    resource::ClearOutputOnlyFields(&record);
    record.set_name(absl::StrCat(kind.collection, "/", id));
    RETURN_IF_ERROR(kind.validate(record));
    return RecordRefOf(record.name());
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<T>(std::move(call),
                    [ref = *std::move(ref), record = std::move(record)](
                        MetricsTxn& txn, T* out) mutable -> absl::Status {
                      ASSIGN_OR_RETURN(bool exists, txn.Exists(ref));
                      if (exists) {
                        return absl::AlreadyExistsError(
                            absl::StrCat(ref.name, " already exists"));
                      }
                      *out = *txn.Put(ref, std::move(record),
                                      store::Change::kCreated);
                      return absl::OkStatus();
                    });
}

template <typename T>
absl::Status Metrics::Get(absl::string_view name, T* record) const {
  RETURN_IF_ERROR(ParseParentName(KindOf<T>(), "name", name).status());
  return Read(name, record);
}

template <typename T>
void Metrics::Update(const T& patch, const google::protobuf::FieldMask& mask,
                     WriteCall<T> call) {
  const ParentKind& kind = KindOf<T>();
  absl::StatusOr<RecordRef> ref = [&]() -> absl::StatusOr<RecordRef> {
    RETURN_IF_ERROR(
        ParseParentName(kind, absl::StrCat(kind.field, ".name"), patch.name())
            .status());
    return RecordRefOf(patch.name());
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<T>(
      std::move(call),
      [&kind, ref = *std::move(ref), patch, mask](MetricsTxn& txn,
                                                  T* out) -> absl::Status {
        ASSIGN_OR_RETURN(T * loaded, txn.template Load<T>(ref));
        RETURN_IF_ERROR(resource::CheckEtag(absl::StrCat(kind.field, ".etag"),
                                            patch.etag(), loaded->etag(),
                                            ref.name));
        T updated = *loaded;
        RETURN_IF_ERROR(resource::ApplyUpdateMask(
            patch, mask, kind.mutable_fields, &updated));
        RETURN_IF_ERROR(kind.validate(updated));
        *out = *txn.Put(ref, std::move(updated), store::Change::kUpdated);
        return absl::OkStatus();
      });
}

template <typename T>
void Metrics::Delete(absl::string_view name, absl::string_view etag, bool force,
                     WriteCall<Empty> call) {
  const ParentKind& kind = KindOf<T>();
  std::string id;
  absl::StatusOr<RecordRef> ref = [&]() -> absl::StatusOr<RecordRef> {
    ASSIGN_OR_RETURN(id, ParseParentName(kind, "name", name));
    return RecordRefOf(name);
  }();
  if (!ref.ok()) return call.Finish(ref.status());
  store_->Submit<Empty>(
      std::move(call),
      [this, &kind, ref = *std::move(ref), id = std::move(id),
       etag = std::string(etag),
       force](MetricsTxn& txn, Empty*) -> absl::Status {
        ASSIGN_OR_RETURN(T * stored, txn.template Load<T>(ref));
        RETURN_IF_ERROR(
            resource::CheckEtag("etag", etag, stored->etag(), ref.name));
        if (!force) {
          ASSIGN_OR_RETURN(bool has_events, txn.HasEvents(ref));
          if (has_events) {
            return absl::FailedPreconditionError(
                absl::StrCat(ref.name, " still has ", kind.events,
                             "; delete with force to remove them too"));
          }
        }
        RETURN_IF_ERROR(RemoveEvents(ref, id, txn));
        txn.Remove(ref);
        return absl::OkStatus();
      });
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

#define BUSAN_INSTANTIATE_PARENT(T)                                            \
  template void Metrics::Create(absl::string_view, T, WriteCall<T>);           \
  template absl::Status Metrics::Get(absl::string_view, T*) const;             \
  template void Metrics::Update(const T&, const google::protobuf::FieldMask&,  \
                                WriteCall<T>);                                 \
  template void Metrics::Delete<T>(absl::string_view, absl::string_view, bool, \
                                   WriteCall<Empty>);

BUSAN_INSTANTIATE_PARENT(v1::RankingIndex)
BUSAN_INSTANTIATE_PARENT(v1::MeetingSeries)
BUSAN_INSTANTIATE_PARENT(v1::Fund)
#undef BUSAN_INSTANTIATE_PARENT

absl::StatusOr<v1::Ranking> Metrics::RecordRanking(
    v1::Ranking ranking, const WriteContext& context) {
  return resource::Await<v1::Ranking>(
      context, [&](WriteCall<v1::Ranking> call) {
        RecordRanking(std::move(ranking), std::move(call));
      });
}

absl::StatusOr<v1::Meeting> Metrics::RecordMeeting(
    v1::Meeting meeting, const WriteContext& context) {
  return resource::Await<v1::Meeting>(
      context, [&](WriteCall<v1::Meeting> call) {
        RecordMeeting(std::move(meeting), std::move(call));
      });
}

absl::StatusOr<v1::FundFlow> Metrics::RecordFundFlow(
    v1::FundFlow flow, const WriteContext& context) {
  return resource::Await<v1::FundFlow>(
      context, [&](WriteCall<v1::FundFlow> call) {
        RecordFundFlow(std::move(flow), std::move(call));
      });
}

}  // namespace busan::metrics
