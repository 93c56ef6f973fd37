// Counters: the 8-byte encoding, totals through flushes, compactions and
// reopen, the int64 add merge operator folding the operands an older store
// holds, and CounterBatch's overflow refusal.
#include "common/store/counters.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "common/store/database.h"
#include "common/store/rocks_kv_txn.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::busan::testing::TempDir;
using ::testing::StartsWith;

// The test database: "default", then the counters.
constexpr int kCounters = 1;

// Keys shaped like the services' ("kind/owner/part"); any bytes would do.
std::string CounterKey(const std::string& kind, const std::string& owner,
                       const std::string& part) {
  return kind + "/" + owner + "/" + part;
}

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(CounterCodecTest, RoundTripsEveryInterestingValue) {
  for (int64_t value :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{255}, int64_t{256},
        int64_t{-256}, int64_t{1} << 40, -(int64_t{1} << 40),
        int64_t{1'000'000'000'000}, kMax, kMax - 1, kMin, kMin + 1}) {
    const std::string bytes = EncodeCounter(value);
    ASSERT_EQ(bytes.size(), 8u) << value;
    EXPECT_EQ(DecodeCounter(bytes), value);
  }
}

TEST(CounterCodecTest, IsLittleEndianTwosComplement) {
  EXPECT_EQ(EncodeCounter(1), std::string("\x01\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(EncodeCounter(0x0102), std::string("\x02\x01\0\0\0\0\0\0", 8));
  EXPECT_EQ(EncodeCounter(-1), std::string(8, '\xff'));
  EXPECT_EQ(EncodeCounter(kMin), std::string("\0\0\0\0\0\0\0\x80", 8));
}

TEST(CounterCodecTest, MalformedBytesDecodeAsZero) {
  EXPECT_EQ(DecodeCounter(""), 0);
  EXPECT_EQ(DecodeCounter("1234567"), 0);
  EXPECT_EQ(DecodeCounter("123456789"), 0);
}

class CounterStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    DatabaseOptions options;
    options.path = dir_.Sub("db");
    options.column_families = {{"default", nullptr},
                               {"counters", NewInt64AddOperator()}};
    options.block_cache_bytes = 1 << 20;
    ASSERT_OK_AND_ASSIGN(database_, Database::Open(options));
  }

  void Reopen() {
    database_.reset();
    Open();
  }

  // `counters` added to `batch` through the RocksDB engine's KvTxn.
  absl::Status ApplyTo(const CounterBatch& counters, const char* what,
                       rocksdb::WriteBatch* batch) {
    RocksKvTxn kv(database_.get(), batch);
    return counters.Apply(&kv, kCounters, what);
  }

  // Adds `delta` to `key` through a CounterBatch and writes it.
  void Add(const std::string& key, int64_t delta) {
    CounterBatch counters;
    counters.Add(key, delta);
    rocksdb::WriteBatch batch;
    ASSERT_OK(ApplyTo(counters, "test", &batch));
    ASSERT_OK(database_->Write(&batch));
  }

  // Writes `delta` as a merge operand, as versions before totals were
  // written as values did.
  void AddOperand(const std::string& key, int64_t delta) {
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(
        batch.Merge(database_->Family(kCounters), key, EncodeCounter(delta))
            .ok());
    ASSERT_OK(database_->Write(&batch));
  }

  int64_t Read(const std::string& key) {
    absl::StatusOr<int64_t> value = ReadCounter(*database_, kCounters, key);
    EXPECT_TRUE(value.ok()) << value.status();
    return value.ok() ? *value : -12345;
  }

  void Compact() {
    rocksdb::CompactRangeOptions options;
    ASSERT_TRUE(database_->raw()
                    ->CompactRange(options, database_->Family(kCounters),
                                   nullptr, nullptr)
                    .ok());
  }

  TempDir dir_;
  std::unique_ptr<Database> database_;
};

TEST_F(CounterStoreTest, AbsentCounterReadsZero) {
  EXPECT_EQ(Read(CounterKey("f", "nothing", "1")), 0);
}

TEST_F(CounterStoreTest, TotalsSumThroughFlushCompactionAndReopen) {
  const std::string a = CounterKey("f", "fund-a", "2");
  const std::string b = CounterKey("f", "fund-b", "n");
  int64_t want_a = 0, want_b = 0;
  // Operands spread over memtable, several L0 files, and compacted output.
  for (int round = 0; round < 4; ++round) {
    for (int i = 1; i <= 50; ++i) {
      const int64_t delta = (i % 3 == 0 ? -1 : 1) * (int64_t{i} * 1'000'003);
      Add(a, delta);
      want_a += delta;
      Add(b, 1);
      ++want_b;
    }
    EXPECT_EQ(Read(a), want_a) << "round " << round;
    ASSERT_OK(database_->Flush());
    EXPECT_EQ(Read(a), want_a) << "after flush, round " << round;
    if (round == 2) Compact();
  }
  Add(a, -want_a - 7);  // goes negative
  want_a = -7;
  EXPECT_EQ(Read(a), want_a);
  Compact();
  EXPECT_EQ(Read(a), want_a);
  EXPECT_EQ(Read(b), want_b);
  Add(b, 5);  // left in the memtable / WAL at reopen
  want_b += 5;
  Reopen();
  EXPECT_EQ(Read(a), want_a);
  EXPECT_EQ(Read(b), want_b);
  Compact();
  EXPECT_EQ(Read(a), want_a);
  EXPECT_EQ(Read(b), want_b);
}

