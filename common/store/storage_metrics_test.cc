#include "common/store/storage_metrics.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace busan::store {
namespace {

using ::testing::Contains;
using ::testing::ContainsRegex;
using ::testing::Not;

TEST(StorageMetricsTest, OneSamplePerFamilyAndGaugeReflectingWrites) {
  busan::testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.Sub("db");
  options.column_families = {{"default", nullptr}, {"records", nullptr}};
  ASSERT_OK_AND_ASSIGN(auto db, Database::Open(options));
  rocksdb::WriteBatch batch;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(batch.Put(db->Family(1), absl::StrCat("k", i), "v").ok());
  }
  ASSERT_OK(db->Write(&batch));

  const std::string before_flush = StorageMetricsText(*db);
  const std::vector<std::string> lines =
      absl::StrSplit(before_flush, '\n', absl::SkipEmpty());
  for (const char* gauge :
       {"busan_rocksdb_estimated_keys", "busan_rocksdb_sst_bytes",
        "busan_rocksdb_memtable_bytes"}) {
    EXPECT_THAT(lines, Contains(absl::StrCat("# TYPE ", gauge, " gauge")));
    EXPECT_THAT(lines, Contains(ContainsRegex(absl::StrCat(
                           "^", gauge, "\\{family=\"default\"\\} [0-9]+$"))));
    EXPECT_THAT(lines, Contains(ContainsRegex(absl::StrCat(
                           "^", gauge, "\\{family=\"records\"\\} [0-9]+$"))));
  }
  // Unflushed writes are in the memtable and counted as keys.
  EXPECT_THAT(lines,
              Contains("busan_rocksdb_estimated_keys{family=\"records\"} 5"));
  EXPECT_THAT(lines, Contains("busan_rocksdb_sst_bytes{family=\"records\"} 0"));

  // After a flush they are in an SST file.
  ASSERT_OK(db->Flush());
  const std::vector<std::string> after =
      absl::StrSplit(StorageMetricsText(*db), '\n', absl::SkipEmpty());
  EXPECT_THAT(after,
              Contains("busan_rocksdb_estimated_keys{family=\"records\"} 5"));
  EXPECT_THAT(after,
              Not(Contains("busan_rocksdb_sst_bytes{family=\"records\"} 0")));
}

}  // namespace
}  // namespace busan::store
