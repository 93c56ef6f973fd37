// Metrics plumbing and the standard methods of the three parent kinds.
// Events and their queries live in rankings.cc, meetings.cc and funds.cc.
#include "metrics-service/domain/metrics.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/store/record_codec.h"
#include "common/validation/validators.h"
#include "metrics-service/domain/counter_deltas.h"
#include "metrics-service/store/counters.h"

namespace busan::metrics {
namespace {

absl::StatusOr<uint64_t> ReadSequence(const store::Database& db,
                                      const char* key) {
  std::string value;
  absl::Status status = db.Get(kMeta, key, &value);
  if (absl::IsNotFound(status)) return 0;
  if (!status.ok()) return status;
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(value, &sequence)) {
    return absl::DataLossError(absl::StrCat("stored ", key, " does not parse"));
  }
  return sequence;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Open(
    const MetricsOptions& options) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  store::DatabaseOptions db_options;
  db_options.path = options.data_dir;
  db_options.column_families = MetricsColumnFamilies();
  db_options.column_families[kRequests].compaction_filter =
      store::NewRequestExpiryFilter(options.writer.request_retention);
  db_options.env = options.env;
  ASSIGN_OR_RETURN(metrics->database_, store::Database::Open(db_options));
  store::Database* db = metrics->database_.get();
  ASSIGN_OR_RETURN(std::string token_key,
                   store::LoadOrCreateSecret(db, kMeta, kPageTokenKeyKey, 32));
  metrics->tokens_ = std::make_unique<paging::PageTokenCodec>(token_key);
  ASSIGN_OR_RETURN(metrics->write_sequence_,
                   ReadSequence(*db, kWriteSequenceKey));
  ASSIGN_OR_RETURN(metrics->flow_sequence_,
                   ReadSequence(*db, kFlowSequenceKey));
  // Last: its commit thread may run writes from here on.
  metrics->writer_ =
      std::make_unique<store::SerializedWriter>(db, kRequests, options.writer);
  return metrics;
}

Metrics::~Metrics() {
  if (writer_ != nullptr) writer_->Stop();
}

std::string Metrics::NextEtag(rocksdb::WriteBatch* batch) {
  const std::string etag = absl::StrCat(++write_sequence_);
  batch->Put(database_->Family(kMeta), kWriteSequenceKey, etag)
      .PermitUncheckedError();
  return etag;
}

absl::StatusOr<std::string> Metrics::ExistingParentId(
    const ParentKind& kind, absl::string_view field,
    absl::string_view name) const {
  ASSIGN_OR_RETURN(std::string id, ParseParentName(kind, field, name));
  std::string ignored;
  absl::Status status = database_->Get(kind.family, id, &ignored);
  if (absl::IsNotFound(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", name, " not found"));
  }
  RETURN_IF_ERROR(status);
  return id;
}

template <typename T>
absl::StatusOr<T> Metrics::Create(absl::string_view id, T record,
                                  const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  RETURN_IF_ERROR(validation::CheckId(kind.id_field, id));
  resource::ClearOutputOnlyFields(&record);
  record.set_name(absl::StrCat(kind.collection, "/", id));
  RETURN_IF_ERROR(kind.validate(record));
  return writer_->Write<T>(context, [&](rocksdb::WriteBatch* batch, T* out) {
    std::string ignored;
    absl::Status existing = database_->Get(kind.family, id, &ignored);
    if (existing.ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat(record.name(), " already exists"));
    }
    if (!absl::IsNotFound(existing)) return existing;
    resource::StampWrite(&record, absl::Now(), NextEtag(batch), true);
    batch
        ->Put(database_->Family(kind.family), std::string(id),
              store::EncodeRecord(record))
        .PermitUncheckedError();
    *out = std::move(record);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Get(absl::string_view name, T* record) const {
  ASSIGN_OR_RETURN(std::string id, ParseParentName(KindOf<T>(), "name", name));
  absl::Status status = database_->GetRecord(KindOf<T>().family, id, record);
  if (absl::IsNotFound(status)) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return status;
}

template <typename T>
absl::Status Metrics::List(const ListQuery& query,
                           google::protobuf::RepeatedPtrField<T>* records,
                           std::string* next_page_token,
                           int32_t* total_size) const {
  const listing::Collection collection{KindOf<T>().family, "", T::descriptor()};
  return Engine().List(collection, query, records, next_page_token, total_size);
}

template <typename T>
absl::StatusOr<T> Metrics::Update(const T& patch,
                                  const google::protobuf::FieldMask& mask,
                                  const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  ASSIGN_OR_RETURN(
      std::string id,
      ParseParentName(kind, absl::StrCat(kind.field, ".name"), patch.name()));
  return writer_->Write<T>(context, [&](rocksdb::WriteBatch* batch, T* out) {
    T stored;
    RETURN_IF_ERROR(Get(patch.name(), &stored));
    RETURN_IF_ERROR(resource::CheckEtag(absl::StrCat(kind.field, ".etag"),
                                        patch.etag(), stored.etag(),
                                        patch.name()));
    RETURN_IF_ERROR(
        resource::ApplyUpdateMask(patch, mask, kind.mutable_fields, &stored));
    RETURN_IF_ERROR(kind.validate(stored));
    resource::StampWrite(&stored, absl::Now(), NextEtag(batch), false);
    batch->Put(database_->Family(kind.family), id, store::EncodeRecord(stored))
        .PermitUncheckedError();
    *out = std::move(stored);
    return absl::OkStatus();
  });
}

template <typename T>
absl::Status Metrics::Delete(absl::string_view name, absl::string_view etag,
                             bool force, const WriteContext& context) {
  const ParentKind& kind = KindOf<T>();
  ASSIGN_OR_RETURN(std::string id, ParseParentName(kind, "name", name));
  return writer_
      ->Write<google::protobuf::Empty>(
          context,
          [&](rocksdb::WriteBatch* batch,
              google::protobuf::Empty*) -> absl::Status {
            T stored;
            RETURN_IF_ERROR(Get(name, &stored));
            RETURN_IF_ERROR(
                resource::CheckEtag("etag", etag, stored.etag(), name));
            if (!force) {
              const std::string prefix = absl::StrCat(id, "/");
              std::unique_ptr<rocksdb::Iterator> it =
                  database_->NewIterator(kind.event_family);
              it->Seek(prefix);
              if (it->Valid() && it->key().starts_with(prefix)) {
                return absl::FailedPreconditionError(
                    absl::StrCat(name, " still has ", kind.events,
                                 "; delete with force to remove them too"));
              }
            }
            int64_t removed = 0;
            RETURN_IF_ERROR(RemoveEvents(kind, id, batch, &removed));
            batch->Delete(database_->Family(kind.family), id)
                .PermitUncheckedError();
            NextEtag(batch);
            return absl::OkStatus();
          })
      .status();
}

absl::Status Metrics::RemoveEvents(const ParentKind& kind, absl::string_view id,
                                   rocksdb::WriteBatch* batch,
                                   int64_t* removed) {
  const std::string prefix = absl::StrCat(id, "/");
  CounterBatch counters;
  std::unique_ptr<rocksdb::Iterator> it =
      database_->NewIterator(kind.event_family);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    absl::string_view value(it->value().data(), it->value().size());
    if (kind.event_family == kFlows) {
      v1::FundFlow flow;
      RETURN_IF_ERROR(store::DecodeRecord(value, &flow));
      AddFlowDeltas(flow, id, -1, &counters);
    } else if (kind.event_family == kMeetings) {
      v1::Meeting meeting;
      RETURN_IF_ERROR(store::DecodeRecord(value, &meeting));
      AddMeetingDeltas(meeting, id, -1, &counters);
    }
    batch->Delete(database_->Family(kind.event_family), it->key())
        .PermitUncheckedError();
    ++*removed;
  }
  RETURN_IF_ERROR(store::FromRocksStatus(it->status(), "listing events"));
  return counters.Apply(*database_, "delete", batch);
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
