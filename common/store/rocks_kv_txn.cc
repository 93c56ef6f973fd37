#include "common/store/rocks_kv_txn.h"

#include <memory>

#include "common/status/status_macros.h"
#include "common/store/rocks_status.h"

namespace busan::store {
namespace {

rocksdb::Slice SliceOf(absl::string_view bytes) {
  return rocksdb::Slice(bytes.data(), bytes.size());
}

absl::string_view ViewOf(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace

absl::Status RocksKvTxn::Get(int family, absl::string_view key,
                             std::string* value) {
  return database_->Get(family, key, value);
}

absl::Status RocksKvTxn::Scan(
    int family, absl::string_view prefix, absl::string_view start,
    absl::FunctionRef<bool(absl::string_view, absl::string_view)> visit) {
  std::unique_ptr<rocksdb::Iterator> it = database_->NewIterator(family);
  const rocksdb::Slice under = SliceOf(prefix);
  for (it->Seek(start.empty() ? under : SliceOf(start));
       it->Valid() && it->key().starts_with(under); it->Next()) {
    if (!visit(ViewOf(it->key()).substr(prefix.size()), ViewOf(it->value()))) {
      break;
    }
  }
  return FromRocksStatus(it->status(), "scanning");
}

absl::StatusOr<bool> RocksKvTxn::Floor(int family, absl::string_view prefix,
                                       absl::string_view key,
                                       std::string* found_key,
                                       std::string* value) {
  std::unique_ptr<rocksdb::Iterator> it = database_->NewIterator(family);
  it->SeekForPrev(SliceOf(key));
  RETURN_IF_ERROR(FromRocksStatus(it->status(), "reading"));
  if (!it->Valid() || !it->key().starts_with(SliceOf(prefix))) return false;
  found_key->assign(it->key().data(), it->key().size());
  value->assign(it->value().data(), it->value().size());
  return true;
}

void RocksKvTxn::Put(int family, absl::string_view key,
                     absl::string_view value) {
  batch_->Put(database_->Family(family), SliceOf(key), SliceOf(value))
      .PermitUncheckedError();
}

void RocksKvTxn::Delete(int family, absl::string_view key) {
  batch_->Delete(database_->Family(family), SliceOf(key))
      .PermitUncheckedError();
}

}  // namespace busan::store
