// Exact int64 counters on RocksDB's merge operator.
//
// A counter is a fixed 8-byte little-endian int64; a write adds a delta as a
// merge operand, so it never reads-modifies-writes the value, and reading a
// total is one point lookup. Merge operators cannot refuse a write, so
// CounterBatch checks overflow before the batch is written (under the
// service's write lock, where the current value cannot move).
#ifndef BUSAN_METRICS_SERVICE_STORE_COUNTERS_H_
#define BUSAN_METRICS_SERVICE_STORE_COUNTERS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class MergeOperator;
class WriteBatch;
}  // namespace rocksdb

namespace busan::store {
class Database;
}  // namespace busan::store

namespace busan::metrics {

// The associative int64 add. Saturation cannot happen: every delta was
// checked against the stored total before it was written.
std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator();

std::string EncodeCounter(int64_t value);
int64_t DecodeCounter(absl::string_view bytes);  // 0 for malformed input

// Reads a counter; 0 when absent.
absl::StatusOr<int64_t> ReadCounter(const store::Database& database,
                                    absl::string_view key);

// The counter changes of one write.
class CounterBatch {
 public:
  // Accumulates `delta`; a sum that leaves int64 is remembered and makes
  // Apply refuse the whole batch.
  void Add(const std::string& key, int64_t delta);

  // Checks every counter's new total, then adds the merge operands to
  // `batch`. OUT_OF_RANGE naming `what` when a total would overflow int64
  // (nothing is added then). Deltas summing to 0 are skipped.
  absl::Status Apply(const store::Database& database, absl::string_view what,
                     rocksdb::WriteBatch* batch) const;

 private:
  std::map<std::string, int64_t> deltas_;
  bool overflowed_ = false;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_STORE_COUNTERS_H_
