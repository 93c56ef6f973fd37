#include "common/store/rocks_kv_txn.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/store/database.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;

class RocksKvTxnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.path = dir_.Sub("db");
    options.column_families = {{"default"}, {"other"}};
    ASSERT_OK_AND_ASSIGN(database_, Database::Open(options));
    rocksdb::WriteBatch batch;
    RocksKvTxn kv(database_.get(), &batch);
    for (const char* key : {"a/1", "a/2", "a/3", "b/1"}) kv.Put(0, key, key);
    kv.Put(1, "a/1", "in the other family");
    ASSERT_OK(database_->Write(&batch));
  }

  // The rests of the keys a scan visits.
  std::vector<std::string> ScanRests(absl::string_view prefix,
                                     absl::string_view start, int most = 10) {
    RocksKvTxn kv(database_.get(), nullptr);
    std::vector<std::string> rests;
    EXPECT_OK(kv.Scan(0, prefix, start,
                      [&](absl::string_view rest, absl::string_view value) {
                        EXPECT_EQ(value, absl::StrCat(prefix, rest));
                        rests.emplace_back(rest);
                        return static_cast<int>(rests.size()) < most;
                      }));
    return rests;
  }

  busan::testing::TempDir dir_;
  std::unique_ptr<Database> database_;
};

TEST_F(RocksKvTxnTest, GetReadsOneFamilysKey) {
  RocksKvTxn kv(database_.get(), nullptr);
  std::string value;
  ASSERT_OK(kv.Get(1, "a/1", &value));
  EXPECT_EQ(value, "in the other family");
  EXPECT_THAT(kv.Get(1, "a/2", &value),
              StatusIs(absl::StatusCode::kNotFound, kNoSuchRecord));
}

TEST_F(RocksKvTxnTest, ScanVisitsThePrefixFromItsStartInOrder) {
  EXPECT_EQ(ScanRests("a/", ""), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(ScanRests("a/", "a/2"), (std::vector<std::string>{"2", "3"}));
  EXPECT_EQ(ScanRests("a/", "", 1), (std::vector<std::string>{"1"}));
  EXPECT_TRUE(ScanRests("c/", "").empty());
}

TEST_F(RocksKvTxnTest, FloorIsTheLastKeyAtOrBeforeWithinThePrefix) {
  RocksKvTxn kv(database_.get(), nullptr);
  std::string key, value;
  ASSERT_OK_AND_ASSIGN(bool found, kv.Floor(0, "a/", "a/25", &key, &value));
  EXPECT_TRUE(found);
  EXPECT_EQ(key, "a/2");
  EXPECT_EQ(value, "a/2");
  ASSERT_OK_AND_ASSIGN(found, kv.Floor(0, "a/", "a/3", &key, &value));
  EXPECT_EQ(key, "a/3");
  ASSERT_OK_AND_ASSIGN(found, kv.Floor(0, "a/", "a/0", &key, &value));
  EXPECT_FALSE(found);
  // a/3 comes before b/0, but not under b/.
  ASSERT_OK_AND_ASSIGN(found, kv.Floor(0, "b/", "b/0", &key, &value));
  EXPECT_FALSE(found);
}

TEST_F(RocksKvTxnTest, WritesWaitForTheBatchAndDeletesRemove) {
  rocksdb::WriteBatch batch;
  RocksKvTxn kv(database_.get(), &batch);
  kv.Put(0, "a/4", "a/4");
  kv.Delete(0, "a/1");
  std::string value;
  // Nothing reaches the database before the writer applies the batch.
  EXPECT_THAT(kv.Get(0, "a/4", &value), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(kv.Get(0, "a/1", &value));
  ASSERT_OK(database_->Write(&batch));
  EXPECT_EQ(ScanRests("a/", ""), (std::vector<std::string>{"2", "3", "4"}));
}

}  // namespace
}  // namespace busan::store
