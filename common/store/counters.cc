#include "common/store/counters.h"

#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/store/database.h"
#include "common/store/kv_txn.h"
#include "rocksdb/merge_operator.h"

namespace busan::store {
namespace {

class Int64AddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    int64_t sum = existing == nullptr
                      ? 0
                      : DecodeCounter({existing->data(), existing->size()});
    // Deltas were overflow-checked before they were written; wrapping
    // arithmetic here only keeps the operator total if that ever failed.
    sum = static_cast<int64_t>(
        static_cast<uint64_t>(sum) +
        static_cast<uint64_t>(DecodeCounter({value.data(), value.size()})));
    *new_value = EncodeCounter(sum);
    return true;
  }
  const char* Name() const override { return "busan.Int64Add"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator() {
  return std::make_shared<Int64AddOperator>();
}

std::string EncodeCounter(int64_t value) {
  std::string bytes(8, '\0');
  uint64_t bits = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(bits >> (8 * i));
  return bytes;
}

int64_t DecodeCounter(absl::string_view bytes) {
  if (bytes.size() != 8) return 0;
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) {
    bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return static_cast<int64_t>(bits);
}

absl::StatusOr<int64_t> ReadCounter(const Database& database, int family,
                                    absl::string_view key,
                                    const rocksdb::Snapshot* snapshot) {
  std::string value;
  absl::Status status = database.Get(family, key, &value, snapshot);
  if (absl::IsNotFound(status)) return 0;
  if (!status.ok()) return status;
  return DecodeCounter(value);
}

void CounterBatch::Add(const std::string& key, int64_t delta) {
  int64_t& sum = deltas_[key];
  if (__builtin_add_overflow(sum, delta, &sum)) overflowed_ = true;
}

absl::Status CounterBatch::Apply(KvTxn* kv, int family,
                                 absl::string_view what) const {
  const auto overflow = [what] {
    return absl::OutOfRangeError(
        absl::StrCat(what,
                     ": the total would overflow a 64-bit integer; nothing was "
                     "recorded"));
  };
  if (overflowed_) return overflow();
  std::vector<std::pair<const std::string*, int64_t>> totals;
  std::string stored;
  for (const auto& [key, delta] : deltas_) {
    if (delta == 0) continue;
    int64_t current = 0;
    absl::Status read = kv->Get(family, key, &stored);
    if (read.ok()) {
      current = DecodeCounter(stored);
    } else if (!absl::IsNotFound(read)) {
      return read;
    }
    int64_t total;
    if (__builtin_add_overflow(current, delta, &total)) return overflow();
    totals.emplace_back(&key, total);
  }
  for (const auto& [key, total] : totals) {
    kv->Put(family, *key, EncodeCounter(total));
  }
  return absl::OkStatus();
}

}  // namespace busan::store
