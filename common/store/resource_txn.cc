#include "common/store/resource_txn.h"

#include "absl/strings/str_cat.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/store/counters.h"
#include "common/store/record_codec.h"
#include "common/store/record_store.h"

namespace busan::store {

using google::protobuf::Message;

namespace {

// Copies create_time from `from`, when the type has one: an update keeps
// the time the resource was created, whatever the caller passed.
void KeepCreateTime(const Message& from, Message* to) {
  const google::protobuf::FieldDescriptor* field =
      to->GetDescriptor()->FindFieldByName("create_time");
  if (field == nullptr) return;
  const google::protobuf::Reflection* reflection = to->GetReflection();
  if (reflection->HasField(from, field)) {
    reflection->MutableMessage(to, field)->CopyFrom(
        reflection->GetMessage(from, field));
  }
}

}  // namespace

ResourceTxn::~ResourceTxn() = default;

ResourceTxn::Entry* ResourceTxn::Fetch(const RecordRef& ref,
                                       absl::Status* status) {
  auto it = entries_.find(ref.name);
  if (it != entries_.end()) return &it->second;
  Entry entry;
  entry.ref = ref;
  std::unique_ptr<Message> record(ref.type->New());
  std::string stored;
  absl::Status read = kv_->Get(ref.family, ref.key, &stored);
  if (read.ok()) read = DecodeRecord(stored, record.get());
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

absl::StatusOr<Message*> ResourceTxn::LoadMessage(const RecordRef& ref) {
  absl::Status status;
  Entry* entry = Fetch(ref, &status);
  if (entry == nullptr) return status;
  if (entry->current == nullptr) {
    return absl::NotFoundError(absl::StrCat(ref.name, " not found"));
  }
  return entry->current.get();
}

absl::StatusOr<bool> ResourceTxn::Exists(const RecordRef& ref) {
  absl::Status status;
  Entry* entry = Fetch(ref, &status);
  if (entry == nullptr) return status;
  return entry->current != nullptr;
}

Message* ResourceTxn::PutMessage(const RecordRef& ref,
                                 std::unique_ptr<Message> record,
                                 Change change) {
  const uint64_t sequence = ++last_sequence_;
  absl::Status unread;
  Entry* fetched = Fetch(ref, &unread);
  // A record that could not be read fails the write in Build; until then
  // the put is kept in an entry of its own.
  Entry& entry = fetched != nullptr ? *fetched : entries_[ref.name];
  if (fetched == nullptr) entry.ref = ref;
  resource::StampWrite(record.get(), now_, absl::StrCat(sequence),
                       change == Change::kCreated);
  if (change != Change::kCreated && entry.original != nullptr) {
    KeepCreateTime(*entry.original, record.get());
  }
  entry.current = std::move(record);
  entry.dirty = true;
  entry.sequence = sequence;
  entry.change = change;
  changes_.push_back({sequence, change, ref.name, nullptr});
  return entry.current.get();
}

void ResourceTxn::Touch(const RecordRef& ref) {
  absl::Status unread;
  if (Entry* entry = Fetch(ref, &unread)) entry->dirty = true;
}

void ResourceTxn::Remove(const RecordRef& ref) {
  absl::Status unread;
  Entry* entry = Fetch(ref, &unread);
  if (entry == nullptr) return;  // fails the write in Build
  // The record as readers last saw it (committed), not the derived figures
  // a cascade in this transaction already moved.
  std::unique_ptr<Message> last;
  if (entry->original) {
    last.reset(entry->original->New());
    last->CopyFrom(*entry->original);
  } else {
    last = std::move(entry->current);
  }
  entry->current.reset();
  entry->sequence = ++last_sequence_;
  entry->change = Change::kDeleted;
  entry->dirty = true;
  changes_.push_back(
      {entry->sequence, Change::kDeleted, ref.name, std::move(last)});
}

absl::Status ResourceTxn::AddCounters(int family, const CounterBatch& counters,
                                      absl::string_view what) {
  return counters.Apply(kv_, family, what);
}

const Message* ResourceTxn::Current(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : it->second.current.get();
}

absl::Status ResourceTxn::BuildRecords(
    absl::FunctionRef<absl::Status(const Entry&)> changed) {
  RETURN_IF_ERROR(read_error_);
  for (auto& [name, entry] : entries_) {
    if (!entry.dirty) continue;
    if (entry.current) {
      kv_->Put(entry.ref.family, entry.ref.key, EncodeRecord(*entry.current));
    } else if (entry.original) {
      kv_->Delete(entry.ref.family, entry.ref.key);
    }
    RETURN_IF_ERROR(changed(entry));
  }
  return absl::OkStatus();
}

}  // namespace busan::store
