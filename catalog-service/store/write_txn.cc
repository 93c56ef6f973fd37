#include "catalog-service/store/write_txn.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/store/counters.h"
#include "common/store/database.h"
#include "common/store/record_codec.h"
#include "common/store/record_store.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/write_batch.h"

namespace busan::catalog {
namespace {

using google::protobuf::Message;
using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(time));
}

// Sets the `resource` oneof of a ChangeEvent or a Revision.
template <typename Holder>
void SetResource(const Message& record, Holder* holder) {
  const google::protobuf::Descriptor* type = record.GetDescriptor();
  if (type == v1::Plan::descriptor()) {
    holder->mutable_plan()->CopyFrom(record);
  } else if (type == v1::Strategy::descriptor()) {
    holder->mutable_strategy()->CopyFrom(record);
  } else if (type == v1::Initiative::descriptor()) {
    holder->mutable_initiative()->CopyFrom(record);
  } else {
    holder->mutable_project()->CopyFrom(record);
  }
}

}  // namespace

std::unique_ptr<Message> NewRecord(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kPlan:
      return std::make_unique<v1::Plan>();
    case ResourceKind::kStrategy:
      return std::make_unique<v1::Strategy>();
    case ResourceKind::kInitiative:
      return std::make_unique<v1::Initiative>();
    case ResourceKind::kProject:
      return std::make_unique<v1::Project>();
  }
  return nullptr;
}

WriteTxn::Entry* WriteTxn::Fetch(const ResourceRef& ref, absl::Status* status) {
  auto it = entries_.find(ref.name);
  if (it != entries_.end()) return &it->second;
  Entry entry;
  entry.ref = ref;
  std::unique_ptr<Message> record = NewRecord(ref.kind);
  absl::Status read = store_->Read(ref.family, ref.key, record.get());
  if (read.ok()) {
    entry.original.reset(record->New());
    entry.original->CopyFrom(*record);
    entry.current = std::move(record);
  } else if (!absl::IsNotFound(read)) {
    // Cached as absent, a record that could not be read would let a create
    // overwrite it; the next use reads it again.
    if (read_error_.ok()) read_error_ = read;
    *status = std::move(read);
    return nullptr;
  }
  return &entries_.emplace(ref.name, std::move(entry)).first->second;
}

absl::StatusOr<Message*> WriteTxn::LoadMessage(const ResourceRef& ref) {
  absl::Status status;
  Entry* entry = Fetch(ref, &status);
  if (entry == nullptr) return status;
  if (entry->current == nullptr) {
    return absl::NotFoundError(absl::StrCat(ref.name, " not found"));
  }
  return entry->current.get();
}

absl::StatusOr<bool> WriteTxn::Exists(const ResourceRef& ref) {
  absl::Status status;
  Entry* entry = Fetch(ref, &status);
  if (entry == nullptr) return status;
  return entry->current != nullptr;
}

Message* WriteTxn::PutMessage(const ResourceRef& ref,
                              std::unique_ptr<Message> record,
                              v1::ChangeEvent::Kind kind) {
  const uint64_t sequence = ++last_sequence_;
  // The etag is the sequence of the change that wrote this version: unique
  // across deletes and re-creates, and cheap to compare.
  resource::StampWrite(record.get(), now_, absl::StrCat(sequence),
                       kind == v1::ChangeEvent::CREATED);
  absl::Status unread;
  Entry* fetched = Fetch(ref, &unread);
  // A record that could not be read fails the write in Build; until then
  // the put is kept in an entry of its own.
  Entry& entry = fetched != nullptr ? *fetched : entries_[ref.name];
  if (fetched == nullptr) entry.ref = ref;
  entry.current = std::move(record);
  entry.dirty = true;
  entry.sequence = sequence;
  entry.revision_kind = kind == v1::ChangeEvent::CREATED
                            ? v1::Revision::CREATED
                            : v1::Revision::UPDATED;
  events_.push_back({sequence, kind, ref.name, nullptr});
  return entry.current.get();
}

void WriteTxn::Touch(const ResourceRef& ref) {
  entries_[ref.name].dirty = true;
}

