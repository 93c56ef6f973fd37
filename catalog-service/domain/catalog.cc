// Catalog plumbing shared by every resource: open, the idempotent atomic
// write, point reads and the change log. Per-resource rules live in
// catalog_{plans,strategies,initiatives,projects}.cc.
#include "catalog-service/domain/catalog.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "catalog-service/domain/validation.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/store/record_codec.h"
#include "common/validation/validators.h"

namespace busan::catalog {

absl::StatusOr<std::unique_ptr<Catalog>> Catalog::Open(
    const CatalogOptions& options) {
  std::unique_ptr<Catalog> catalog(new Catalog(options));
  store::DatabaseOptions db_options;
  db_options.path = options.data_dir;
  db_options.column_families = CatalogColumnFamilies();
  db_options.column_families[kRequests].compaction_filter =
      store::NewRequestExpiryFilter(options.writer.request_retention);
  db_options.env = options.env;
  ASSIGN_OR_RETURN(catalog->database_, store::Database::Open(db_options));
  store::Database* db = catalog->database_.get();
  ASSIGN_OR_RETURN(std::string token_key,
                   store::LoadOrCreateSecret(db, kMeta, kPageTokenKeyKey, 32));
  catalog->tokens_ = std::make_unique<paging::PageTokenCodec>(token_key);

  std::string last;
  absl::Status read = db->Get(kMeta, kLastSequenceKey, &last);
  if (read.ok()) {
    if (!absl::SimpleAtoi(last, &catalog->last_sequence_)) {
      return absl::DataLossError("stored last sequence does not parse");
    }
  } else if (!absl::IsNotFound(read)) {
    return read;
  }
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(kChanges);
  it->SeekToFirst();
  catalog->first_retained_ = it->Valid()
                                 ? SequenceFromKey(absl::string_view(
                                       it->key().data(), it->key().size()))
                                 : catalog->last_sequence_ + 1;
  catalog->hub_.SetLastPublished(catalog->last_sequence_);
  // Last: its commit thread may run writes from here on.
  catalog->writer_ =
      std::make_unique<store::SerializedWriter>(db, kRequests, options.writer);
  return catalog;
}

Catalog::~Catalog() {
  // Its thread publishes to hub_, which is destroyed before writer_.
  if (writer_ != nullptr) writer_->Stop();
}

template <typename Response>
absl::StatusOr<Response> Catalog::Write(
    const WriteContext& context,
    absl::FunctionRef<absl::Status(WriteTxn&, Response*)> body) {
  uint64_t committed_sequence = 0;
  // Shared with the hook that publishes them, which runs once the write is
  // durable (later, when the write is part of a commit group).
  auto events = std::make_shared<std::vector<EventPtr>>();
  return writer_->Write<Response>(
      context,
      [&](rocksdb::WriteBatch* batch, Response* response) -> absl::Status {
        WriteTxn txn(database_.get(), absl::Now(), last_sequence_);
        RETURN_IF_ERROR(body(txn, response));
        txn.Build(batch, events.get());
        committed_sequence = txn.last_sequence();
        return absl::OkStatus();
      },
      [&] {
        last_sequence_ = committed_sequence;
        TrimChangeLog();
      },
      [this, events] { hub_.Publish(*events); });
}

template absl::StatusOr<v1::Plan> Catalog::Write(
    const WriteContext&, absl::FunctionRef<absl::Status(WriteTxn&, v1::Plan*)>);
template absl::StatusOr<v1::Strategy> Catalog::Write(
    const WriteContext&,
    absl::FunctionRef<absl::Status(WriteTxn&, v1::Strategy*)>);
template absl::StatusOr<v1::Initiative> Catalog::Write(
    const WriteContext&,
    absl::FunctionRef<absl::Status(WriteTxn&, v1::Initiative*)>);
template absl::StatusOr<v1::Project> Catalog::Write(
    const WriteContext&,
    absl::FunctionRef<absl::Status(WriteTxn&, v1::Project*)>);
template absl::StatusOr<google::protobuf::Empty> Catalog::Write(
    const WriteContext&,
    absl::FunctionRef<absl::Status(WriteTxn&, google::protobuf::Empty*)>);

void Catalog::TrimChangeLog() {
  // Trim in chunks so the log costs one range delete per chunk of writes.
  constexpr uint64_t kChunk = 1024;
  if (last_sequence_ < options_.change_retention + kChunk ||
      last_sequence_ - options_.change_retention < first_retained_ + kChunk) {
    return;
  }
  const uint64_t keep_from = last_sequence_ - options_.change_retention + 1;
  rocksdb::WriteBatch batch;
  batch
      .DeleteRange(database_->Family(kChanges), SequenceKey(first_retained_),
                   SequenceKey(keep_from))
      .PermitUncheckedError();
  if (database_->Write(&batch).ok()) first_retained_ = keep_from;
}

absl::Status Catalog::ReadChanges(uint64_t after, int limit,
                                  std::vector<v1::ChangeEvent>* events) const {
  if (limit <= 0) return absl::OkStatus();
  std::unique_ptr<rocksdb::Iterator> it = database_->NewIterator(kChanges);
  uint64_t expected = after + 1;
  for (it->Seek(SequenceKey(expected)); it->Valid() && limit > 0;
       it->Next(), --limit, ++expected) {
    v1::ChangeEvent event;
    RETURN_IF_ERROR(store::DecodeRecord(
        absl::string_view(it->value().data(), it->value().size()), &event));
    // A gap means the wanted events were trimmed meanwhile.
    if (static_cast<uint64_t>(event.sequence()) != expected) break;
    events->push_back(std::move(event));
  }
  RETURN_IF_ERROR(store::FromRocksStatus(it->status(), "reading changes"));
  if (events->empty() && it->Valid()) {
    return absl::OutOfRangeError(absl::StrCat(
        "start_after_sequence: changes after ", after,
        " are no longer retained; list again and watch from the latest "
        "sequence"));
  }
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<T> Catalog::UpdateRecord(const T& patch,
                                        const google::protobuf::FieldMask& mask,
                                        ResourceKind kind, const char* field,
                                        absl::Status (*validate)(const T&),
                                        const WriteContext& context) {
  ASSIGN_OR_RETURN(ResourceRef ref,
                   ParseName(absl::StrCat(field, ".name"), patch.name(), kind));
  return Write<T>(context, [&](WriteTxn& txn, T* out) -> absl::Status {
    ASSIGN_OR_RETURN(T * stored, txn.Load<T>(ref));
    RETURN_IF_ERROR(resource::CheckEtag(
        absl::StrCat(field, ".etag"), patch.etag(), stored->etag(), ref.name));
    T updated = *stored;
    RETURN_IF_ERROR(ApplyUpdateMask(patch, mask, &updated));
    RETURN_IF_ERROR(validate(updated));
    *out = *txn.Put(std::move(updated), v1::ChangeEvent::UPDATED);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Plan> Catalog::UpdatePlan(
    const v1::Plan& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return UpdateRecord(patch, mask, ResourceKind::kPlan, "plan", &ValidatePlan,
                      context);
}

absl::StatusOr<v1::Strategy> Catalog::UpdateStrategy(
    const v1::Strategy& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return UpdateRecord(patch, mask, ResourceKind::kStrategy, "strategy",
                      &ValidateStrategy, context);
}

absl::StatusOr<v1::Initiative> Catalog::UpdateInitiative(
    const v1::Initiative& patch, const google::protobuf::FieldMask& mask,
    const WriteContext& context) {
  return UpdateRecord(patch, mask, ResourceKind::kInitiative, "initiative",
                      &ValidateInitiative, context);
}

ListEngine Catalog::Engine() const {
  return ListEngine(database_.get(), tokens_.get());
}

namespace {

template <typename T>
absl::Status GetRecord(const store::Database& db, absl::string_view field,
                       absl::string_view name, ResourceKind kind, T* out) {
  ASSIGN_OR_RETURN(ResourceRef ref, ParseName(field, name, kind));
  absl::Status status = db.GetRecord(ref.family, ref.key, out);
  if (absl::IsNotFound(status)) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return status;
}

}  // namespace

absl::Status Catalog::GetPlan(absl::string_view name, v1::Plan* plan) const {
  return GetRecord(*database_, "name", name, ResourceKind::kPlan, plan);
}
absl::Status Catalog::GetStrategy(absl::string_view name,
                                  v1::Strategy* strategy) const {
  return GetRecord(*database_, "name", name, ResourceKind::kStrategy, strategy);
}
absl::Status Catalog::GetInitiative(absl::string_view name,
                                    v1::Initiative* initiative) const {
  return GetRecord(*database_, "name", name, ResourceKind::kInitiative,
                   initiative);
}
absl::Status Catalog::GetProject(absl::string_view name,
                                 v1::Project* project) const {
  return GetRecord(*database_, "name", name, ResourceKind::kProject, project);
}

absl::Status Catalog::BatchGetProjects(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    v1::BatchGetProjectsResponse* response) const {
  constexpr int kMaxNames = 1000;
  if (names.size() > kMaxNames) {
    return absl::InvalidArgumentError(
        absl::StrCat("names: at most ", kMaxNames, " names"));
  }
  // One snapshot so the batch is a consistent read.
  const std::shared_ptr<const rocksdb::Snapshot> snapshot =
      database_->ReadSnapshot();
  absl::Status status;
  for (int i = 0; i < names.size() && status.ok(); ++i) {
    absl::StatusOr<ResourceRef> ref = ParseName(
        absl::StrCat("names[", i, "]"), names[i], ResourceKind::kProject);
    if (!ref.ok()) {
      status = ref.status();
      break;
    }
    status = database_->GetRecord(kProjects, ref->key, response->add_projects(),
                                  snapshot.get());
    if (absl::IsNotFound(status)) {
      status = absl::NotFoundError(
          absl::StrCat("names[", i, "]: ", names[i], " not found"));
    }
  }
  if (!status.ok()) response->clear_projects();
  return status;
}

}  // namespace busan::catalog
