#include "catalog-service/store/revision_log.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/kv_txn.h"
#include "common/store/record_codec.h"
#include "common/store/rocks_status.h"
#include "rocksdb/iterator.h"

namespace busan::catalog {
namespace {

struct Span {
  uint64_t count = 0;
  uint64_t oldest = 0;  // sequence of the oldest retained revision
};

std::string RevisionPrefix(absl::string_view name) {
  return absl::StrCat(name, "@");
}

std::string RevisionKey(absl::string_view name, uint64_t sequence) {
  return absl::StrCat(name, "@", SequenceKey(sequence));
}

uint64_t SequenceOf(const rocksdb::Slice& key, size_t prefix_size) {
  return SequenceFromKey(
      absl::string_view(key.data() + prefix_size, key.size() - prefix_size));
}

bool Under(const rocksdb::Iterator& it, absl::string_view prefix) {
  return it.Valid() &&
         absl::StartsWith(absl::string_view(it.key().data(), it.key().size()),
                          prefix);
}

// The span of `name` stored as `value` (null: none stored yet).
absl::StatusOr<Span> ParseSpan(absl::string_view name,
                               const std::string* value) {
  if (value == nullptr) return Span{};
  if (value->size() != 16) {
    return absl::DataLossError(absl::StrCat("revision span of ", name));
  }
  return Span{SequenceFromKey(*value), SequenceFromKey(value->substr(8))};
}

absl::StatusOr<Span> ReadSpan(const store::Database& database, int family,
                              absl::string_view name,
                              const rocksdb::Snapshot* snapshot) {
  std::string value;
  absl::Status read = database.Get(family, name, &value, snapshot);
  if (absl::IsNotFound(read)) return Span{};
  RETURN_IF_ERROR(read);
  return ParseSpan(name, &value);
}

}  // namespace

absl::Status RevisionLog::Add(absl::string_view name, uint64_t sequence,
                              const v1::Revision& revision,
                              store::KvTxn* kv) const {
  std::string stored;
  absl::Status read = kv->Get(family_, name, &stored);
  if (!read.ok() && !absl::IsNotFound(read)) return read;
  ASSIGN_OR_RETURN(Span span, ParseSpan(name, read.ok() ? &stored : nullptr));
  kv->Put(family_, RevisionKey(name, sequence), store::EncodeRecord(revision));
  if (span.count++ == 0) span.oldest = sequence;
  if (per_resource_ > 0 && span.count > per_resource_) {
    // Trim from the front: the oldest retained key is known, so the scan
    // starts past the tombstones of earlier trims.
    const std::string prefix = RevisionPrefix(name);
    uint64_t left = 0;  // the oldest stored one that stays, if any
    RETURN_IF_ERROR(kv->Scan(family_, prefix, RevisionKey(name, span.oldest),
                             [&](absl::string_view rest, absl::string_view) {
                               if (span.count <= per_resource_) {
                                 left = SequenceFromKey(rest);
                                 return false;
                               }
                               kv->Delete(family_, absl::StrCat(prefix, rest));
                               --span.count;
                               return true;
                             }));
    // What is left of the stored ones, else only the one added here.
    span.oldest = left != 0 ? left : sequence;
  }
  kv->Put(family_, name, SequenceKey(span.count) + SequenceKey(span.oldest));
  return absl::OkStatus();
}

absl::Status RevisionLog::Read(absl::string_view name, uint64_t sequence,
                               v1::Revision* revision) const {
  absl::Status read =
      database_->GetRecord(family_, RevisionKey(name, sequence), revision);
  if (absl::IsNotFound(read)) {
    return absl::NotFoundError(absl::StrCat(name, "@", sequence, " not found"));
  }
  return read;
}

absl::Status RevisionLog::List(absl::string_view name, uint64_t before,
                               std::optional<absl::Time> read_time, int limit,
                               std::vector<v1::Revision>* revisions,
                               uint64_t* next_before) const {
  *next_before = 0;
  // The span and the revisions are read in one consistent view.
  const std::shared_ptr<const rocksdb::Snapshot> snapshot =
      database_->ReadSnapshot();
  ASSIGN_OR_RETURN(const Span span,
                   ReadSpan(*database_, family_, name, snapshot.get()));
  if (span.count == 0 || limit <= 0) return absl::OkStatus();
  const std::string prefix = RevisionPrefix(name);
  std::unique_ptr<rocksdb::Iterator> it =
      database_->NewIterator(family_, snapshot.get());
  // Newest first: from the last key below the bound ('A' follows '@').
  it->SeekForPrev(before == 0 ? absl::StrCat(name, "A")
                              : RevisionKey(name, before - 1));
  uint64_t last_returned = 0;
  for (; Under(*it, prefix); it->Prev()) {
    const uint64_t sequence = SequenceOf(it->key(), prefix.size());
    if (sequence < span.oldest) break;  // trimmed: tombstones from here on
    v1::Revision revision;
    RETURN_IF_ERROR(store::DecodeRecord(
        absl::string_view(it->value().data(), it->value().size()), &revision));
    const bool visible =
        !read_time.has_value() ||
        absl::FromUnixSeconds(revision.create_time().seconds()) +
                absl::Nanoseconds(revision.create_time().nanos()) <=
            *read_time;
    if (visible) {
      if (static_cast<int>(revisions->size()) == limit) {
        *next_before = last_returned;
        break;
      }
      revisions->push_back(std::move(revision));
      last_returned = sequence;
    }
    if (sequence == span.oldest) break;
  }
  return store::FromRocksStatus(it->status(), "reading revisions");
}

}  // namespace busan::catalog
