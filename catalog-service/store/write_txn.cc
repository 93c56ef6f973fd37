#include "catalog-service/store/write_txn.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/status/status_macros.h"
#include "common/store/counters.h"
#include "common/store/record_codec.h"
#include "common/store/record_store.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace busan::catalog {
namespace {

using google::protobuf::Message;
using google::protobuf::util::TimeUtil;
using store::Change;

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

v1::Revision::Kind RevisionKindOf(Change change) {
  switch (change) {
    case Change::kCreated:
      return v1::Revision::CREATED;
    case Change::kUpdated:
      return v1::Revision::UPDATED;
    case Change::kDeleted:
      return v1::Revision::DELETED;
    case Change::kDerived:
      break;
  }
  return v1::Revision::DERIVED;
}

v1::ChangeEvent::Kind EventKindOf(Change change) {
  switch (change) {
    case Change::kCreated:
      return v1::ChangeEvent::CREATED;
    case Change::kDeleted:
      return v1::ChangeEvent::DELETED;
    default:
      return v1::ChangeEvent::UPDATED;
  }
}

}  // namespace

absl::Status WriteTxn::AddRevision(
    const Entry& entry, const google::protobuf::Timestamp& commit_time) {
  // A deleted record's revision holds it as last committed, like its event.
  const Message* resource =
      entry.current ? entry.current.get() : entry.original.get();
  if (resource == nullptr) return absl::OkStatus();
  // Records only touched share the write's last sequence.
  const uint64_t sequence =
      entry.sequence != 0 ? entry.sequence : last_sequence();
  v1::Revision revision;
  revision.set_name(absl::StrCat(entry.ref.name, "@", sequence));
  revision.set_revision_id(absl::StrCat(sequence));
  revision.set_kind(RevisionKindOf(entry.change));
  *revision.mutable_create_time() = commit_time;
  revision.set_principal(context_.principal);
  revision.set_request_id(context_.request_id);
  revision.set_method(context_.method);
  SetResource(*resource, &revision);
  return revisions_->Add(entry.ref.name, sequence, revision, kv());
}

absl::Status WriteTxn::Build(
    std::vector<std::shared_ptr<const v1::ChangeEvent>>* events) {
  // Every revision and event of the write carries the same commit time.
  const google::protobuf::Timestamp commit_time = ToTimestamp(now());
  store::CounterBatch counts;
  const auto count = [&](Family family, absl::string_view key, int delta) {
    for (const std::string& count_key : CountKeysOf(family, key)) {
      counts.Add(count_key, delta);
    }
  };
  RETURN_IF_ERROR(BuildRecords([&](const Entry& entry) {
    std::vector<std::string> old_keys, new_keys;
    if (entry.original) old_keys = IndexKeys(*entry.original);
    if (entry.current) new_keys = IndexKeys(*entry.current);
    for (const std::string& key : old_keys) {
      if (std::find(new_keys.begin(), new_keys.end(), key) == new_keys.end()) {
        kv()->Delete(kIndex, key);
        count(kIndex, key, -1);
      }
    }
    for (const std::string& key : new_keys) {
      if (std::find(old_keys.begin(), old_keys.end(), key) == old_keys.end()) {
        kv()->Put(kIndex, key, "");
        count(kIndex, key, +1);
      }
    }
    if (!entry.original != !entry.current) {
      count(static_cast<Family>(entry.ref.family), entry.ref.key,
            entry.current ? +1 : -1);
    }
    return AddRevision(entry, commit_time);
  }));

  for (const ChangeRecord& change : changes()) {
    auto event = std::make_shared<v1::ChangeEvent>();
    event->set_sequence(static_cast<int64_t>(change.sequence));
    event->set_kind(EventKindOf(change.change));
    event->set_name(change.name);
    *event->mutable_commit_time() = commit_time;
    // The resource as committed: later derived changes in the same
    // transaction are included.
    const Message* resource =
        change.removed ? change.removed.get() : Current(change.name);
    if (resource != nullptr) SetResource(*resource, event.get());
    kv()->Put(kChanges, SequenceKey(change.sequence),
              store::EncodeRecord(*event));
    events->push_back(std::move(event));
  }
  kv()->Put(kMeta, kLastSequenceKey, absl::StrCat(last_sequence()));
  return AddCounters(kCounts, counts, "listing counts");
}

}  // namespace busan::catalog