// An older store's operands, in files and in the memtable, fold into the
// total that CounterBatch reads and then writes as a value.
TEST_F(CounterStoreTest, OperandsOfAnOlderStoreFoldIntoTheTotal) {
  const std::string key = CounterKey("f", "fund", "2");
  AddOperand(key, 40);
  ASSERT_OK(database_->Flush());
  AddOperand(key, -15);
  AddOperand(key, 3);
  EXPECT_EQ(Read(key), 28);
  Add(key, 2);
  EXPECT_EQ(Read(key), 30);
  AddOperand(key, 5);  // an operand over a value
  EXPECT_EQ(Read(key), 35);
  ASSERT_OK(database_->Flush());
  Compact();
  Reopen();
  EXPECT_EQ(Read(key), 35);
}

TEST_F(CounterStoreTest, TotalsReachTheInt64Extremes) {
  const std::string high = CounterKey("y", "2025", "1");
  const std::string low = CounterKey("y", "2024", "1");
  Add(high, kMax - 1);
  ASSERT_OK(database_->Flush());
  Add(high, 1);
  EXPECT_EQ(Read(high), kMax);
  Add(low, kMin + 1);
  ASSERT_OK(database_->Flush());
  Add(low, -1);
  EXPECT_EQ(Read(low), kMin);
  Compact();
  Reopen();
  EXPECT_EQ(Read(high), kMax);
  EXPECT_EQ(Read(low), kMin);
}

TEST_F(CounterStoreTest, BatchRefusesPositiveOverflowAndAddsNothing) {
  const std::string full = CounterKey("f", "fund", "2");
  const std::string other = CounterKey("f", "fund", "n");
  Add(full, kMax - 10);
  Add(other, 3);

  CounterBatch counters;
  counters.Add(other, 1);  // would be fine on its own
  counters.Add(full, 11);
  rocksdb::WriteBatch batch;
  EXPECT_THAT(
      ApplyTo(counters, "flow.amount_krw", &batch),
      StatusIs(absl::StatusCode::kOutOfRange, StartsWith("flow.amount_krw")));
  EXPECT_EQ(batch.Count(), 0u);
  ASSERT_OK(database_->Write(&batch));
  EXPECT_EQ(Read(full), kMax - 10);
  EXPECT_EQ(Read(other), 3);

  // Exactly reaching the maximum is allowed.
  Add(full, 10);
  EXPECT_EQ(Read(full), kMax);
}

TEST_F(CounterStoreTest, BatchRefusesNegativeOverflowAndAddsNothing) {
  const std::string key = CounterKey("m", "series", "budget");
  Add(key, kMin + 5);
  CounterBatch counters;
  counters.Add(key, -6);
  rocksdb::WriteBatch batch;
  EXPECT_THAT(ApplyTo(counters, "delete", &batch),
              StatusIs(absl::StatusCode::kOutOfRange, StartsWith("delete")));
  EXPECT_EQ(batch.Count(), 0u);
  EXPECT_EQ(Read(key), kMin + 5);
}

TEST_F(CounterStoreTest, BatchChecksEachKeysSummedDeltas) {
  // Two deltas to one key that overflow together (each alone would fit)
  // are one total that overflows: refused, nothing added.
  const std::string key = CounterKey("s", "strategies/s", "1");
  CounterBatch counters;
  counters.Add(key, kMax);
  counters.Add(key, kMax);
  rocksdb::WriteBatch batch;
  EXPECT_THAT(
      ApplyTo(counters, "flow.amount_krw", &batch),
      StatusIs(absl::StatusCode::kOutOfRange, StartsWith("flow.amount_krw")));
  EXPECT_EQ(batch.Count(), 0u);
}

TEST_F(CounterStoreTest, DeltasThatCancelAreSkipped) {
  const std::string key = CounterKey("p", "projects/p", "n");
  Add(key, 4);
  CounterBatch counters;
  counters.Add(key, 9);
  counters.Add(key, -9);
  rocksdb::WriteBatch batch;
  ASSERT_OK(ApplyTo(counters, "test", &batch));
  EXPECT_EQ(batch.Count(), 0u);
  CounterBatch mixed;
  mixed.Add(key, 2);
  mixed.Add(CounterKey("p", "projects/q", "n"), 1);
  rocksdb::WriteBatch two;
  ASSERT_OK(ApplyTo(mixed, "test", &two));
  EXPECT_EQ(two.Count(), 2u);
  ASSERT_OK(database_->Write(&two));
  EXPECT_EQ(Read(key), 6);
  EXPECT_EQ(Read(CounterKey("p", "projects/q", "n")), 1);
}

}  // namespace
}  // namespace busan::store
