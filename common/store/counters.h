// Exact int64 counters: the metrics' totals and the catalog's listing
// counts.
//
// A counter is a fixed 8-byte little-endian int64. Writes are serialized
// (one commit thread), so CounterBatch reads each current total, refuses a
// total that would overflow, and writes the new totals as plain values in
// the write's batch: reading a total is one point lookup, however hot the
// counter. (Adding merge operands instead would skip that read, but every
// read would then fold all the operands written since the last compaction:
// at thousands of writes a second to one fund, reads slowed with each
// write.) Stores written by earlier versions hold merge operands; the
// metrics' counter family keeps NewInt64AddOperator() to fold them.
#ifndef BUSAN_COMMON_STORE_COUNTERS_H_
#define BUSAN_COMMON_STORE_COUNTERS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class MergeOperator;
class Snapshot;
}  // namespace rocksdb

namespace busan::store {

class Database;
class KvTxn;

// The associative int64 add. Saturation cannot happen: every delta was
// checked against the stored total before it was written.
std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator();

std::string EncodeCounter(int64_t value);
int64_t DecodeCounter(absl::string_view bytes);  // 0 for malformed input

// Reads a counter of `family` (at `snapshot`, when given); 0 when absent.
absl::StatusOr<int64_t> ReadCounter(
    const Database& database, int family, absl::string_view key,
    const rocksdb::Snapshot* snapshot = nullptr);

// The counter changes of one write.
class CounterBatch {
 public:
  // Accumulates `delta`; a sum that leaves int64 is remembered and makes
  // Apply refuse the whole batch.
  void Add(const std::string& key, int64_t delta);

  // Reads every counter's total through `kv`, checks the new one, then
  // writes them there. OUT_OF_RANGE naming `what` when a total would
  // overflow int64 (nothing is written then). Deltas summing to 0 are
  // skipped.
  absl::Status Apply(KvTxn* kv, int family, absl::string_view what) const;

 private:
  std::map<std::string, int64_t> deltas_;
  bool overflowed_ = false;
};

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_COUNTERS_H_