void WriteTxn::Remove(const ResourceRef& ref) {
  Entry& entry = entries_[ref.name];
  // The event carries the resource as readers last saw it (committed), not
  // the derived figures a cascade in this transaction already moved.
  std::unique_ptr<google::protobuf::Message> last;
  if (entry.original) {
    last.reset(entry.original->New());
    last->CopyFrom(*entry.original);
  } else {
    last = std::move(entry.current);
  }
  entry.current.reset();
  entry.sequence = ++last_sequence_;
  entry.revision_kind = v1::Revision::DELETED;
  events_.push_back(
      {entry.sequence, v1::ChangeEvent::DELETED, ref.name, std::move(last)});
  entry.dirty = true;
}

absl::Status WriteTxn::AddRevision(
    const Entry& entry, const google::protobuf::Timestamp& commit_time,
    rocksdb::WriteBatch* batch) {
  // A deleted record's revision holds it as last committed, like its event.
  const Message* resource =
      entry.current ? entry.current.get() : entry.original.get();
  if (resource == nullptr) return absl::OkStatus();
  // Records only touched share the write's last sequence.
  const uint64_t sequence =
      entry.sequence != 0 ? entry.sequence : last_sequence_;
  v1::Revision revision;
  revision.set_name(absl::StrCat(entry.ref.name, "@", sequence));
  revision.set_revision_id(absl::StrCat(sequence));
  revision.set_kind(entry.revision_kind);
  *revision.mutable_create_time() = commit_time;
  revision.set_principal(context_.principal);
  revision.set_request_id(context_.request_id);
  revision.set_method(context_.method);
  SetResource(*resource, &revision);
  return revisions_->Add(entry.ref.name, sequence, revision, batch);
}

absl::Status WriteTxn::Build(
    rocksdb::WriteBatch* batch,
    std::vector<std::shared_ptr<const v1::ChangeEvent>>* events) {
  if (!read_error_.ok()) return read_error_;
  const store::Database& database = store_->database();
  rocksdb::ColumnFamilyHandle* index = database.Family(kIndex);
  // Every revision and event of the write carries the same commit time.
  const google::protobuf::Timestamp commit_time = ToTimestamp(now_);
  store::CounterBatch counts;
  const auto count = [&](Family family, absl::string_view key, int delta) {
    for (const std::string& count_key : CountKeysOf(family, key)) {
      counts.Add(count_key, delta);
    }
  };
  for (auto& [name, entry] : entries_) {
    if (!entry.dirty) continue;
    std::vector<std::string> old_keys, new_keys;
    if (entry.original) old_keys = IndexKeys(*entry.original);
    if (entry.current) new_keys = IndexKeys(*entry.current);
    for (const std::string& key : old_keys) {
      if (std::find(new_keys.begin(), new_keys.end(), key) == new_keys.end()) {
        batch->Delete(index, key).PermitUncheckedError();
        count(kIndex, key, -1);
      }
    }
    for (const std::string& key : new_keys) {
      if (std::find(old_keys.begin(), old_keys.end(), key) == old_keys.end()) {
        batch->Put(index, key, "").PermitUncheckedError();
        count(kIndex, key, +1);
      }
    }
    if (!entry.original != !entry.current) {
      count(entry.ref.family, entry.ref.key, entry.current ? +1 : -1);
    }
    rocksdb::ColumnFamilyHandle* family = database.Family(entry.ref.family);
    if (entry.current) {
      batch->Put(family, entry.ref.key, store::EncodeRecord(*entry.current))
          .PermitUncheckedError();
    } else if (entry.original) {
      batch->Delete(family, entry.ref.key).PermitUncheckedError();
    }
    RETURN_IF_ERROR(AddRevision(entry, commit_time, batch));
  }

  for (PendingEvent& pending : events_) {
    auto event = std::make_shared<v1::ChangeEvent>();
    event->set_sequence(static_cast<int64_t>(pending.sequence));
    event->set_kind(pending.kind);
    event->set_name(pending.name);
    *event->mutable_commit_time() = commit_time;
    // The resource as committed: later derived changes in the same
    // transaction are included.
    const Message* resource = pending.removed
                                  ? pending.removed.get()
                                  : entries_[pending.name].current.get();
    if (resource != nullptr) SetResource(*resource, event.get());
    batch
        ->Put(database.Family(kChanges), SequenceKey(pending.sequence),
              store::EncodeRecord(*event))
        .PermitUncheckedError();
    events->push_back(std::move(event));
  }
  batch
      ->Put(database.Family(kMeta), kLastSequenceKey,
            absl::StrCat(last_sequence_))
      .PermitUncheckedError();
  return counts.Apply(database, kCounts, "listing counts", batch);
}

}  // namespace busan::catalog
