#include "common/store/storage_metrics.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "busan/internal/v1/internal.pb.h"
#include "common/store/database.h"
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

TEST(WriterMetricsTest, CountsAcknowledgedWritesSyncsAndRefusals) {
  busan::testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.Sub("db");
  options.column_families = {{"default"}, {"requests"}};
  ASSERT_OK_AND_ASSIGN(auto db, Database::Open(options));
  SerializedWriter writer(db.get(), 1, {.max_queued_writes = 3});
  // Held commit thread: three writes queue, a fourth is refused.
  absl::Notification started, release, done;
  writer.Submit(
      [&] {
        started.Notify();
        release.WaitForNotification();
        return absl::OkStatus();
      },
      [](absl::Status) {});
  started.WaitForNotification();
  int completed = 0;
  for (int i = 0; i < 4; ++i) {
    writer.Submit(
        [&db, &writer, i] {
          return writer
              .Write<internal::v1::PageCursor>(
                  {},
                  [&](KvTxn* kv, internal::v1::PageCursor*) {
                    kv->Put(0, absl::StrCat("k", i), "v");
                    return absl::OkStatus();
                  })
              .status();
        },
        [&completed](absl::Status) { ++completed; });
  }
  const std::vector<std::string> queued =
      absl::StrSplit(WriterMetricsText(writer), '\n', absl::SkipEmpty());
  EXPECT_THAT(queued, Contains("busan_write_queue_depth 3"));
  EXPECT_THAT(queued, Contains("busan_writes_refused_total 1"));
  release.Notify();
  writer.Stop();
  const std::vector<std::string> lines =
      absl::StrSplit(WriterMetricsText(writer), '\n', absl::SkipEmpty());
  EXPECT_THAT(lines,
              Contains("# TYPE busan_writes_acknowledged_total counter"));
  // The held job (which wrote nothing, so needed no sync) and the three
  // queued writes, which shared one sync.
  EXPECT_THAT(lines, Contains("busan_writes_acknowledged_total 4"));
  EXPECT_THAT(lines, Contains("busan_write_syncs_total 1"));
  EXPECT_THAT(lines, Contains("busan_write_queue_depth 0"));
}

}  // namespace
}  // namespace busan::store
