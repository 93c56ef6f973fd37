#include "common/store/record_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/listing/list_engine.h"
#include "common/paging/page_token.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/request_log.h"
#include "rocksdb/write_batch.h"

namespace busan::store {

RecordStore::RecordStore() = default;

RecordStore::~RecordStore() { Stop(); }

void RecordStore::Stop() {
  if (writer_ != nullptr) writer_->Stop();
}

absl::Status RecordStore::Flush() { return database_->Flush(); }

absl::Status RecordStore::OpenStore(const StoreOptions& options,
                                    std::vector<ColumnFamilySpec> families,
                                    int meta_family,
                                    absl::string_view token_key,
                                    int requests_family) {
  DatabaseOptions database_options;
  database_options.column_families = std::move(families);
  database_options.path = options.data_dir;
  database_options.env = options.env;
  database_options.block_cache_bytes = options.block_cache_bytes;
  database_options.write_buffer_bytes = options.write_buffer_bytes;
  database_options.column_families[requests_family].compaction_filter =
      NewRequestExpiryFilter(options.writer.request_retention);
  ASSIGN_OR_RETURN(database_, Database::Open(database_options));
  ASSIGN_OR_RETURN(
      std::string key,
      LoadOrCreateSecret(database_.get(), meta_family, token_key, 32));
  tokens_ = std::make_unique<paging::PageTokenCodec>(key);
  writer_ = std::make_unique<SerializedWriter>(database_.get(), requests_family,
                                               options.writer);
  return absl::OkStatus();
}

absl::Status RecordStore::Read(int family, absl::string_view key,
                               google::protobuf::Message* record) const {
  return database_->GetRecord(family, key, record);
}

absl::Status RecordStore::ReadNamed(int family, absl::string_view key,
                                    absl::string_view name,
                                    google::protobuf::Message* record) const {
  absl::Status status = Read(family, key, record);
  if (absl::IsNotFound(status)) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return status;
}

absl::StatusOr<bool> RecordStore::Contains(int family,
                                           absl::string_view key) const {
  std::string ignored;
  absl::Status status = database_->Get(family, key, &ignored);
  if (absl::IsNotFound(status)) return false;
  if (!status.ok()) return status;
  return true;
}

absl::Status RecordStore::Scan(
    int family, absl::string_view prefix,
    absl::FunctionRef<bool(absl::string_view, absl::string_view)> visit) const {
  std::unique_ptr<rocksdb::Iterator> it = database_->NewIterator(family);
  const rocksdb::Slice start(prefix.data(), prefix.size());
  for (it->Seek(start); it->Valid() && it->key().starts_with(start);
       it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    if (!visit(key.substr(prefix.size()),
               absl::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocksStatus(it->status(), "scanning");
}

absl::Status RecordStore::ReadEach(
    absl::Span<const RecordRef> refs,
    absl::FunctionRef<google::protobuf::Message*(size_t)> into,
    size_t* failed) const {
  const std::shared_ptr<const rocksdb::Snapshot> snapshot =
      database_->ReadSnapshot();
  for (size_t i = 0; i < refs.size(); ++i) {
    absl::Status status = database_->GetRecord(refs[i].family, refs[i].key,
                                               into(i), snapshot.get());
    if (!status.ok()) {
      *failed = i;
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status RecordStore::ListInto(
    const listing::Collection& collection, const listing::ListQuery& query,
    absl::FunctionRef<google::protobuf::Message*()> add,
    absl::FunctionRef<void()> drop, std::string* next_page_token,
    int32_t* total_size) const {
  return listing::ListEngine(database_.get(), tokens_.get())
      .ListInto(collection, query, add, drop, next_page_token, total_size);
}

absl::StatusOr<uint64_t> RecordStore::ReadSequence(
    int family, absl::string_view key) const {
  std::string value;
  absl::Status status = database_->Get(family, key, &value);
  if (absl::IsNotFound(status)) return 0;
  if (!status.ok()) return status;
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(value, &sequence)) {
    return absl::DataLossError(absl::StrCat("stored ", key, " does not parse"));
  }
  return sequence;
}

void RecordStore::PutSequence(int family, absl::string_view key, uint64_t value,
                              KvTxn* kv) {
  kv->Put(family, key, absl::StrCat(value));
}

}  // namespace busan::store
